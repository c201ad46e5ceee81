import { sql } from 'kysely';
import { TestClient } from '../../../../test/support/client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { createCampaign } from '../../../../test/support/factories/fundraising.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith } from '../../../../test/support/roles.js';
import { createKeyword, createTextNumber, inboundFields, newMessageSid, signedInbound, startTwilioStandIn, type TestNumber, type TwilioStandIn } from '../../../../test/support/factories/text-giving.js';

/**
 * Whole conversations: signed webhooks in, the job queue drained, replies read back from a local
 * stand-in for Twilio's REST API that the official SDK is pointed at.
 */
let t: TestApp;
let twilio: TwilioStandIn;
let number: TestNumber;
const accounts = new Map<string, string>();
let phoneSeq = 1000;
const newPhone = () => `+1514777${String(phoneSeq++).padStart(4, '0')}`;

beforeAll(async () => {
  twilio = await startTwilioStandIn(() => accounts);
  t = await buildTestApp({ env: { FOYER_TWILIO_API_BASE_URL: twilio.url } });
  const org = await createOrganization(t.db, { slug: 'hope', kind: 'foundation', nameEn: 'Hope Foundation', nameFr: 'Fondation Espoir' });
  number = await createTextNumber(t.db, { organizationId: org.id, supportNumber: '+18005550199' });
  accounts.set(number.accountSid, number.authToken);
  const campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'telethon' });
  await createKeyword(t.db, { number, campaignId: campaign.id, keyword: 'GIVE', lang: 'en', flow: 'confirm', amountsCents: [500, 1000, 2500], defaultAmountCents: 1000 });
  await createKeyword(t.db, { number, campaignId: campaign.id, keyword: 'LINK', lang: 'en', flow: 'link', amountsCents: [500, 2500], defaultAmountCents: 2500, confirmWindowMinutes: 15 });
  await createKeyword(t.db, { number, campaignId: campaign.id, keyword: 'DONNER', lang: 'fr', flow: 'confirm', amountsCents: [500, 1000, 2500], defaultAmountCents: 500 });
});
afterAll(async () => {
  await t.close();
  await twilio.close();
});

/** A text from `from`, as Twilio delivers it, then every due job; returns the replies it caused. */
async function text(from: string, body: string, opts: { messageSid?: string } = {}): Promise<string[]> {
  const before = twilio.to(from).length;
  const res = await t.app.inject(signedInbound(number, inboundFields(number, { from, body, messageSid: opts.messageSid ?? newMessageSid() })));
  expect(res.statusCode).toBe(200);
  await t.worker.drain();
  return twilio.to(from).slice(before).map((m) => m.body);
}
const contactOf = async (phoneLast4: string) => t.db.selectFrom('textGivingContacts').selectAll().where('numberId', '=', number.id).where('phoneLast4', '=', phoneLast4).executeTakeFirstOrThrow();
const pledgesOf = async (contactId: string) => t.db.selectFrom('textGivingPledges').selectAll().where('contactId', '=', contactId).orderBy('createdAt').execute();

describe('compliance words', () => {
  it('answers HELP, AIDE and INFO with the foundation, its toll-free line and how to stop', async () => {
    const phone = newPhone();
    const [help] = await text(phone, 'help');
    expect(help).toContain('Hope Foundation');
    expect(help).toContain('+18005550199');
    expect(help).toContain('STOP');
    const [aide] = await text(phone, 'Aide');
    expect(aide).toContain('Fondation Espoir');
    expect(aide).toContain('+18005550199');
    expect(aide).toContain('ARRET');
    // INFO is both languages' word: the contact's language answers (French since AIDE).
    const [info] = await text(phone, 'INFO');
    expect(info).toContain('Fondation Espoir');
  });

  it('opts out at once for every stop word, with one confirmation and nothing ever after', async () => {
    for (const word of ['STOP', 'arret', 'ARRÊT', 'Arrêt', 'end', 'Cancel', 'UNSUBSCRIBE', 'quit']) {
      const phone = newPhone();
      expect(await text(phone, 'HELP'), word).toHaveLength(1);
      const replies = await text(phone, word);
      expect(replies, word).toHaveLength(1);
      expect(replies[0], word).toContain(['arret', 'ARRÊT', 'Arrêt'].includes(word) ? 'désabonné' : 'unsubscribed');
      for (const next of ['HELP', 'GIVE', 'YES', 'STOP', 'AIDE', 'hello']) expect(await text(phone, next), `${word} then ${next}`).toEqual([]);
      const contact = await contactOf(phone.slice(-4));
      expect(contact.optedOutAt).not.toBeNull();
      const consents = await t.db.selectFrom('textGivingConsents').selectAll().where('contactId', '=', contact.id).execute();
      expect(consents.filter((c) => c.kind === 'opt_out')).toHaveLength(1);
      expect(consents[0]!.evidence).toMatchObject({ body: word, numberLast4: number.phoneNumber.slice(-4) });
    }
  });

  it('opts back in with START or UNSTOP, after which giving works again', async () => {
    const phone = newPhone();
    await text(phone, 'STOP');
    const [back] = await text(phone, 'START');
    expect(back).toContain('subscribed again');
    expect((await contactOf(phone.slice(-4))).optedOutAt).toBeNull();
    expect((await text(phone, 'GIVE'))[0]).toContain('reply YES');
    await text(phone, 'stop');
    expect(await text(phone, 'unstop')).toHaveLength(1);
    const kinds = (await t.db.selectFrom('textGivingConsents').select('kind').where('contactId', '=', (await contactOf(phone.slice(-4))).id).orderBy('createdAt').orderBy('id').execute()).map((c) => c.kind);
    expect(kinds).toEqual(['opt_out', 'opt_in', 'opt_out', 'opt_in']);
  });
});

describe('the confirm flow', () => {
  it('asks for YES, confirms within the window, records the pledge and the follow-up consent', async () => {
    const phone = newPhone();
    const [prompt] = await text(phone, 'Give 25');
    expect(prompt).toMatch(/reply YES within 30 min to confirm a \$25 gift to Campaign telethon/);
    const contact = await contactOf(phone.slice(-4));
    expect((await pledgesOf(contact.id)).map((p) => [p.status, p.amountCents, p.flow])).toEqual([['awaiting_confirmation', 2500, 'confirm']]);
    const [thanks] = await text(phone, 'yes');
    expect(thanks).toContain('Your $25 gift');
    const [pledge] = await pledgesOf(contact.id);
    expect(pledge).toMatchObject({ status: 'confirmed' });
    expect(pledge!.confirmedMessageId).not.toBeNull();
    const consent = await t.db.selectFrom('textGivingConsents').selectAll().where('contactId', '=', contact.id).where('kind', '=', 'follow_up').executeTakeFirstOrThrow();
    expect(consent.evidence).toMatchObject({ body: 'yes', pledgeId: pledge!.id, basis: 'confirmed_gift' });
    // A second YES has nothing left to confirm.
    expect((await text(phone, 'YES'))[0]).toContain('no gift to confirm');
  });

  it('answers in the language of the keyword, whatever the program language', async () => {
    const phone = newPhone();
    const [prompt] = await text(phone, 'donner');
    expect(prompt).toMatch(/répondez OUI d’ici 30 min pour confirmer un don de 5\s\$/);
    const [merci] = await text(phone, 'Oui');
    expect(merci).toContain('Merci');
    expect(merci).toContain('Campagne telethon');
  });

  it('does not confirm with a YES after the window', async () => {
    const phone = newPhone();
    await text(phone, 'GIVE 5');
    const contact = await contactOf(phone.slice(-4));
    await t.db.updateTable('textGivingPledges').set({ expiresAt: new Date(Date.now() - 1000) }).where('contactId', '=', contact.id).execute();
    expect((await text(phone, 'YES'))[0]).toContain('expired');
    expect((await pledgesOf(contact.id)).map((p) => p.status)).toEqual(['expired']);
  });

  it('cancels a pledge waiting for YES when STOP arrives, and a later YES confirms nothing', async () => {
    const phone = newPhone();
    await text(phone, 'GIVE 10');
    const contact = await contactOf(phone.slice(-4));
    expect((await pledgesOf(contact.id)).map((p) => p.status)).toEqual(['awaiting_confirmation']);
    expect(await text(phone, 'STOP')).toHaveLength(1);
    expect((await pledgesOf(contact.id)).map((p) => p.status)).toEqual(['cancelled']);
    expect(await text(phone, 'YES')).toEqual([]);
    expect((await pledgesOf(contact.id)).map((p) => p.status)).toEqual(['cancelled']);
  });

  it('refuses amounts the program does not allow, and NO declines', async () => {
    const phone = newPhone();
    const [bad] = await text(phone, 'GIVE 30');
    expect(bad).toContain('$5, $10, $25');
    const contact = await contactOf(phone.slice(-4));
    expect(await pledgesOf(contact.id)).toEqual([]);
    await text(phone, 'GIVE');
    expect((await text(phone, 'no'))[0]).toContain('no gift was made');
    expect((await pledgesOf(contact.id)).map((p) => [p.status, p.amountCents])).toEqual([['cancelled', 1000]]);
  });

  it('answers an unknown word with help, and processes a text once even if its job runs twice', async () => {
    const phone = newPhone();
    expect((await text(phone, 'bonjour'))[0]).toContain('did not recognize');
    const sid = newMessageSid();
    await text(phone, 'GIVE', { messageSid: sid });
    const msg = await t.db.selectFrom('textGivingInboundMessages').selectAll().where('messageSid', '=', sid).executeTakeFirstOrThrow();
    expect(msg.outcome).toBe('pledge_awaiting');
    // Twilio retries after the text was processed: nothing new.
    expect(await text(phone, 'GIVE', { messageSid: sid })).toEqual([]);
    await sql`insert into jobs_queue (id, name, payload) values (gen_random_uuid(), 'text-giving.process-inbound', ${JSON.stringify({ messageId: msg.id })}::jsonb)`.execute(t.db);
    await t.worker.drain();
    expect((await pledgesOf((await contactOf(phone.slice(-4))).id))).toHaveLength(1);
    expect(twilio.to(phone).filter((m) => m.body.includes('reply YES'))).toHaveLength(1);
  });
});

describe('the link flow', () => {
  it('texts a short single-use link that opens the campaign gift form with the amount, attributed to text', async () => {
    const phone = newPhone();
    const [reply] = await text(phone, 'link 5');
    expect(reply).toMatch(/Complete your \$5 gift to Campaign telethon: http:\/\/localhost:3000\/g\/[A-Za-z0-9_-]{16} \(valid 15 min\)/);
    const path = new URL(/http:\/\/\S+/.exec(reply!)![0]).pathname;
    const browser = new TestClient(t.app);
    // Opening it (as a link preview would) spends nothing.
    for (let i = 0; i < 2; i++) {
      const page = await browser.get(path);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('$5.00');
    }
    const go = await browser.post(path);
    expect(go.statusCode).toBe(303);
    const target = new URL(go.headers.location as string, 'http://localhost:3000');
    expect(target.pathname).toBe('/o/hope/give/telethon');
    expect(Object.fromEntries(target.searchParams)).toMatchObject({ amount: '500', channel: 'text', lang: 'en' });
    const contact = await contactOf(phone.slice(-4));
    const [pledge] = await pledgesOf(contact.id);
    expect(pledge).toMatchObject({ status: 'link_used', flow: 'link', amountCents: 500 });
    // The ref is the pledge's id, signed for the gift form.
    expect(target.searchParams.get('ref')).toMatch(new RegExp(`^${pledge!.id}\\.[A-Za-z0-9_-]+$`));
    // Single use: a clear page, and the campaign's gift form still one click away.
    const again = await browser.post(path);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('already used or has expired');
    expect(again.body).toContain('href="/o/hope/give/telethon"');
    expect((await browser.get(path)).statusCode).toBe(410);
  });

  it('refuses an expired link, an unknown one, and a post without its CSRF token', async () => {
    const phone = newPhone();
    const [reply] = await text(phone, 'LINK');
    expect(reply).toContain('$25');
    const path = new URL(/http:\/\/\S+/.exec(reply!)![0]).pathname;
    const browser = new TestClient(t.app);
    expect((await browser.post(path, {}, { csrf: false })).statusCode).toBe(403);
    const contact = await contactOf(phone.slice(-4));
    await t.db.updateTable('textGivingPledges').set({ expiresAt: new Date(Date.now() - 1000) }).where('contactId', '=', contact.id).execute();
    expect((await browser.get(path)).statusCode).toBe(410);
    expect((await browser.post(path)).statusCode).toBe(410);
    expect((await pledgesOf(contact.id)).map((p) => p.status)).toEqual(['link_sent']);
    expect((await browser.get('/g/AAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    expect((await browser.get('/g/<b>x</b>')).statusCode).toBe(404);
    expect((await browser.get(`/g/${'x'.repeat(65)}`)).statusCode).toBe(400);
  });
});

/** A settlement file posted as the browser's upload form does (multipart, CSRF token in the action). */
async function upload(c: TestClient, csv: string | null, opts: { csrf?: boolean } = {}) {
  const form = new FormData();
  if (csv !== null) form.append('file', new Blob([csv], { type: 'text/csv' }), 'settlement.csv');
  const encoded = new Response(form);
  const q = opts.csrf === false ? '' : `?_csrf=${encodeURIComponent(await c.csrfToken())}`;
  return c.request({ method: 'POST', url: `/o/hope/text-giving/settlements${q}`, payload: Buffer.from(await encoded.arrayBuffer()), headers: { 'content-type': encoded.headers.get('content-type')! } });
}

describe('settlements from the billing partner', () => {
  it('marks confirmed pledges paid or failed, reports the unmatched, texts a failure within consent, and is idempotent', async () => {
    const org = await t.db.selectFrom('identityOrganizations').select('id').where('slug', '=', 'hope').executeTakeFirstOrThrow();
    const fundraiser = (await signedInWith(t, { org, roles: ['fundraiser', 'member'] })).client;
    const pledgeFor = async (words: string[]) => {
      const phone = newPhone();
      for (const w of words) await text(phone, w);
      return { phone, pledge: (await pledgesOf((await contactOf(phone.slice(-4))).id))[0]! };
    };
    const paid = await pledgeFor(['GIVE 10', 'YES']);
    const failed = await pledgeFor(['GIVE 5', 'YES']);
    const waiting = await pledgeFor(['GIVE 25']);
    const csv = [
      'reference,status,amount',
      `${paid.pledge.id},paid,10.00`,
      `${failed.pledge.id},failed,5`,
      `${waiting.pledge.id},paid,25.00`,
      `0190f0e0-0000-7000-8000-00000000dead,paid,10.00`,
      `${paid.pledge.id.slice(0, 8)},paid,10.00`,
      `${failed.pledge.id},paid,7.00`,
    ].join('\n');
    const page = await fundraiser.get('/o/hope/text-giving/settlements');
    expect(page.statusCode).toBe(200);
    const res = await upload(fundraiser, csv);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('1 pledge paid');
    expect(res.body).toContain('1 pledge failed');
    expect(res.body).toContain('4 lines unmatched');
    for (const reason of ['The pledge was not confirmed', 'No pledge has this reference', 'The line is not complete or not well formed', 'The amount differs from the pledge']) expect(res.body).toContain(reason);
    const statuses = async () => Object.fromEntries((await t.db.selectFrom('textGivingPledges').select(['id', 'status']).where('id', 'in', [paid.pledge.id, failed.pledge.id, waiting.pledge.id]).execute()).map((p) => [p.id, p.status]));
    expect(await statuses()).toEqual({ [paid.pledge.id]: 'paid', [failed.pledge.id]: 'failed', [waiting.pledge.id]: 'awaiting_confirmation' });
    await t.worker.drain();
    expect(twilio.to(failed.phone).at(-1)?.body).toContain('could not be charged');
    // The same file again changes nothing and texts nobody.
    const sentBefore = twilio.sent.length;
    const again = await upload(fundraiser, csv);
    expect(again.body).toContain('2 lines already settled');
    await t.worker.drain();
    expect(twilio.sent.length).toBe(sentBefore);
  });

  it('refuses a missing, unreadable or wrongly shaped file, people without the role, and a post without CSRF', async () => {
    const org = await t.db.selectFrom('identityOrganizations').select('id').where('slug', '=', 'hope').executeTakeFirstOrThrow();
    const admin = (await signedInWith(t, { org, roles: ['admin', 'member'] })).client;
    for (const csv of [null, '', 'a,b\n1,2', '"unclosed,paid,10']) {
      const res = await upload(admin, csv);
      expect(res.statusCode, String(csv)).toBe(400);
      expect(res.body, String(csv)).toContain('id="f-file-error"');
    }
    expect((await upload(admin, 'reference,status,amount\n', { csrf: false })).statusCode).toBe(403);
    const staff = (await signedInWith(t, { org, roles: ['staff', 'member'] })).client;
    expect((await staff.get('/o/hope/text-giving/settlements')).statusCode).toBe(403);
    expect((await upload(staff, 'reference,status,amount\n')).statusCode).toBe(403);
    expect((await new TestClient(t.app).get('/o/hope/text-giving/settlements')).statusCode).toBe(303);
  });
});

describe('order of a donor’s texts', () => {
  it('reads a YES only after the GIVE that came before it, even when the GIVE’s processing is held up', async () => {
    const phone = newPhone();
    await t.app.inject(signedInbound(number, inboundFields(number, { from: phone, body: 'GIVE 10' })));
    const give = await t.db.selectFrom('textGivingInboundMessages').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    // The GIVE's job is held by a worker that died (its lock has not lapsed yet).
    await sql`update jobs_queue set status = 'running', locked_until = now() + interval '5 minutes' where dedupe_key = ${`text-giving.process-inbound:${give.id}`}`.execute(t.db);
    await t.app.inject(signedInbound(number, inboundFields(number, { from: phone, body: 'YES' })));
    await t.worker.drain();
    expect(twilio.to(phone)).toEqual([]);
    // The lock lapses: GIVE is read, then YES in its turn.
    await sql`update jobs_queue set locked_until = now() - interval '1 second' where dedupe_key = ${`text-giving.process-inbound:${give.id}`}`.execute(t.db);
    await sql`update jobs_queue set run_at = now() where status = 'pending' and name = 'text-giving.process-inbound'`.execute(t.db);
    await t.worker.drain();
    expect((await pledgesOf((await contactOf(phone.slice(-4))).id)).map((p) => p.status)).toEqual(['confirmed']);
    expect(twilio.to(phone).map((m) => m.body)).toEqual([expect.stringContaining('reply YES'), expect.stringContaining('is confirmed')]);
  });
});

describe('the telethon board', () => {
  it('shows staff the totals by channel, and streams new totals as texts are confirmed', async () => {
    const org = await t.db.selectFrom('identityOrganizations').select('id').where('slug', '=', 'hope').executeTakeFirstOrThrow();
    const staff = (await signedInWith(t, { org, roles: ['staff', 'member'] })).client;
    const page = await staff.get('/o/hope/text-giving/board');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Campaign telethon');
    expect(page.body).toContain('data-board-events="/o/hope/text-giving/board/events"');
    expect(page.body).toContain('src="/assets/text-giving-board.js"');
    const textCount = async () => Number((await t.db.selectFrom('textGivingPledges').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['confirmed', 'paid']).executeTakeFirstOrThrow()).n);
    const before = await textCount();
    expect(page.body).toMatch(new RegExp(`data-field="textCount">${before}<`));

    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const cookie = [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const abort = new AbortController();
    const res = await fetch(`${base}/o/hope/text-giving/board/events`, { headers: { cookie }, signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const events: { rows: { textCount: string }[] }[] = [];
    let buffer = '';
    const nextEvent = async () => {
      for (;;) {
        const m = /event: totals\ndata: (.*)\n\n/.exec(buffer);
        if (m) {
          buffer = buffer.slice(m.index + m[0].length);
          events.push(JSON.parse(m[1]!));
          return events.at(-1)!;
        }
        const { value } = await reader.read();
        buffer += new TextDecoder().decode(value);
      }
    };
    expect((await nextEvent()).rows[0]!.textCount).toBe(String(before));
    const phone = newPhone();
    await text(phone, 'GIVE 10');
    await text(phone, 'YES');
    expect((await nextEvent()).rows[0]!.textCount).toBe(String(before + 1));
    abort.abort();
    // Everyone else: no board.
    expect((await (await signedInWith(t, { org, roles: ['member'] })).client.get('/o/hope/text-giving/board')).statusCode).toBe(403);
    expect((await (await signedInWith(t, { org, roles: ['communicator', 'member'] })).client.get('/o/hope/text-giving/board/events')).statusCode).toBe(403);
    expect((await new TestClient(t.app).get('/o/hope/text-giving/board')).statusCode).toBe(303);
  });
});

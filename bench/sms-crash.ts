import { hex, seedProgram, signedText, startSmsServer, throwAwayDatabase, type Program } from './sms-surge.js';
import { startTwilioStandIn } from '../test/support/factories/text-giving.js';

/**
 * kill -9 in the middle of a surge. Donors text GIVE 10 then YES; the app process is killed
 * while texts arrive, restarted on the same PostgreSQL database, and every text without a 2xx
 * is sent again with its MessageSid (as Twilio retries), plus a share of answered ones. Then:
 * every answered text is stored exactly once, and every donor's YES is one confirmed pledge.
 */
const DONORS = 2000;
const CONCURRENCY = 48;
const KILL_AFTER_MS = 4000;
const RESEND_ANSWERED_SHARE = 0.1;
/**
 * A killed worker's job leases lapse within 30 s (the queue's lease, renewed only by a live
 * worker); the wait covers that plus the reply backlog on two shared cores.
 */
const DRAIN_TIMEOUT_MS = 240_000;

type Text = { sid: string; from: string; body: string; answered: boolean };
type Donor = { give: Text; yes: Text };

async function post(base: string, publicUrl: string, program: Program, t: Text): Promise<boolean> {
  const s = signedText(program, publicUrl, t);
  try {
    const res = await fetch(`${base}${s.path}`, { method: 'POST', body: s.body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': s.signature }, signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}

/** Each donor's GIVE, then (once GIVE is answered) YES; with `resend`, also texts already answered. */
async function sendAll(base: string, publicUrl: string, program: Program, donors: Donor[], opts: { stopOnFailure: boolean; resendAnswered?: (t: Text) => boolean }) {
  let next = 0;
  let stop = false;
  const one = async (t: Text) => {
    if (t.answered && !opts.resendAnswered?.(t)) return true;
    const ok = await post(base, publicUrl, program, t);
    if (ok) t.answered = true;
    return ok;
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (!stop && next < donors.length) {
        const d = donors[next++]!;
        if (!(await one(d.give))) {
          if (opts.stopOnFailure) stop = true;
          continue;
        }
        if (!(await one(d.yes)) && opts.stopOnFailure) stop = true;
      }
    }),
  );
}

export async function run() {
  const db = await throwAwayDatabase();
  const accounts = new Map<string, string>();
  const stand = await startTwilioStandIn(() => accounts);
  const servers: { stop(): Promise<void> }[] = [];
  try {
    const first = await startSmsServer(db.url, stand.url);
    servers.push(first);
    const program = await seedProgram(db.pool);
    accounts.set(program.accountSid, program.authToken);
    const donors: Donor[] = Array.from({ length: DONORS }, (_, i) => {
      const from = `+1514${String(2_000_000 + i).padStart(7, '0')}`;
      return { give: { sid: `SM${hex(32)}`, from, body: 'GIVE 10', answered: false }, yes: { sid: `SM${hex(32)}`, from, body: 'YES', answered: false } };
    });
    const surge = sendAll(first.url, first.publicUrl, program, donors, { stopOnFailure: true });
    await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS));
    process.kill(first.pid, 'SIGKILL');
    const killedAt = Date.now();
    await surge;
    const answeredBeforeKill = donors.flatMap((d) => [d.give, d.yes]).filter((t) => t.answered).length;
    console.log(`killed with kill -9 after ${KILL_AFTER_MS} ms; ${answeredBeforeKill} texts had a 2xx`);
    await first.stop();
    servers.shift();

    const second = await startSmsServer(db.url, stand.url);
    servers.push(second);
    console.log(`restarted in ${Date.now() - killedAt} ms; Twilio's retries and the rest of the surge`);
    const answeredSnapshot = new Set(donors.flatMap((d) => [d.give, d.yes]).filter((t) => t.answered).map((t) => t.sid));
    let resent = 0;
    await sendAll(second.url, second.publicUrl, program, donors, { stopOnFailure: false, resendAnswered: () => (Math.random() < RESEND_ANSWERED_SHARE ? (resent++, true) : false) });
    const unanswered = donors.flatMap((d) => [d.give, d.yes]).filter((t) => !t.answered).length;

    console.log('waiting for the job queue to process every text (a killed worker’s job leases lapse within 30 s)');
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      const left = Number((await db.pool.query(`select count(*) as n from jobs_queue where name = 'text-giving.process-inbound' and status in ('pending', 'running')`)).rows[0].n);
      if (left === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }

    const answeredSids = donors.flatMap((d) => [d.give, d.yes]).filter((t) => t.answered).map((t) => t.sid);
    const rows = (await db.pool.query<{ message_sid: string; n: string }>(`select message_sid, count(*) as n from text_giving_inbound_messages group by message_sid`)).rows;
    const stored = new Map(rows.map((r) => [r.message_sid, Number(r.n)]));
    const lost = answeredSids.filter((sid) => !stored.has(sid)).length;
    const doubledTexts = [...stored.values()].filter((n) => n > 1).length;
    const unprocessed = Number((await db.pool.query(`select count(*) as n from text_giving_inbound_messages where processed_at is null`)).rows[0].n);
    const pledges = (await db.pool.query<{ contact_id: string; n: string; cents: string }>(`select contact_id, count(*) as n, sum(amount_cents) as cents from text_giving_pledges where status = 'confirmed' and campaign_id = $1 group by contact_id`, [program.campaignId])).rows;
    const confirmedPledges = pledges.reduce((a, p) => a + Number(p.n), 0);
    const totalCents = pledges.reduce((a, p) => a + Number(p.cents), 0);
    const donorsConfirmed = donors.filter((d) => d.yes.answered).length;
    const doubledPledges = pledges.filter((p) => Number(p.n) > 1).length;
    // A YES still waiting in the durable queue (behind the replies) is late, not lost.
    const yesStillQueued = Number((await db.pool.query(`select count(*) as n from text_giving_inbound_messages m where m.processed_at is null and m.body = 'YES' and exists (select 1 from jobs_queue j where j.payload->>'messageId' = m.id::text and j.status = 'pending')`)).rows[0].n);
    const lostPledges = donorsConfirmed - pledges.length - yesStillQueued;
    console.log(`lost texts: ${lost}; doubled texts: ${doubledTexts}; lost pledges: ${lostPledges}; doubled pledges: ${doubledPledges}`);
    if (unprocessed > 0) {
      const stuck = await db.pool.query(
        `select m.id, m.body, m.received_at, j.status, j.attempts, j.run_at, j.locked_until, j.last_error from text_giving_inbound_messages m left join jobs_queue j on j.payload->>'messageId' = m.id::text where m.processed_at is null order by m.id, j.created_at`,
      );
      console.log('unprocessed texts and their jobs:', JSON.stringify(stuck.rows));
    }
    return {
      target: 'kill -9 mid-surge, restart, Twilio retries (PostgreSQL)',
      donors: DONORS,
      textsSent: DONORS * 2,
      answeredBeforeKill,
      answeredBeforeKillStillStored: [...answeredSnapshot].filter((sid) => stored.has(sid)).length,
      answeredTexts: answeredSids.length,
      resentAlreadyAnswered: resent,
      neverAnswered: unanswered,
      storedTexts: stored.size,
      lostTexts: lost,
      doubledTexts,
      unprocessedTexts: unprocessed,
      donorsWhoseYesWasAnswered: donorsConfirmed,
      yesStillQueuedAtEnd: yesStillQueued,
      drainedWithinSeconds: Math.round(DRAIN_TIMEOUT_MS / 1000),
      confirmedPledges,
      campaignTotalCents: totalCents,
      expectedTotalCents: (donorsConfirmed - yesStillQueued) * 1000,
      lostPledges,
      doubledPledges,
      verdict: lost === 0 && doubledTexts === 0 && lostPledges === 0 && doubledPledges === 0 && totalCents === (donorsConfirmed - yesStillQueued) * 1000 ? 'zero lost, zero doubled' : 'FAILED',
    };
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    await stand.close();
    await db.drop();
  }
}

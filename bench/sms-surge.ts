import { randomBytes } from 'node:crypto';
import pg from 'pg';
import twilio from 'twilio';
import { createSealer } from '../src/modules/identity/index.js';
import { inboundPath } from '../src/modules/text-giving/index.js';
import { newId } from '../src/platform/db/ids.js';
import { openLoop, startServer, type RunningServer } from './support.js';
import { startTwilioStandIn } from '../test/support/factories/text-giving.js';

/**
 * Signed Twilio inbound webhooks on loopback, at increasing rates, to one app process on a
 * throw-away PostgreSQL database; then the target rate held. Each request is a new text
 * (unique MessageSid), stored before its 200. The load is open-loop (bench/support.ts
 * `openLoop`): texts arrive evenly at the offered rate, and a step whose p99 passes 100 ms or
 * whose answered rate falls 5 % short of the offered one is where the app saturates.
 */
export const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const STEP_SECONDS = 10;
const RATES = [250, 500, 1000, 1500, 2000, 2500, 3000];
const SUSTAIN_RATE = 2000;
const SUSTAIN_SECONDS = Number(process.env.SMS_SURGE_SECONDS ?? 60);
// Enough connections that the offered rate, not the round trip of each connection, sets the pace.
const CONNECTIONS = 128;

export const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);

export type Program = { numberId: string; accountSid: string; authToken: string; phoneNumber: string; campaignId: string; organizationId: string };

/** A database of its own, dropped afterwards. */
export async function throwAwayDatabase(): Promise<{ url: string; pool: pg.Pool; drop(): Promise<void> }> {
  const name = `foyer_bench_sms_${hex(8)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A foundation with one Twilio number (sealed as the app seals it) and a confirm-flow keyword. */
export async function seedProgram(pool: pg.Pool): Promise<Program> {
  const sealer = createSealer(SECRET);
  const organizationId = newId();
  const numberId = newId();
  const campaignId = newId();
  const accountSid = `AC${hex(32)}`;
  const authToken = hex(32);
  const phoneNumber = '+15145550100';
  await pool.query(`insert into identity_organizations (id, slug, name_en, name_fr, kind) values ($1, 'bench', 'Bench Foundation', 'Fondation Banc', 'foundation')`, [organizationId]);
  await pool.query(
    `insert into text_giving_numbers (id, organization_id, label, phone_number_sealed, phone_number_last4, account_sid_sealed, auth_token_sealed, support_number, program_lang, sends_per_second)
     values ($1, $2, 'Telethon', $3, '0100', $4, $5, '+18005550199', 'en', 100)`,
    [numberId, organizationId, sealer.seal(phoneNumber), sealer.seal(accountSid), sealer.seal(authToken)],
  );
  await pool.query(
    `insert into fundraising_campaigns (id, organization_id, slug, title_en, title_fr, story_en, story_fr, goal_cents, starts_on, suggested_amounts_cents)
     values ($1, $2, 'telethon', 'Telethon', 'Téléthon', 'Our telethon.', 'Notre téléthon.', 100000000, current_date - 1, '[500, 1000, 2500]')`,
    [campaignId, organizationId],
  );
  await pool.query(
    `insert into text_giving_keywords (id, organization_id, number_id, campaign_id, keyword, lang, flow, amounts_cents, default_amount_cents, confirm_window_minutes)
     values ($1, $2, $3, $4, 'GIVE', 'en', 'confirm', '{500,1000,2500}', 1000, 60)`,
    [newId(), organizationId, numberId, campaignId],
  );
  return { numberId, accountSid, authToken, phoneNumber, campaignId, organizationId };
}

/** Twilio's form fields for one inbound text, and the signature the SDK computes for them. */
export function signedText(program: Program, publicUrl: string, m: { sid: string; from: string; body: string }) {
  const fields: Record<string, string> = {
    ToCountry: 'CA', SmsMessageSid: m.sid, NumMedia: '0', SmsSid: m.sid, SmsStatus: 'received', Body: m.body, FromCountry: 'CA',
    To: program.phoneNumber, NumSegments: '1', MessageSid: m.sid, AccountSid: program.accountSid, From: m.from, ApiVersion: '2010-04-01',
  };
  const signature = twilio.getExpectedTwilioSignature(program.authToken, `${publicUrl}${inboundPath(program.numberId)}`, fields);
  return { body: new URLSearchParams(fields).toString(), signature, path: inboundPath(program.numberId) };
}

export async function startSmsServer(dbUrl: string, twilioUrl: string): Promise<RunningServer & { publicUrl: string }> {
  const server = await startServer({ DATABASE_URL: dbUrl, FOYER_SEED_DEMO: 'false', FOYER_SECRET: SECRET, FOYER_TWILIO_API_BASE_URL: twilioUrl });
  // FOYER_PUBLIC_URL is unset, so the app signs against http://localhost:<port>.
  return { ...server, publicUrl: `http://localhost:${new URL(server.url).port}` };
}

let seq = 0;
async function surge(server: { url: string; publicUrl: string }, program: Program, rate: number, seconds: number) {
  // Every text is signed before the clock starts, so the load generator (on the same two cores)
  // spends its time sending, not computing HMACs.
  const texts = Array.from({ length: Math.round(rate * seconds) }, () => {
    const n = seq++;
    return signedText(program, server.publicUrl, { sid: `SM${hex(24)}${n.toString(16).padStart(8, '0')}`, from: `+1438${String(n % 10_000_000).padStart(7, '0')}`, body: 'GIVE 10' });
  });
  let next = 0;
  return openLoop({
    origin: server.url,
    connections: CONNECTIONS,
    rate,
    seconds,
    next: () => {
      const s = texts[next++];
      if (!s) throw new Error(`ran out of the ${texts.length} signed texts`);
      return { method: 'POST', path: s.path, body: s.body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': s.signature } };
    },
  });
}

export async function run() {
  const db = await throwAwayDatabase();
  const stand = await startTwilioStandIn(() => accounts);
  const accounts = new Map<string, string>();
  let server: (RunningServer & { publicUrl: string }) | undefined;
  try {
    server = await startSmsServer(db.url, stand.url);
    const program = await seedProgram(db.pool);
    accounts.set(program.accountSid, program.authToken);
    console.log(`warming up for 10 s`);
    await surge(server, program, 500, 10);
    const steps = [];
    let saturation: number | string = `>${RATES.at(-1)}`;
    for (const rate of RATES) {
      const step = await surge(server, program, rate, STEP_SECONDS);
      console.log(JSON.stringify(step));
      steps.push(step);
      if (step.achieved < rate * 0.95 || step.p99 > 100 || step.non2xx > 0 || step.errors > 0) {
        saturation = rate;
        break;
      }
    }
    console.log(`holding ${SUSTAIN_RATE}/s for ${SUSTAIN_SECONDS} s`);
    const sustained = await surge(server, program, SUSTAIN_RATE, SUSTAIN_SECONDS);
    console.log(JSON.stringify(sustained));
    const stored = Number((await db.pool.query('select count(*) as n from text_giving_inbound_messages')).rows[0].n);
    // While texts arrive faster than 200 a second the job worker gives way to the webhook; once
    // they stop it works through what was stored at its own pace. Measured over 20 s after the surge.
    const processed = async () => Number((await db.pool.query('select count(*) as n from text_giving_inbound_messages where processed_at is not null')).rows[0].n);
    const processedAtEnd = await processed();
    const AFTER_SECONDS = 20;
    await new Promise((resolve) => setTimeout(resolve, AFTER_SECONDS * 1000));
    const processedAfter = await processed();
    const afterRate = Math.round((processedAfter - processedAtEnd) / AFTER_SECONDS);
    console.log(`processed ${processedAtEnd} of ${stored} stored texts by the end of the surge; ${afterRate}/s in the ${AFTER_SECONDS} s after`);
    const answered = steps.reduce((a, s) => a + s.total - s.non2xx, 0) + sustained.total - sustained.non2xx;
    return {
      target: 'POST signed Twilio inbound webhook (PostgreSQL)',
      connections: CONNECTIONS,
      stepSeconds: STEP_SECONDS,
      steps: steps.map((s) => `${s.rate}/s→${s.achieved}/s p99 ${s.p99}ms`).join('; '),
      saturationRate: saturation,
      sustainedTargetRate: SUSTAIN_RATE,
      sustainedSeconds: SUSTAIN_SECONDS,
      sustainedAchievedRate: sustained.achieved,
      sustainedP50Ms: sustained.p50,
      sustainedP99Ms: sustained.p99,
      sustainedMaxMs: sustained.max,
      sustainedNon2xx: sustained.non2xx,
      sustainedErrors: sustained.errors,
      answeredAtLeast: answered,
      storedTexts: stored,
      processedBySurgeEnd: processedAtEnd,
      processedPerSecAfterSurge: afterRate,
      backlogDrainSecondsEstimate: afterRate > 0 ? Math.round((stored - processedAfter) / afterRate) + AFTER_SECONDS : null,
      serverRssMb: server.rssMb(),
    };
  } finally {
    await server?.stop();
    await stand.close();
    await db.drop();
  }
}

import autocannon from 'autocannon';
import pg from 'pg';
import Stripe from 'stripe';
import { startServer } from './support.js';

const WARMUP_SECONDS = 3;
const SECONDS = 15;
const CONNECTIONS = 50;
const GIFTS = 60_000;
/** One delivery in this many repeats an earlier event, as Stripe's retries do. */
const REPLAY_EVERY = 10;
const WEBHOOK_SECRET = 'whsec_benchmark0123456789';
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

type Sent = { giftId: string; amountCents: number; body: string };

/**
 * Signed Stripe webhook confirmations against the real server on PostgreSQL: each verified
 * event records a pending gift as succeeded, moves the campaign total and queues the thank-you
 * and receipt jobs in one transaction. Some deliveries are replays. Afterwards every gift,
 * total and job is counted against what was sent.
 */
export async function run() {
  const dbName = `foyer_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  // The worker is kept nearly idle (one poll a minute) so that the figures are those of recording, not of rendering receipts.
  const server = await startServer({ DATABASE_URL: databaseUrl, FOYER_STRIPE_SECRET_KEY: 'sk_test_benchmark', FOYER_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, FOYER_JOBS_POLL_MS: '60000' });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const campaign = (await db.query<{ id: string; organization_id: string }>(`select id, organization_id from fundraising_campaigns where slug = 'paediatric-wing'`)).rows[0]!;
    await db.query(
      `insert into fundraising_gifts (id, organization_id, campaign_id, status, channel, method, amount_cents, donor_email, donor_first_name, donor_last_name,
         donor_address_line1, donor_city, donor_province, donor_postal_code, gateway, gateway_payment_id, received_on)
       select gen_random_uuid(), $1, $2, 'pending', 'web', 'card', 500 + (n % 50) * 100, 'bench' || n || '@example.ca', 'Bench', 'Donor ' || n,
         '1 Main St', 'Ottawa', 'ON', 'K1A 0B1', 'stripe', 'cs_bench_' || n, current_date
       from generate_series(1, $3::int) as n`,
      [campaign.organization_id, campaign.id, GIFTS],
    );
    const gifts = (await db.query<{ id: string; amount_cents: number }>(`select id, amount_cents::int as amount_cents from fundraising_gifts where status = 'pending' and gateway_payment_id like 'cs_bench_%' order by id`)).rows;
    const before = (await db.query<{ raised_cents: number; gift_count: number }>(`select coalesce(sum(raised_cents), 0)::float8 as raised_cents, coalesce(sum(gift_count), 0)::int as gift_count from fundraising_campaign_tallies where campaign_id = $1`, [campaign.id])).rows[0]!;

    let next = 0;
    let replays = 0;
    const sent: Sent[] = [];
    const confirmed = new Map<string, number>();
    const event = (g: { id: string; amount_cents: number }, n: number) =>
      JSON.stringify({ id: `evt_bench_${n}`, object: 'event', type: 'checkout.session.completed', created: Math.floor(Date.now() / 1000), livemode: false,
        data: { object: { id: `cs_bench_${n}`, object: 'checkout.session', payment_status: 'paid', payment_intent: `pi_bench_${n}`, amount_total: g.amount_cents, currency: 'cad', metadata: { giftId: g.id } } } });
    const setupRequest = (req: autocannon.Request): autocannon.Request => {
      let body: string;
      if (sent.length > 0 && (next + replays) % REPLAY_EVERY === 0) {
        body = sent[Math.floor(Math.random() * sent.length)]!.body;
        replays++;
      } else {
        const g = gifts[next];
        if (!g) throw new Error(`ran out of the ${GIFTS} prepared gifts`);
        body = event(g, next);
        sent.push({ giftId: g.id, amountCents: g.amount_cents, body });
        next++;
      }
      const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
      return { ...req, method: 'POST', path: '/api/v1/fundraising/webhooks/stripe', body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
    };
    const onResponse = (status: number, body: string) => {
      if (status !== 200) return;
      const outcome = (JSON.parse(body) as { outcome: string }).outcome;
      confirmed.set(outcome, (confirmed.get(outcome) ?? 0) + 1);
    };
    const requests = [{ setupRequest, onResponse: (status: number, body: string) => onResponse(status, body) }];

    console.log(`warming up for ${WARMUP_SECONDS} s`);
    await autocannon({ url: server.url, connections: CONNECTIONS, duration: WARMUP_SECONDS, requests });
    console.log(`measuring signed webhook confirmations for ${SECONDS} s with ${CONNECTIONS} connections`);
    const startSent = sent.length;
    const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: SECONDS, requests });

    // Deliveries cut off when the run stopped are retried, as Stripe retries unanswered events;
    // each of those is a replay (or the first delivery, if it never arrived).
    const retry = [...new Map(sent.map((s) => [s.giftId, s])).values()];
    let retried = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let s = retry.pop(); s; s = retry.pop()) {
          const res = await fetch(`${server.url}/api/v1/fundraising/webhooks/stripe`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: s.body, secret: WEBHOOK_SECRET }) },
            body: s.body,
          });
          const outcome = ((await res.json()) as { outcome?: string }).outcome;
          if (outcome !== 'replayed') retried++;
        }
      }),
    );

    // Count after the run: every distinct gift sent is succeeded exactly once, nothing else moved.
    const sentIds = [...new Set(sent.map((s) => s.giftId))];
    const expectedCents = sent.reduce((sum, s) => sum + s.amountCents, 0);
    const counts = (
      await db.query<{ succeeded: number; still_pending: number; events: number; receipt_jobs: number; thanks_jobs: number }>(
        `select
           (select count(*)::int from fundraising_gifts where id = any($1::uuid[]) and status = 'succeeded') as succeeded,
           (select count(*)::int from fundraising_gifts where id = any($1::uuid[]) and status <> 'succeeded') as still_pending,
           (select count(*)::int from fundraising_payment_events where event_id like 'evt_bench_%') as events,
           (select count(*)::int from jobs_queue where name = 'fundraising.gift.receipt' and dedupe_key = any(select 'fundraising.gift.receipt:' || x from unnest($1::text[]) as x)) as receipt_jobs,
           (select count(*)::int from jobs_queue where name = 'fundraising.gift.confirmed' and dedupe_key = any(select 'fundraising.gift.confirmed:' || x from unnest($1::text[]) as x)) as thanks_jobs`,
        [sentIds],
      )
    ).rows[0]!;
    const after = (await db.query<{ raised_cents: number; gift_count: number }>(`select coalesce(sum(raised_cents), 0)::float8 as raised_cents, coalesce(sum(gift_count), 0)::int as gift_count from fundraising_campaign_tallies where campaign_id = $1`, [campaign.id])).rows[0]!;
    const measuredGifts = sent.length - startSent;
    return {
      target: 'POST /api/v1/fundraising/webhooks/stripe (signed checkout.session.completed)',
      database: 'PostgreSQL 15 (pool of 10)',
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: result.requests.total,
      requestsPerSecMean: Math.round(result.requests.average),
      giftsConfirmedPerSec: Math.round(measuredGifts / SECONDS),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      distinctGiftsSent: sentIds.length,
      replaysSent: replays,
      giftsSucceeded: counts.succeeded,
      giftsNotRecorded: counts.still_pending,
      paymentEventsRecorded: counts.events,
      receiptJobsQueued: counts.receipt_jobs,
      thanksJobsQueued: counts.thanks_jobs,
      campaignGiftsAdded: after.gift_count - before.gift_count,
      campaignCentsAdded: after.raised_cents - before.raised_cents,
      expectedCents,
      lostGifts: sentIds.length - counts.succeeded,
      duplicatedGifts: after.gift_count - before.gift_count - counts.succeeded,
      outcomes: JSON.stringify(Object.fromEntries(confirmed)),
      firstDeliveredByRetry: retried,
      serverRssMb: server.rssMb(),
    };
  } finally {
    await db.end();
    await server.stop();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

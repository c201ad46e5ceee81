import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { allMigrations } from '../src/migrations.js';
import { createSealer } from '../src/modules/identity/index.js';
import { createReceiptingModule } from '../src/modules/receipting/index.js';
import { migrate } from '../src/platform/db/migrator.js';
import { newId } from '../src/platform/db/ids.js';
import { openPostgres, wrapPglite, type DbHandle } from '../src/platform/db/create-db.js';
import { createI18n } from '../src/platform/i18n/i18n.js';
import { createMailer } from '../src/platform/mail/mailer.js';

const RECEIPTS = 1000;
const CONCURRENCY = 50;
const PDFS = 30;

/** A throw-away database: PostgreSQL on loopback when BENCH_DATABASE_URL is set, else PGlite in memory. */
async function openBenchDb(): Promise<{ handle: DbHandle; kind: string; drop(): Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const handle = wrapPglite(await PGlite.create());
    return { handle, kind: 'PGlite', drop: () => handle.close() };
  }
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1'].includes(u.hostname)) throw new Error('BENCH_DATABASE_URL must point at loopback');
  const name = `foyer_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  u.pathname = `/${name}`;
  const handle = openPostgres(u.toString(), 20);
  return {
    handle,
    kind: 'PostgreSQL',
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Issuing receipts in one series from 50 concurrent callers (the series row lock serializes
 * them), checked gap-free afterwards; then rendering and signing PDFs one after the other.
 */
export async function run() {
  const { handle, kind, drop } = await openBenchDb();
  const db = handle.db;
  try {
    await migrate(db, allMigrations);
    const config = loadConfig({ NODE_ENV: 'test', FOYER_PUBLIC_URL: 'http://127.0.0.1:3000', FOYER_SECRET: 'bench-secret-bench-secret-bench-secret-0123' });
    const mailer = createMailer({ db, smtpUrl: undefined, from: 'bench@example.ca' });
    const { service } = createReceiptingModule({ db, config, mailer, i18n: await createI18n(), sealer: createSealer(config.secret) });
    const orgId = newId();
    await db.insertInto('identityOrganizations').values({ id: orgId, slug: 'bench-foundation', nameEn: 'Bench Foundation', nameFr: 'Fondation Banc', kind: 'foundation', foundationOfId: null, craRegistrationNumber: '123456789RR0001', brandColour: null, logoObjectId: null }).execute();
    await db.insertInto('receiptingSettings').values({ organizationId: orgId, legalName: 'Bench Foundation', addressLine1: '1 Bench St', addressLine2: null, city: 'Toronto', province: 'ON', postalCode: 'M5V 2T6', placeOfIssue: 'Toronto, Ontario', signatoryName: 'A. B. Signer', signatoryTitle: 'CFO', signatureObjectId: null, seriesPrefix: '', updatedBy: null }).execute();
    const request = (i: number) => ({
      organizationId: orgId,
      donor: { fullName: `Donor ${i} Q. Test`, addressLines: ['1 Main St'], city: 'Toronto', province: 'ON', postalCode: 'M5V 2T6', country: 'Canada', email: `d${i}@example.ca`, language: 'en' as const },
      gifts: [{ source: { type: 'bench.gift', id: String(i) }, dateReceived: '2026-11-20', amountCents: 50_00 + i, kind: 'cash' as const }],
      sendEmail: false,
    });

    console.log(`issuing ${RECEIPTS} receipts from ${CONCURRENCY} concurrent callers on ${kind}`);
    const latencies: number[] = [];
    let next = 0;
    const ids: string[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < RECEIPTS) {
          const i = next++;
          const t0 = performance.now();
          ids.push((await service.issueReceipt(undefined, request(i))).id);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // Replaying every request changes nothing.
    for (let i = 0; i < 100; i++) if ((await service.issueReceipt(undefined, request(i))).created) throw new Error('a replay issued a new receipt');
    const numbers = (await db.selectFrom('receiptingReceipts').select('number').where('organizationId', '=', orgId).orderBy('number').execute()).map((r) => r.number);
    const gapFree = numbers.length === RECEIPTS && numbers.every((n, i) => n === i + 1);
    latencies.sort((a, b) => a - b);

    console.log(`rendering and signing ${PDFS} PDFs one after the other`);
    const fundraiser = { kind: 'account', accountId: newId(), sessionId: 's', email: 'f@example.ca', displayName: 'F', locale: 'en', isPlatformAdmin: false, memberships: [], rolesIn: () => ['fundraiser'], isMemberOf: () => true } as const;
    const pdfMs: number[] = [];
    let pdfBytes = 0;
    for (const id of ids.slice(0, PDFS)) {
      const t0 = performance.now();
      pdfBytes += (await service.receiptPdf(fundraiser as never, 'bench-foundation', id)).data.byteLength;
      pdfMs.push(performance.now() - t0);
    }
    pdfMs.sort((a, b) => a - b);
    return {
      database: kind,
      receipts: RECEIPTS,
      concurrency: CONCURRENCY,
      issuedPerSec: Math.round(RECEIPTS / seconds),
      issueP50Ms: Math.round(percentile(latencies, 50)),
      issueP99Ms: Math.round(percentile(latencies, 99)),
      gapFree: gapFree ? 'yes' : 'NO',
      distinctNumbers: new Set(numbers).size,
      pdfs: PDFS,
      pdfMaxMs: Math.round(pdfMs.at(-1) ?? 0),
      pdfP50Ms: Math.round(percentile(pdfMs, 50)),
      pdfP99Ms: Math.round(percentile(pdfMs, 99)),
      pdfMeanBytes: Math.round(pdfBytes / PDFS),
    };
  } finally {
    await drop();
  }
}

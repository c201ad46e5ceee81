import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { createReceiptingFoundation, receiptRequest } from '../../../../test/support/factories/receipting.js';
import { postMultipart, type Part } from '../../../../test/support/multipart.js';
import { NON_ADMIN_ROLES, signedInWith, type Signed } from '../../../../test/support/roles.js';
import { verifyPdfSignature } from '../signing.js';

const DAY = 24 * 3600 * 1000;

type Pair = { key: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey };
/** RSA from Node's generator (forge's own takes seconds), handed to forge. */
function rsa(bits = 2048): Pair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    key: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

type Issued = Pair & { cert: forge.pki.Certificate };

/** A small certification authority of the test's own. */
function makeCa(): Issued {
  const pair = rsa();
  const cert = forge.pki.createCertificate();
  cert.publicKey = pair.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 365 * DAY);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * DAY);
  const name = [{ name: 'commonName', value: 'Test Signing CA' }, { name: 'organizationName', value: 'Test Trust Services' }, { name: 'countryName', value: 'CA' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }]);
  cert.sign(pair.key, forge.md.sha256.create());
  return { ...pair, cert };
}

/** A leaf certificate for the foundation, issued by `ca`. */
function makeLeaf(ca: Issued, o: { cn?: string; notBefore?: Date; notAfter?: Date; keyUsage?: Record<string, boolean> | null; bits?: number } = {}): Issued {
  const pair = rsa(o.bits);
  const cert = forge.pki.createCertificate();
  cert.publicKey = pair.publicKey;
  cert.serialNumber = `02${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = o.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = o.notAfter ?? new Date(Date.now() + 365 * DAY);
  // A UTF8String, as CAs issue names with accents.
  cert.setSubject([{ name: 'commonName', value: o.cn ?? LEAF_CN, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }, { name: 'countryName', value: 'CA' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  const keyUsage = o.keyUsage === undefined ? { digitalSignature: true, nonRepudiation: true } : o.keyUsage;
  cert.setExtensions([{ name: 'basicConstraints', cA: false }, ...(keyUsage ? [{ name: 'keyUsage', ...keyUsage }] : [])]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { ...pair, cert };
}

/** A PKCS#12 bundle as a CA's tools export one (the key shrouded, the chain after the leaf). */
function p12(key: forge.pki.rsa.PrivateKey | null, certs: forge.pki.Certificate[], passphrase: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, passphrase, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

const LEAF_CN = 'Fondation de l’Hôpital Lakeshore — Reçus';
const PASS = 'correct horse battery staple';

let t: TestApp;
let org: { id: string; slug: string };
let admin: Signed;
let fundraiser: Signed;
let ca: Issued;
let leaf: Issued;
/** Signed-in people who must not install a certificate: every other role, and another organization's admin. */
let forbidden: [string, TestClient][];

const upload = (client: TestClient, data: Buffer | null, passphrase: string | null, slug = 'lakeshore') => {
  const parts: Part[] = [];
  if (data) parts.push({ name: 'certificate', value: data, filename: 'foundation.p12', type: 'application/x-pkcs12' });
  if (passphrase !== null) parts.push({ name: 'passphrase', value: passphrase });
  return postMultipart(client, `/o/${slug}/receipts/signing`, parts);
};
const keyRow = () => t.db.selectFrom('receiptingSigningKeys').selectAll().where('organizationId', '=', org.id).executeTakeFirst();
const audits = async () => Number((await t.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'receipting.signing_certificate.installed').executeTakeFirstOrThrow()).n);
const pdfOf = async (receiptId: string) => (await admin.client.get(`/o/lakeshore/receipts/${receiptId}/pdf`)).rawPayload;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'lakeshore' });
  admin = await signedInWith(t, { org, roles: ['admin', 'member'] });
  fundraiser = await signedInWith(t, { org, roles: ['fundraiser', 'member'] });
  forbidden = [];
  for (const [name, roles] of Object.entries(NON_ADMIN_ROLES)) forbidden.push([name, (await signedInWith(t, { org, roles })).client]);
  const other = await createOrganization(t.db);
  forbidden.push(['admin of another organization', (await signedInWith(t, { org: other, roles: ['admin', 'fundraiser', 'member'] })).client]);
  ca = makeCa();
  leaf = makeLeaf(ca);
});
afterAll(() => t.close());

describe('the signing certificate page', () => {
  it('says no certificate is made before the first receipt is signed, then shows the self-signed one', async () => {
    const empty = await admin.client.get('/o/lakeshore/receipts/signing');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No certificate yet');
    expect(empty.body).toContain('enctype="multipart/form-data"');
    const receipt = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { sendEmail: false }));
    expect(verifyPdfSignature(await pdfOf(receipt.id)).signerCommonName).toBe('Lakeshore Hospital Foundation');
    const page = await admin.client.get('/o/lakeshore/receipts/signing');
    expect(page.body).toContain('Self-signed');
    expect(page.body).toContain(new X509Certificate((await keyRow())!.certificatePem).fingerprint256);
    // The administrator finds the page from the receipt settings; a fundraiser is not sent there.
    expect((await admin.client.get('/o/lakeshore/receipts/settings')).body).toContain('href="/o/lakeshore/receipts/signing"');
    expect((await fundraiser.client.get('/o/lakeshore/receipts/settings')).body).not.toContain('/receipts/signing');
  });

  it('is shown in French', async () => {
    const fr = await signedInWith(t, { org, roles: ['admin', 'member'], locale: 'fr' });
    const page = await fr.client.get('/o/lakeshore/receipts/signing');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Certificat de signature');
    expect(page.body).toContain('Phrase de passe du fichier');
  });
});

describe('refused uploads write nothing', () => {
  const cases: [string, () => [Buffer | null, string | null], string][] = [
    ['a wrong passphrase', () => [p12(leaf.key, [leaf.cert, ca.cert], PASS), 'not the passphrase'], 'passphrase'],
    ['no passphrase', () => [p12(leaf.key, [leaf.cert, ca.cert], PASS), ''], 'passphrase'],
    ['no file', () => [null, PASS], 'certificate'],
    ['a file that is not PKCS#12', () => [Buffer.from('-----BEGIN CERTIFICATE-----\nnope\n'), PASS], 'certificate'],
    ['an expired certificate', () => { const old = makeLeaf(ca, { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) }); return [p12(old.key, [old.cert, ca.cert], PASS), PASS]; }, 'certificate'],
    ['a certificate not valid yet', () => { const early = makeLeaf(ca, { notBefore: new Date(Date.now() + 2 * DAY), notAfter: new Date(Date.now() + 400 * DAY) }); return [p12(early.key, [early.cert], PASS), PASS]; }, 'certificate'],
    ['no private key', () => [p12(null, [leaf.cert, ca.cert], PASS), PASS], 'certificate'],
    ['a key without its certificate', () => [p12(leaf.key, [ca.cert], PASS), PASS], 'certificate'],
    ['a key usage without digital signature', () => { const enc = makeLeaf(ca, { keyUsage: { keyEncipherment: true } }); return [p12(enc.key, [enc.cert], PASS), PASS]; }, 'certificate'],
    ['a 1024-bit key', () => { const weak = makeLeaf(ca, { bits: 1024 }); return [p12(weak.key, [weak.cert], PASS), PASS]; }, 'certificate'],
  ];

  it.each(cases)('%s → 400 naming the field', async (_what, make, field) => {
    const before = await keyRow();
    const auditsBefore = await audits();
    const [data, passphrase] = make();
    const res = await upload(admin.client, data, passphrase);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`href="#f-${field}"`);
    expect(res.body).toMatch(new RegExp(`aria-describedby="[^"]*f-${field}-error"`));
    expect(res.body).not.toContain(PASS);
    expect(await keyRow()).toEqual(before);
    expect(await audits()).toBe(auditsBefore);
  });

  it('names the field in French too', async () => {
    const fr = await signedInWith(t, { org, roles: ['admin', 'member'], locale: 'fr' });
    const res = await upload(fr.client, p12(leaf.key, [leaf.cert], PASS), 'faux');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Cette phrase de passe n&#39;ouvre pas le fichier');
  });

  it('is refused to every role but administrators, to other organizations and to guests', async () => {
    const before = await keyRow();
    const good = p12(leaf.key, [leaf.cert, ca.cert], PASS);
    for (const [who, client] of forbidden) {
      expect((await client.get('/o/lakeshore/receipts/signing')).statusCode, who).toBe(403);
      expect((await upload(client, good, PASS)).statusCode, who).toBe(403);
    }
    const guest = new TestClient(t.app);
    expect((await guest.get('/o/lakeshore/receipts/signing')).statusCode).toBe(303);
    expect((await upload(guest, good, PASS)).statusCode).toBe(401);
    expect((await admin.client.get('/o/no-such-org/receipts/signing')).statusCode).toBe(404);
    expect(await keyRow()).toEqual(before);
    expect(await audits()).toBe(0);
  });
});

describe('installing a CA-issued certificate', () => {
  it('signs receipts issued afterwards with it; documents already signed keep theirs', async () => {
    const earlier = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { sendEmail: false }));
    const earlierPdf = await pdfOf(earlier.id);
    const res = await upload(admin.client, p12(leaf.key, [leaf.cert, ca.cert], PASS), PASS);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/o/lakeshore/receipts/signing');
    expect((await admin.client.get('/o/lakeshore/receipts/signing')).body).toContain('The signing certificate was installed');

    const row = (await keyRow())!;
    expect(row.selfSigned).toBe(false);
    expect(row.certificatePem).toBe(forge.pki.certificateToPem(leaf.cert));
    // Sealed like the self-signed identity: neither the bundle nor its passphrase is readable.
    expect(row.p12Sealed).not.toContain(PASS);
    const audit = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'receipting.signing_certificate.installed').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ organizationId: org.id, actorAccountId: admin.id, targetId: org.id });
    expect(JSON.stringify(audit.data)).not.toContain(PASS);

    const later = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { sendEmail: false }));
    const check = verifyPdfSignature(await pdfOf(later.id));
    expect(check).toEqual({ valid: true, signerCommonName: LEAF_CN, coversWholeFile: true });
    const kept = await pdfOf(earlier.id);
    expect(kept.equals(earlierPdf)).toBe(true);
    expect(verifyPdfSignature(kept).signerCommonName).toBe('Lakeshore Hospital Foundation');

    const page = await admin.client.get('/o/lakeshore/receipts/signing');
    expect(page.body).toContain('Issued by a certification authority');
    expect(page.body).toContain(LEAF_CN);
    expect(page.body).toContain('CN=Test Signing CA');
    expect(page.body).toContain(new X509Certificate(forge.pki.certificateToPem(leaf.cert)).fingerprint256);
  });
});

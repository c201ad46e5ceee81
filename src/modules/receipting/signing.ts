import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';

export type SigningIdentity = { p12: Buffer; passphrase: string; certificatePem: string };

/**
 * A self-signed certificate for an organization that has not installed one of its own. The RSA
 * key comes from Node's native generator (forge's pure-JS one takes seconds); forge builds the
 * X.509 certificate and the PKCS#12 bundle.
 */
export function createSelfSignedIdentity(subject: { commonName: string; registrationNumber: string }, now = new Date()): SigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  // Common names are limited to 64 characters by X.520.
  const attrs = [
    { name: 'commonName', value: subject.commonName.slice(0, 64) },
    { shortName: 'OU', value: `CRA ${subject.registrationNumber}` },
    { name: 'countryName', value: 'CA' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const passphrase = randomBytes(18).toString('base64url');
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' });
  const p12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  return { p12, passphrase, certificatePem: forge.pki.certificateToPem(cert) };
}

/** Adds a detached PKCS#7 signature (adbe.pkcs7.detached) over the whole document. */
export async function signPdf(pdf: Buffer, identity: { p12: Buffer; passphrase: string }, meta: { name: string; location: string; reason: string; contactInfo: string; signingTime: Date }): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({ pdfBuffer: pdf, reason: meta.reason, contactInfo: meta.contactInfo, name: meta.name, location: meta.location, signingTime: meta.signingTime, appName: 'Foyer' });
  const signer = new P12Signer(identity.p12, { passphrase: identity.passphrase });
  return new SignPdf().sign(withPlaceholder, signer, meta.signingTime);
}

/** forge keeps a name's UTF8String as its raw bytes; accents (Hôpital, Reçus) need decoding. */
function attributeText(attr: { value?: unknown; valueTagClass?: unknown } | null): string | null {
  if (!attr || typeof attr.value !== 'string') return null;
  if (attr.valueTagClass !== forge.asn1.Type.UTF8) return attr.value;
  try {
    return forge.util.decodeUtf8(attr.value);
  } catch {
    return attr.value;
  }
}

export type SignatureCheck = { valid: boolean; signerCommonName: string | null; coversWholeFile: boolean };

/**
 * Checks a signed PDF: finds the /ByteRange and /Contents of its signature, and verifies the
 * PKCS#7 signed attributes (message digest of the signed bytes) and the signature with the
 * certificate it carries. Used by tests and by anyone checking a document they were sent.
 */
export function verifyPdfSignature(pdf: Buffer): SignatureCheck {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1);
  if (!last) return { valid: false, signerCommonName: null, coversWholeFile: false };
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  const contentsHex = text.slice(a + b + 1, c - 1);
  const coversWholeFile = a === 0 && c + d === pdf.length;
  try {
    // The placeholder is padded with zeros after the DER value.
    const der = forge.util.hexToBytes(contentsHex);
    const msg = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(der, { strict: false, parseAllBytes: false } as unknown as boolean)) as forge.pkcs7.PkcsSignedData & {
      rawCapture: { authenticatedAttributes: forge.asn1.Asn1[]; signature: string; digestAlgorithm: string };
    };
    const cert = msg.certificates[0];
    if (!cert) return { valid: false, signerCommonName: null, coversWholeFile };
    const attrs = msg.rawCapture.authenticatedAttributes;
    // The signed attributes are signed as a SET (tag 0x31), not as the [0] IMPLICIT they are stored in.
    const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs);
    const attrsDigest = forge.md.sha256.create().update(forge.asn1.toDer(set).getBytes());
    const digestOk = attrs.some((attr) => {
      const [oid, values] = attr.value as forge.asn1.Asn1[];
      if (!oid || !values || forge.asn1.derToOid(oid.value as string) !== forge.pki.oids.messageDigest!) return false;
      const value = (values.value as forge.asn1.Asn1[])[0]?.value as string;
      return value === forge.md.sha256.create().update(signed.toString('binary')).digest().getBytes();
    });
    const signatureOk = (cert.publicKey as forge.pki.rsa.PublicKey).verify(attrsDigest.digest().getBytes(), msg.rawCapture.signature);
    return { valid: digestOk && signatureOk, signerCommonName: attributeText(cert.subject.getField('CN') as forge.pki.CertificateField | null), coversWholeFile };
  } catch {
    return { valid: false, signerCommonName: null, coversWholeFile };
  }
}

/** Why an uploaded PKCS#12 bundle is refused, and which form field the refusal belongs to. */
export type BundleRefusal = { field: 'certificate' | 'passphrase'; code: string };
export type InspectedBundle = { ok: true; identity: SigningIdentity } | { ok: false; refusal: BundleRefusal };

export const SIGNING_KEY_MIN_BITS = 2048;

const sameRsaKey = (a: forge.pki.rsa.PrivateKey, b: forge.pki.rsa.PublicKey) => a.n.compareTo(b.n) === 0 && a.e.compareTo(b.e) === 0;

/**
 * Opens an uploaded PKCS#12 bundle (a CA-issued signing certificate) and checks it can sign
 * receipts: the passphrase opens it, it holds exactly one private key (RSA, at least 2048 bits)
 * and the certificate of that key, valid at `now`, whose key usage (when stated) allows digital
 * signatures. The identity kept is the same key and certificates bundled again the way the
 * self-signed one is (key first-class, the key's certificate first, then any chain), under a
 * fresh passphrase: the signer then finds what it expects whatever tool made the upload.
 */
export function inspectSigningBundle(upload: Buffer, passphrase: string, now = new Date()): InspectedBundle {
  const refuse = (field: BundleRefusal['field'], code: string): InspectedBundle => ({ ok: false, refusal: { field, code } });
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(upload.toString('binary')));
  } catch {
    return refuse('certificate', 'p12_invalid');
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
  } catch {
    // The file is DER; what forge cannot open with this passphrase is a passphrase problem
    // (a wrong one fails the MAC, or decrypts the key bag to garbage).
    return refuse('passphrase', 'p12_passphrase');
  }
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)];
  if (keyBags.length !== 1) return refuse('certificate', 'p12_one_key');
  const key = keyBags[0]!.key as forge.pki.rsa.PrivateKey | null | undefined;
  if (!key || !key.n) return refuse('certificate', 'signing_key_rsa');
  if (key.n.bitLength() < SIGNING_KEY_MIN_BITS) return refuse('certificate', 'signing_key_rsa');
  const certs = bags(forge.pki.oids.certBag!).flatMap((b) => (b.cert ? [b.cert] : []));
  const matching = certs.filter((c) => (c.publicKey as forge.pki.rsa.PublicKey).n && sameRsaKey(key, c.publicKey as forge.pki.rsa.PublicKey));
  if (matching.length !== 1) return refuse('certificate', 'p12_no_certificate');
  const leaf = matching[0]!;
  if (now < leaf.validity.notBefore) return refuse('certificate', 'certificate_not_yet_valid');
  if (now > leaf.validity.notAfter) return refuse('certificate', 'certificate_expired');
  const usage = leaf.getExtension('keyUsage') as { digitalSignature?: boolean } | null;
  if (usage && !usage.digitalSignature) return refuse('certificate', 'certificate_key_usage');
  const chain = certs.filter((c) => c !== leaf);
  const fresh = randomBytes(18).toString('base64url');
  const bundled = forge.pkcs12.toPkcs12Asn1(key, [leaf, ...chain], fresh, { algorithm: '3des' });
  return { ok: true, identity: { p12: Buffer.from(forge.asn1.toDer(bundled).getBytes(), 'binary'), passphrase: fresh, certificatePem: forge.pki.certificateToPem(leaf) } };
}

export type CertificateSummary = { subjectCommonName: string | null; issuer: string; validFrom: Date; validTo: Date; sha256Fingerprint: string };

const distinguishedName = (attrs: forge.pki.CertificateField[]) =>
  attrs
    .map((a) => `${a.shortName ?? a.name ?? a.type}=${attributeText(a) ?? ''}`)
    .reverse()
    .join(', ');

/** What the signing page shows of a certificate: who it names, who issued it, when it is valid, its SHA-256 fingerprint. */
export function describeCertificate(pem: string): CertificateSummary {
  const cert = forge.pki.certificateFromPem(pem);
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const hex = forge.md.sha256.create().update(der).digest().toHex().toUpperCase();
  return {
    subjectCommonName: attributeText(cert.subject.getField('CN') as forge.pki.CertificateField | null),
    issuer: distinguishedName(cert.issuer.attributes),
    validFrom: cert.validity.notBefore,
    validTo: cert.validity.notAfter,
    sha256Fingerprint: hex.match(/../g)!.join(':'),
  };
}

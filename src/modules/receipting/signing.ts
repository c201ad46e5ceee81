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
    const cn = cert.subject.getField('CN') as { value: string } | null;
    return { valid: digestOk && signatureOk, signerCommonName: cn?.value ?? null, coversWholeFile };
  } catch {
    return { valid: false, signerCommonName: null, coversWholeFile };
  }
}

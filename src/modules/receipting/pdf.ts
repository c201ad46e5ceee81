import PDFDocument from 'pdfkit';
import { formatters, type Lang, type T } from '../../platform/i18n/i18n.js';
import type { ReceiptLanguage } from './db/schema.js';

/** Everything printed on a receipt, as taken when it was issued. */
export type ReceiptDocument = {
  serial: string;
  kind: 'single' | 'annual';
  giftKind: 'cash' | 'in_kind';
  language: ReceiptLanguage;
  charityName: string;
  charityAddress: string;
  registrationNumber: string;
  placeOfIssue: string;
  issuedOn: string;
  receivedOn: string | null;
  receivedYear: number;
  donorFullName: string;
  donorAddressLines: string[];
  donorCity: string;
  donorProvince: string;
  donorPostalCode: string;
  donorCountry: string;
  amountCents: number;
  advantageCents: number;
  advantageDescription: string | null;
  eligibleAmountCents: number;
  propertyDescription: string | null;
  appraiserName: string | null;
  appraiserAddress: string | null;
  signatoryName: string;
  signatoryTitle: string;
  signatureImage: Buffer | null;
  replacesSerial: string | null;
  gifts: { receivedOn: string; amountCents: number; advantageCents: number; eligibleAmountCents: number }[];
};

const languagesOf = (l: ReceiptLanguage): Lang[] => (l === 'both' ? ['en', 'fr'] : [l]);
// Standard PDF fonts are WinAnsi: the narrow no-break space Intl puts in French numbers is not in it.
const winAnsi = (s: string) => s.replace(/\u202f/g, '\u00a0');

/** A date-only value (YYYY-MM-DD) in the language's long form. */
const longDate = (lang: Lang, day: string) => formatters(lang).date(new Date(`${day}T12:00:00Z`));

/** Renders the receipt with pdfkit; the caller signs the result. */
export async function renderReceiptPdf(doc: ReceiptDocument, t: (lang: Lang) => T): Promise<Buffer> {
  const langs = languagesOf(doc.language);
  const say = (key: string, params: Record<string, unknown> = {}) => winAnsi(langs.map((l) => t(l)(`receipting.pdf.${key}`, params)).join(' / '));
  const money = (cents: number) => winAnsi(langs.map((l) => formatters(l).money(cents)).join(' / '));
  const day = (d: string) => winAnsi(langs.map((l) => longDate(l, d)).join(' / '));

  const pdf = new PDFDocument({
    size: 'LETTER',
    margin: 54,
    info: { Title: winAnsi(`${say('title')} ${doc.serial}`), Author: winAnsi(doc.charityName), Subject: say('statement'), Creator: 'Foyer' },
    lang: langs[0] === 'fr' ? 'fr-CA' : 'en-CA',
    displayTitle: true,
    pdfVersion: '1.7',
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - 108;
  pdf.font('Helvetica-Bold').fontSize(15).text(winAnsi(doc.charityName), { width });
  pdf.font('Helvetica').fontSize(10).text(winAnsi(doc.charityAddress), { width });
  pdf.moveDown(0.6);
  for (const l of langs) pdf.font('Helvetica-Bold').fontSize(12).text(winAnsi(t(l)('receipting.pdf.statement')), { width });
  if (doc.replacesSerial) {
    pdf.moveDown(0.4);
    for (const l of langs) pdf.font('Helvetica-Bold').fontSize(10).fillColor('#8a1c1c').text(winAnsi(t(l)('receipting.pdf.replaces', { serial: doc.replacesSerial })), { width });
    pdf.fillColor('black');
  }
  pdf.moveDown(0.8);

  const row = (label: string, value: string) => {
    pdf.font('Helvetica-Bold').fontSize(9).text(label, { width });
    pdf.font('Helvetica').fontSize(10).text(winAnsi(value), { width });
    pdf.moveDown(0.35);
  };
  row(say('serial'), doc.serial);
  row(say('registrationNumber'), doc.registrationNumber);
  row(say('placeOfIssue'), doc.placeOfIssue);
  if (doc.kind === 'annual') row(say('yearReceived'), String(doc.receivedYear));
  else if (doc.receivedOn) row(say('dateReceived'), day(doc.receivedOn));
  if (doc.kind === 'annual' || doc.receivedOn !== doc.issuedOn) row(say('dateIssued'), day(doc.issuedOn));
  const donorLocality = `${doc.donorCity} ${doc.donorProvince}  ${doc.donorPostalCode}`;
  row(say('donor'), [doc.donorFullName, ...doc.donorAddressLines, donorLocality, doc.donorCountry].join('\n'));

  if (doc.giftKind === 'in_kind') {
    row(say('property'), doc.propertyDescription ?? '');
    if (doc.appraiserName) row(say('appraiser'), [doc.appraiserName, doc.appraiserAddress ?? ''].filter(Boolean).join('\n'));
    row(say('fairMarketValue'), money(doc.amountCents));
  } else {
    row(say(doc.kind === 'annual' ? 'totalAmount' : 'amount'), money(doc.amountCents));
  }
  row(say('advantageValue'), money(doc.advantageCents));
  if (doc.advantageCents > 0 && doc.advantageDescription) row(say('advantageDescription'), doc.advantageDescription);
  pdf.font('Helvetica-Bold').fontSize(9).text(say('eligibleAmount'), { width });
  pdf.font('Helvetica-Bold').fontSize(13).text(money(doc.eligibleAmountCents), { width });
  pdf.moveDown(0.6);

  if (doc.kind === 'annual') {
    pdf.font('Helvetica-Bold').fontSize(9).text(say('giftsIncluded'), { width });
    pdf.font('Helvetica').fontSize(9);
    for (const g of doc.gifts) {
      pdf.text(winAnsi(`${day(g.receivedOn)} — ${money(g.amountCents)}${g.advantageCents > 0 ? ` (${say('advantageShort')} ${money(g.advantageCents)})` : ''}`), { width });
    }
    pdf.moveDown(0.6);
  }

  pdf.font('Helvetica-Bold').fontSize(9).text(say('signature'), { width });
  if (doc.signatureImage) {
    try {
      pdf.image(doc.signatureImage, { fit: [180, 54] });
    } catch {
      // An unreadable image is left out rather than failing an issued receipt; the name and title stay.
    }
  }
  pdf.moveDown(0.3);
  pdf.font('Helvetica').fontSize(10).text(winAnsi(doc.signatoryName), { width });
  pdf.text(winAnsi(doc.signatoryTitle), { width });
  pdf.moveDown(1);
  for (const l of langs) pdf.font('Helvetica').fontSize(9).text(winAnsi(t(l)('receipting.pdf.cra')), { width });
  pdf.end();
  return done;
}

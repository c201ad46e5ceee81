import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Db } from '../../../src/platform/db/types.js';
import type { IssueReceiptInput } from '../../../src/modules/receipting/index.js';
import { createOrganization } from './identity.js';

/** A foundation with its CRA number and receipt settings on file, ready to issue. */
export async function createReceiptingFoundation(db: Db, o: { slug?: string; craRegistrationNumber?: string | null; settings?: boolean; seriesPrefix?: string } = {}) {
  const org = await createOrganization(db, {
    ...(o.slug ? { slug: o.slug } : {}),
    kind: 'foundation',
    nameEn: 'Lakeshore Hospital Foundation',
    nameFr: "Fondation de l'Hôpital Lakeshore",
    craRegistrationNumber: o.craRegistrationNumber === undefined ? '118830929RR0001' : o.craRegistrationNumber,
  });
  if (o.settings !== false) {
    await db
      .insertInto('receiptingSettings')
      .values({
        organizationId: org.id,
        legalName: 'Lakeshore Hospital Foundation',
        addressLine1: '250 Harbour Road',
        addressLine2: 'Suite 4',
        city: 'Kingston',
        province: 'ON',
        postalCode: 'K7L 2V7',
        placeOfIssue: 'Kingston, Ontario',
        signatoryName: 'Priya K. Raman',
        signatoryTitle: 'Director of Finance',
        signatureObjectId: null,
        seriesPrefix: o.seriesPrefix ?? '',
        updatedBy: null,
      })
      .execute();
  }
  return org;
}

let counter = 0;

/** A one-gift issuing request; every field can be overridden. */
export function receiptRequest(organizationId: string, o: { donor?: Partial<IssueReceiptInput['donor']>; gift?: Partial<IssueReceiptInput['gifts'][number]>; gifts?: IssueReceiptInput['gifts']; issuedAt?: Date; sendEmail?: boolean } = {}): IssueReceiptInput {
  counter += 1;
  return {
    organizationId,
    donor: {
      fullName: 'Marie-Claude T. Beaulieu',
      addressLines: ['12 Rue des Érables', 'App. 3'],
      city: 'Gatineau',
      province: 'QC',
      postalCode: 'J8Y 3B4',
      country: 'Canada',
      email: 'marie-claude@example.ca',
      language: 'en',
      ...o.donor,
    },
    gifts: o.gifts ?? [{ source: { type: 'fundraising.gift', id: `gift-${counter}-${Math.random().toString(36).slice(2, 8)}` }, dateReceived: '2026-11-20', amountCents: 250_00, kind: 'cash', ...o.gift }],
    ...(o.issuedAt ? { issuedAt: o.issuedAt } : {}),
    ...(o.sendEmail !== undefined ? { sendEmail: o.sendEmail } : {}),
  };
}

const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** The text of every page of a PDF, lines kept, French spaces made plain. */
export async function pdfText(data: Buffer): Promise<string> {
  const task = getDocument({
    data: new Uint8Array(data),
    standardFontDataUrl: `${path.join(PDFJS_DIR, 'standard_fonts')}${path.sep}`,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: VerbosityLevel.ERRORS,
  });
  const doc = await task.promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    text += '\n';
  }
  await task.destroy();
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

import { z } from 'zod';
import { checkbox, optional, plainText } from '../../platform/http/validation.js';
import { ADDRESS_MAX, NAME_MAX, PROVINCES } from './schemas.js';

const postalCode = z
  .string()
  .transform((s) => s.trim().toUpperCase().replace(/\s+/g, ''))
  .pipe(z.string().min(1).regex(/^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/, 'postal_code_format'))
  .transform((s) => `${s.slice(0, 3)} ${s.slice(3)}`);

/** Who the patient is, for the foundation: a name and a mailing address, nothing about their care. */
const person = { firstName: plainText(NAME_MAX), lastName: plainText(NAME_MAX), postalCode };

export const PatientTransferBody = z.object({
  ...person,
  addressLine1: plainText(ADDRESS_MAX),
  addressLine2: optional(plainText(ADDRESS_MAX)),
  city: plainText(NAME_MAX),
  province: z.enum(PROVINCES),
  noticeGivenOn: z.iso.date(),
  /** Staff confirm the fundraising notice was given at the time of service. */
  noticeGiven: checkbox.pipe(z.literal(true, { error: 'required' })),
});
export type PatientTransferBody = z.infer<typeof PatientTransferBody>;

/** An opt-out said by phone or at the desk: enough to recognize the person, nothing more. */
export const PatientOptOutBody = z.object(person);
export type PatientOptOutBody = z.infer<typeof PatientOptOutBody>;

export const PatientTokenQuery = z.object({ token: z.string().min(1).max(200) });
export type PatientTokenQuery = z.infer<typeof PatientTokenQuery>;

import { createHmac, createSecretKey, hkdfSync } from 'node:crypto';

/** E.164 as Twilio sends it: "+15145550123". */
export const E164 = /^\+[1-9]\d{7,14}$/;

/** Keyed hash of a phone number: finds a donor's row without keeping the number readable. */
export function createPhoneHasher(secret: string): (phone: string) => string {
  const key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'foyer', 'text-giving.phone-hash', 32)));
  return (phone) => createHmac('sha256', key).update(phone).digest('hex');
}

export const last4 = (phone: string): string => phone.replace(/\D/g, '').slice(-4);

/** How staff without the fundraiser role see a phone number. */
export const maskPhone = (lastFour: string | null): string => (lastFour ? `•••-•••-${lastFour}` : '—');

/** "+15145550123" → "+1 514-555-0123" for people who may read it. */
export function formatPhone(phone: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return m ? `+1 ${m[1]}-${m[2]}-${m[3]}` : phone;
}

import { describe, expect, it } from 'vitest';
import { compileMrnTemplate, detectPhi, isBcPhn, isOntarioHealthNumber, isQuebecHealthNumber, isSin, luhnValid, phiKinds, type PhiKind } from './phi.js';

const kindsIn = (text: string, mrn?: string) => detectPhi(text, { mrn: mrn ? compileMrnTemplate(mrn) : null }).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);

describe('check digits', () => {
  it('computes Luhn', () => {
    expect(luhnValid('1234567897')).toBe(true);
    expect(luhnValid('1234567890')).toBe(false);
    expect(luhnValid('130692544')).toBe(true);
    expect(luhnValid('12a')).toBe(false);
  });

  it.each(['1234567897', '1234-567-897', '1234 567 897 AB', '9876543217', '4512345671XY'])('accepts the Ontario health number %s', (n) => {
    expect(isOntarioHealthNumber(n)).toBe(true);
  });
  it.each(['1234567890', '1234-567-898', '9876543210', '0000000000', '123456789'])('refuses the Ontario health number %s', (n) => {
    expect(isOntarioHealthNumber(n)).toBe(false);
  });

  it.each(['9698658215', '9698 658 215', '9123456798', '9765432197', '9333333393'])('accepts the BC PHN %s', (n) => {
    expect(isBcPhn(n)).toBe(true);
  });
  it.each([
    ['9698648215', 'wrong check digit'],
    ['9698658216', 'wrong check digit'],
    ['5736504210', 'does not start with 9'],
    ['969865821', 'nine digits'],
  ])('refuses the BC PHN %s (%s)', (n) => {
    expect(isBcPhn(n)).toBe(false);
  });

  it.each(['TREM 0453 1512', 'trem04531512', 'GAGN 9012 3111', 'LAVO 0862 2911'])('accepts the Quebec health number %s', (n) => {
    expect(isQuebecHealthNumber(n)).toBe(true);
  });
  it.each([
    ['TREM 0413 1512', 'month 13'],
    ['TREM 0463 1512', 'month 63 (13 + 50)'],
    ['TREM 0402 3012', 'February 30'],
    ['TREM 0453 1502', 'sequence starting with 0'],
    ['TRE 0453 1512', 'three letters'],
  ])('refuses the Quebec health number %s (%s)', (n) => {
    expect(isQuebecHealthNumber(n)).toBe(false);
  });

  it.each(['130 692 544', '130-692-544', '276543212'])('accepts the SIN %s', (n) => {
    expect(isSin(n)).toBe(true);
  });
  it.each([
    ['130 692 545', 'wrong check digit'],
    ['046 454 286', 'starts with 0 even though its Luhn digit is right'],
    ['800 000 002', 'starts with 8'],
    ['12345678', 'eight digits'],
  ])('refuses the SIN %s (%s)', (n) => {
    expect(isSin(n)).toBe(false);
  });
});

describe('detectPhi finds', () => {
  it.each<[string, PhiKind, string]>([
    ['My card is 1234-567-897-AB, thanks', 'ontario_health_card', '1234-567-897-AB'],
    ['OHIP 1234 567 897', 'ontario_health_card', '1234 567 897'],
    ['health number 1234567897', 'ontario_health_card', '1234567897'],
    ['His PHN is 9698 658 215.', 'bc_phn', '9698 658 215'],
    ['Carte RAMQ : TREM 0453 1512', 'quebec_health_card', 'TREM 0453 1512'],
    ['Alberta health card 12345-6789', 'alberta_phn', '12345-6789'],
    ['my SIN: 130-692-544', 'sin', '130-692-544'],
    ['She was born on 2019-03-04 at noon', 'date_of_birth', '2019-03-04'],
    ['DOB 04/03/2019', 'date_of_birth', '04/03/2019'],
    ['D.O.B. March 4, 2019', 'date_of_birth', 'March 4, 2019'],
    ['date of birth: 4th of March, 2019', 'date_of_birth', '4th of March, 2019'],
    ['Mon fils est né le 4 mars 2019.', 'date_of_birth', '4 mars 2019'],
    ['Date de naissance : 1er août 2020', 'date_of_birth', '1er août 2020'],
    ['call me at (416) 555-0199', 'phone', '(416) 555-0199'],
    ['reach us: 613.555.0142', 'phone', '613.555.0142'],
    ['+1 416 555 0199 any time', 'phone', '+1 416 555 0199'],
    ['1-800-555-0123', 'phone', '1-800-555-0123'],
    ['text me 4165550198', 'phone', '4165550198'],
  ])('%s → %s', (text, kind, value) => {
    expect(kindsIn(text)).toEqual([`${kind}:${value}`]);
  });

  it('gives the span of every finding, in order', () => {
    const text = 'born 2019-03-04, card 1234 567 897, call 416-555-0199';
    const found = detectPhi(text);
    expect(found.map((f) => f.kind)).toEqual(['date_of_birth', 'ontario_health_card', 'phone']);
    for (const f of found) expect(text.slice(f.start, f.end)).toMatch(/\d$/);
    expect(phiKinds(found)).toEqual(['ontario_health_card', 'phone', 'date_of_birth']);
  });

  it('finds medical record numbers in the organization template, with separators typed freely', () => {
    expect(kindsIn('chart MRN-1234567 please', 'MRN-#######')).toEqual(['mrn:MRN-1234567']);
    expect(kindsIn('chart mrn 1234567 please', 'MRN-#######')).toEqual(['mrn:mrn 1234567']);
    expect(kindsIn('chart MRN-123456 please', 'MRN-#######')).toEqual([]);
    expect(kindsIn('patient AB/12345', '@@/#####')).toEqual(['mrn:AB/12345']);
    expect(kindsIn('chart MRN-1234567 please')).toEqual([]);
  });
});

describe('detectPhi leaves alone', () => {
  it.each([
    ['ordinary numbers', 'We raised 12345 dollars from 678 donors; 42 volunteers, 1000000 thanks.'],
    ['years', 'In 2019 and 2020, then again in 2024.'],
    ['prices', 'Tickets cost $1,234.56 or 1 234,56 $ each, and the gala raised $12,345,678.'],
    ['postal codes', 'Send it to K1A 0B1 or H3Z 2Y7.'],
    ['dates not about birth', 'The clinic opened on 2019-03-04 and moved on March 4, 2019; la fête du 4 mars 2019.'],
    ['a birth word in another sentence', 'She was born in Ottawa. On 2019-03-04 we moved.'],
    ['order numbers with failing check digits', 'Order 1234567890 and invoice 9876543210 and ref 1234-567-898.'],
    ['an unformatted 10-digit number without a phone word', 'Order 4165550199 shipped.'],
    ['nine digits without a health word that fail the SIN check', 'Tracking 123456789 and 130692545.'],
    ['a SIN-like number starting with 0', 'Reference 046 454 286.'],
    ['decimals and version numbers', 'Version 3.1234567897 and pi is 3.14159265358.'],
    ['a partial date of birth', 'He was born in March 2019 and her birthday is March 4.'],
    ['an impossible date of birth', 'born 2019-02-30, DOB 31/31/2019'],
  ])('%s', (_label, text) => {
    expect(kindsIn(text)).toEqual([]);
  });
});

describe('medical record number templates', () => {
  it.each(['MRN-#######', '@@######', 'H-####-####', '####.####', 'A1/####'])('accepts %s', (template) => {
    expect(compileMrnTemplate(template)).toBeInstanceOf(RegExp);
  });
  it.each([
    ['', 'empty'],
    ['MRN-###', 'fewer than four placeholders'],
    ['(\\d+)+$', 'a regular expression'],
    ['MRN-.*', 'wildcards'],
    ['#'.repeat(41), 'too long'],
    ['MRN_#####', 'an underscore'],
    ['<script>####', 'markup'],
  ])('refuses %s (%s)', (template) => {
    expect(compileMrnTemplate(template)).toBeNull();
  });

  it('matches in time linear in the text, whatever the template', () => {
    const re = compileMrnTemplate('#-#-#-#-#-#-#-#-#-#-#-#-#')!;
    const text = `${'1-'.repeat(20_000)}x`;
    const started = performance.now();
    detectPhi(text, { mrn: re });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

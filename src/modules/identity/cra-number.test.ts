import { describe, expect, it } from 'vitest';
import { formatCraNumber, isCraNumber, normalizeCraNumber, parseCraNumber } from './cra-number.js';

describe('CRA charity registration number', () => {
  it.each(['123456789RR0001', '888777666RR0012', '000000000RR0000'])('accepts %s', (n) => {
    expect(isCraNumber(n)).toBe(true);
    expect(parseCraNumber(n)).toBe(n);
  });

  it.each([
    ['', 'empty'],
    ['12345678RR0001', 'eight digits'],
    ['1234567890RR0001', 'ten digits'],
    ['123456789RR001', 'three-digit reference'],
    ['123456789RR00001', 'five-digit reference'],
    ['123456789RC0001', 'another program (RC is corporate income tax)'],
    ['123456789RT0001', 'GST/HST account'],
    ['12345678ARR0001', 'a letter among the digits'],
    ['RR123456789 0001', 'parts in the wrong order'],
    ['１２３４５６７８９RR0001', 'full-width digits'],
    ['123456789RR0001<', 'markup'],
  ])('refuses %s (%s)', (n) => {
    expect(parseCraNumber(n)).toBeNull();
  });

  it('tolerates the spaces, hyphens and lower case people type', () => {
    expect(normalizeCraNumber(' 123456789 rr 0001 ')).toBe('123456789RR0001');
    expect(parseCraNumber('123456789-RR-0001')).toBe('123456789RR0001');
    expect(parseCraNumber('123 456 789 RR 0001')).toBe('123456789RR0001');
  });

  it('prints the number in its three parts', () => {
    expect(formatCraNumber('123456789RR0001')).toBe('123456789 RR 0001');
    expect(formatCraNumber('not a number')).toBe('not a number');
  });
});

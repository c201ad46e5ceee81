import { describe, expect, it } from 'vitest';
import { normalizeText, parseIntent, RESERVED_WORDS } from './sms-words.js';

describe('reading a donor text', () => {
  it('recognizes every opt-out word in both languages, whatever the case and accents', () => {
    for (const [body, lang] of [['STOP', 'en'], ['stop', 'en'], [' Stop. ', 'en'], ['END', 'en'], ['cancel', 'en'], ['Unsubscribe', 'en'], ['quit', 'en'], ['ARRET', 'fr'], ['arrêt', 'fr'], ['ARRÊT', 'fr'], ['Arrêt!', 'fr'], ['stop please', 'en']] as const) {
      expect(parseIntent(body), body).toEqual({ kind: 'stop', lang });
    }
  });

  it('recognizes opt-in and help words', () => {
    expect(parseIntent('start')).toEqual({ kind: 'start', lang: 'en' });
    expect(parseIntent('UNSTOP')).toEqual({ kind: 'start', lang: 'en' });
    expect(parseIntent('help')).toEqual({ kind: 'help', lang: 'en' });
    expect(parseIntent('Aide')).toEqual({ kind: 'help', lang: 'fr' });
    expect(parseIntent('info')).toEqual({ kind: 'help', lang: null });
  });

  it('recognizes yes in both languages, only alone', () => {
    expect(parseIntent('yes')).toEqual({ kind: 'yes', lang: 'en' });
    expect(parseIntent('Oui')).toEqual({ kind: 'yes', lang: 'fr' });
    expect(parseIntent('yes maybe').kind).toBe('keyword');
  });

  it('reads a keyword with an optional amount', () => {
    expect(parseIntent('give')).toEqual({ kind: 'keyword', keyword: 'GIVE', amountDollars: null, amountText: null });
    expect(parseIntent('Give 25')).toEqual({ kind: 'keyword', keyword: 'GIVE', amountDollars: 25, amountText: '25' });
    expect(parseIntent('donner $10')).toEqual({ kind: 'keyword', keyword: 'DONNER', amountDollars: 10, amountText: '$10' });
    expect(parseIntent('give lots')).toEqual({ kind: 'keyword', keyword: 'GIVE', amountDollars: null, amountText: 'LOTS' });
    expect(parseIntent('   ')).toEqual({ kind: 'empty' });
  });

  it('normalizes accents and punctuation', () => {
    expect(normalizeText('  Élan   du cœur! ')).toBe('ELAN DU C UR');
    expect(RESERVED_WORDS.has('ARRET')).toBe(true);
  });
});

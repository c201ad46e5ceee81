import argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';

export const PASSWORD_MIN_LENGTH = 10;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  // Common passwords, keyboard patterns, and English and French words and names.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return factory;
}

export type PasswordVerdict = { ok: true } | { ok: false; code: 'too_short' | 'password_weak' | 'password_common' | 'password_contains_email' };

/**
 * Refuses short passwords, passwords built on the person's e-mail, and anything the strength
 * estimator (zxcvbn-ts with its common-password list) scores below 3 of 4.
 */
export async function judgePassword(password: string, userInputs: string[] = []): Promise<PasswordVerdict> {
  if (password.length < PASSWORD_MIN_LENGTH) return { ok: false, code: 'too_short' };
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.+_-]/)]).filter((s) => s.length >= 3);
  const lower = password.toLowerCase();
  if (inputs.some((s) => s.length >= 4 && lower.includes(s.toLowerCase()))) return { ok: false, code: 'password_contains_email' };
  const result = await estimator().checkAsync(password, inputs);
  if (result.score >= 3) return { ok: true };
  const dictionaryHit = result.sequence.some((m) => m.pattern === 'dictionary' && String((m as { dictionaryName?: string }).dictionaryName).startsWith('passwords'));
  return { ok: false, code: dictionaryHit ? 'password_common' : 'password_weak' };
}

export const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Spent on unknown e-mails too, so timing does not tell which accounts exist. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('foyer-timing-equaliser-password');
  await verifyPassword(await dummyHash, password);
}

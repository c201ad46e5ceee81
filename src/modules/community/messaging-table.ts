import type { Decision } from '../../platform/auth/policy.js';

/**
 * The expected answers of the community policy about direct messages, blocks, mentions and
 * notices between two people: for each role (as a participant of a conversation or not) and each
 * situation of the pair, one letter per action. policy.test.ts-style checks run it on the policy
 * (policy-messages.test.ts) and over HTTP (routes/messaging-matrix.test.ts).
 * A = allow, D = deny (403; 409 when messages are switched off), H = hide (404).
 *
 * The pair is the person asking and the other one: the other participant of the conversation, the
 * person they would start a conversation with, block, mention or be told about.
 */
export const MESSAGING_ACTIONS = ['read', 'send', 'start', 'block', 'mention', 'notify'] as const;
export type MessagingAction = (typeof MESSAGING_ACTIONS)[number];
export const MESSAGING_ROLES = ['anonymous', 'participant', 'participant admin', 'non-participant member', 'non-participant admin', 'member of another organization'] as const;
export type MessagingRole = (typeof MESSAGING_ROLES)[number];
export const MESSAGING_SITUATIONS = ['open', 'messages off', 'blocked by me', 'blocked by them', 'private profile'] as const;
export type MessagingSituation = (typeof MESSAGING_SITUATIONS)[number];

const CODES = { A: 'allow', D: 'deny', H: 'hide' } as const;
type Row = Record<MessagingAction, Decision>;
const row = (letters: string): Row => {
  const codes = letters.replace(/\s/g, '').split('') as (keyof typeof CODES)[];
  if (codes.length !== MESSAGING_ACTIONS.length) throw new Error(`row "${letters}" has ${codes.length} answers`);
  return Object.fromEntries(MESSAGING_ACTIONS.map((a, i) => [a, CODES[codes[i]!]])) as Row;
};
const same = (r: Row): Record<MessagingSituation, Row> => Object.fromEntries(MESSAGING_SITUATIONS.map((s) => [s, r])) as Record<MessagingSituation, Row>;

//                                   read send start block mention notify
const PARTICIPANT: Record<MessagingSituation, Row> = {
  open: row('AA AA AA'),
  'messages off': row('AD DA AA'), //       readable, nothing new; blocks, mentions, notices unchanged
  'blocked by me': row('AD DA DD'), //      a block cuts messages, mentions and notices both ways
  'blocked by them': row('AD DA DD'),
  'private profile': row('AA HA AA'), //    an existing conversation goes on; a new one cannot start
};
const NON_PARTICIPANT: Record<MessagingSituation, Row> = {
  open: row('HH AA AA'),
  'messages off': row('HH DA AA'),
  'blocked by me': row('HH DA DD'),
  'blocked by them': row('HH DA DD'),
  'private profile': row('HH HA AA'),
};

export const MESSAGING_TABLE: Record<MessagingRole, Record<MessagingSituation, Row>> = {
  anonymous: same(row('HH DD DD')),
  participant: PARTICIPANT,
  // Administrators read no one else's conversations.
  'participant admin': PARTICIPANT,
  'non-participant member': NON_PARTICIPANT,
  'non-participant admin': NON_PARTICIPANT,
  'member of another organization': same(row('HH DD DD')),
};

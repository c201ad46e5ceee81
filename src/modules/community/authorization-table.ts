import type { Decision } from '../../platform/auth/policy.js';
import type { GroupKind } from './db/schema.js';

/**
 * The expected answer of the community policy for each role, group kind and action: the
 * specification that policy.test.ts checks on the policy and routes/authorization-matrix.test.ts
 * checks over HTTP. A = allow, D = deny (403, or sign-in for anonymous visitors), H = hide (404).
 *
 * The roles: "group member", "group moderator" and "banned member" are verified staff (so a
 * staff network can have them); "group member without staff verification" shows that losing
 * verification takes a staff network away.
 */
export const MATRIX_ACTIONS = ['see group', 'see post', 'list', 'search', 'reply', 'react', 'mention', 'notify', 'join', 'moderate'] as const;
export type MatrixAction = (typeof MATRIX_ACTIONS)[number];
export const MATRIX_ROLES = [
  'anonymous',
  'member',
  'group member',
  'group moderator',
  'staff',
  'org moderator',
  'admin',
  'member of another organization',
  'banned member',
  'group member without staff verification',
] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

const CODES = { A: 'allow', D: 'deny', H: 'hide' } as const;
type Row = Record<MatrixAction, Decision>;

/** One string per kind, one letter per action in MATRIX_ACTIONS order. */
const row = (letters: string): Row => {
  const codes = letters.replace(/\s/g, '').split('') as (keyof typeof CODES)[];
  if (codes.length !== MATRIX_ACTIONS.length) throw new Error(`row "${letters}" has ${codes.length} answers`);
  return Object.fromEntries(MATRIX_ACTIONS.map((a, i) => [a, CODES[codes[i]!]])) as Row;
};

//                                       group post list search reply react mention notify join moderate
const ALL_DENIED = row('DDDD DD DD DD');
const ALL_HIDDEN = row('HHHH HH HH HH');
const READER = row('AAAA DD AA AD'); //    reads, may join, does not write
const LOOKER = row('ADAA DD DD AD'); //    sees the group, asks to join
const PARTICIPANT = row('AAAA AA AA DD');
const MODERATOR = row('AAAA AA AA DA');
const OVERSEER = row('AAAA DD AA AA'); //  reads and moderates without being a member
const OVERSEER_NO_JOIN = row('AAAA DD AA DA');
const BANNED = row('ADAA DD DD DD');
const OUTSIDER = { public: ALL_DENIED, private: ALL_DENIED, secret: ALL_HIDDEN, staff: ALL_HIDDEN };

export const AUTHORIZATION_TABLE: Record<MatrixRole, Record<GroupKind, Row>> = {
  anonymous: OUTSIDER,
  member: { public: READER, private: LOOKER, secret: ALL_HIDDEN, staff: ALL_HIDDEN },
  'group member': { public: PARTICIPANT, private: PARTICIPANT, secret: PARTICIPANT, staff: PARTICIPANT },
  'group moderator': { public: MODERATOR, private: MODERATOR, secret: MODERATOR, staff: MODERATOR },
  staff: { public: READER, private: LOOKER, secret: ALL_HIDDEN, staff: READER },
  'org moderator': { public: OVERSEER, private: OVERSEER, secret: OVERSEER_NO_JOIN, staff: ALL_HIDDEN },
  admin: { public: OVERSEER, private: OVERSEER, secret: OVERSEER_NO_JOIN, staff: OVERSEER_NO_JOIN },
  'member of another organization': OUTSIDER,
  'banned member': { public: BANNED, private: BANNED, secret: ALL_HIDDEN, staff: BANNED },
  'group member without staff verification': { public: PARTICIPANT, private: PARTICIPANT, secret: PARTICIPANT, staff: ALL_HIDDEN },
};

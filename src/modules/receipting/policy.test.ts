import { describe, expect, it } from 'vitest';
import { accountActor, ANONYMOUS, type Actor, type Role } from '../../platform/auth/actor.js';
import { decide } from '../../platform/auth/policy.js';
import { receiptingPolicy, type ReceiptingAction } from './policy.js';

const ORG = 'org-1';
const OTHER = 'org-2';
const DONOR = 'account-donor';

function person(roles: Role[], opts: { org?: string; accountId?: string } = {}): Actor {
  const org = opts.org ?? ORG;
  return accountActor({
    accountId: opts.accountId ?? `account-${roles.join('-')}-${org}`,
    sessionId: 's',
    email: 'p@example.ca',
    displayName: 'P',
    locale: 'en',
    isPlatformAdmin: false,
    memberships: roles.length ? [{ organizationId: org, organizationSlug: org, organizationName: { en: org, fr: org }, roles, staffVerified: false }] : [],
  });
}

const people: Record<string, Actor> = {
  anonymous: ANONYMOUS,
  'signed in, no membership': person([]),
  member: person(['member']),
  staff: person(['staff', 'member']),
  moderator: person(['moderator', 'member']),
  communicator: person(['communicator', 'member']),
  fundraiser: person(['fundraiser', 'member']),
  admin: person(['admin', 'member']),
  'the donor (a member)': person(['member'], { accountId: DONOR }),
  'fundraiser of another organization': person(['fundraiser', 'member'], { org: OTHER }),
  'admin of another organization': person(['admin', 'member'], { org: OTHER }),
};

const org = { organizationId: ORG };
const receipt = { organizationId: ORG, donorAccountId: DONOR };
const guestReceipt = { organizationId: ORG, donorAccountId: null };

type Row = [string, ...string[]];
// Columns: settings.manage, signing.manage, register.view, receipt.replace, receipt.send, receipt.view, receipt.view (guest's receipt), receipt.listOwn
const table: Row[] = [
  ['anonymous', 'deny', 'deny', 'deny', 'deny', 'deny', 'deny', 'deny', 'deny'],
  ['signed in, no membership', 'deny', 'deny', 'deny', 'deny', 'deny', 'hide', 'hide', 'allow'],
  ['member', 'deny', 'deny', 'deny', 'deny', 'deny', 'hide', 'hide', 'allow'],
  ['staff', 'deny', 'deny', 'deny', 'deny', 'deny', 'hide', 'hide', 'allow'],
  ['moderator', 'deny', 'deny', 'deny', 'deny', 'deny', 'hide', 'hide', 'allow'],
  ['communicator', 'deny', 'deny', 'deny', 'deny', 'deny', 'hide', 'hide', 'allow'],
  ['fundraiser', 'allow', 'deny', 'allow', 'allow', 'allow', 'allow', 'allow', 'allow'],
  ['admin', 'allow', 'allow', 'allow', 'allow', 'allow', 'allow', 'allow', 'allow'],
  ['the donor (a member)', 'deny', 'deny', 'deny', 'deny', 'deny', 'allow', 'hide', 'allow'],
  ['fundraiser of another organization', 'deny', 'deny', 'deny', 'deny', 'deny', 'hide', 'hide', 'allow'],
  ['admin of another organization', 'deny', 'deny', 'deny', 'deny', 'deny', 'hide', 'hide', 'allow'],
];

const checks: [ReceiptingAction, unknown][] = [
  ['settings.manage', org],
  ['signing.manage', org],
  ['register.view', org],
  ['receipt.replace', receipt],
  ['receipt.send', receipt],
  ['receipt.view', receipt],
  ['receipt.view', guestReceipt],
  ['receipt.listOwn', undefined],
];

describe('receipting policy: role × action', () => {
  it('covers every action of the policy', () => {
    expect(new Set(checks.map(([a]) => a))).toEqual(new Set(Object.keys(receiptingPolicy)));
  });
  it.each(table)('%s', (who, ...expected) => {
    const actor = people[who]!;
    const got = checks.map(([action, resource]) => decide(receiptingPolicy, actor, action, resource as never));
    expect(got).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { accountActor, ANONYMOUS, type Actor, type Role } from '../../platform/auth/actor.js';
import { authorize, decide, type Decision } from '../../platform/auth/policy.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../platform/http/errors.js';
import { fundraisingPolicy, type FundraisingAction } from './policy.js';

const ORG = '00000000-0000-7000-8000-000000000001';
const OTHER_ORG = '00000000-0000-7000-8000-000000000002';
const ACTOR_ID = '00000000-0000-7000-8000-0000000000aa';
const SOMEONE_ID = '00000000-0000-7000-8000-0000000000ff';

function actorWith(roles: Role[], org = ORG): Actor {
  return accountActor({
    accountId: ACTOR_ID,
    sessionId: 'session',
    email: 'actor@example.ca',
    displayName: 'Actor',
    locale: 'en',
    isPlatformAdmin: false,
    memberships: roles.length === 0 ? [] : [{ organizationId: org, organizationSlug: 'org', organizationName: { en: 'Org', fr: 'Org' }, roles, staffVerified: false }],
  });
}

const ACTORS = {
  anonymous: ANONYMOUS,
  member: actorWith(['member']),
  staff: actorWith(['staff', 'member']),
  fundraiser: actorWith(['fundraiser', 'member']),
  moderator: actorWith(['moderator', 'member']),
  communicator: actorWith(['communicator', 'member']),
  admin: actorWith(['admin', 'member']),
  fundraiserOfAnotherOrg: actorWith(['fundraiser', 'member'], OTHER_ORG),
} satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;
const NAMES = Object.keys(ACTORS) as ActorName[];

/** Each action is asked about something in ORG belonging to someone else. */
const RESOURCE: Record<FundraisingAction, unknown> = {
  // A draft: only its fundraisers see it (a published one is open to everyone, below).
  'campaign.view': { organizationId: ORG, publishedAt: null },
  'campaign.create': { organizationId: ORG },
  'campaign.update': { organizationId: ORG },
  'campaign.manage': { organizationId: ORG },
  'gift.give': { organizationId: ORG, publishedAt: null },
  'gift.view': { organizationId: ORG, accountId: SOMEONE_ID },
  'gift.list': { organizationId: ORG },
  'gift.recordOffline': { organizationId: ORG },
  'donor.view': { organizationId: ORG, accountId: SOMEONE_ID },
  'donor.viewOwnHistory': undefined,
  'page.create': { organizationId: ORG },
  'page.update': { ownerAccountId: SOMEONE_ID },
  'patient.transfer': { organizationId: ORG, kind: 'hospital' },
  'patient.recordOptOut': { organizationId: ORG, kind: 'hospital' },
  'patient.list': { organizationId: ORG },
  'patient.optOutByLink': { organizationId: ORG },
  'monthly.view': { organizationId: ORG, accountId: SOMEONE_ID },
  'monthly.manage': { organizationId: ORG, accountId: SOMEONE_ID },
  'monthly.listOwn': undefined,
  'monthly.list': { organizationId: ORG },
  'monthly.issueAnnualReceipts': { organizationId: ORG },
};

const A = 'allow' as const;
const D = 'deny' as const;
const H = 'hide' as const;
const FUNDRAISERS = (otherwise: Decision): Record<ActorName, Decision> => ({
  anonymous: otherwise, member: otherwise, staff: otherwise, fundraiser: A, moderator: otherwise, communicator: otherwise, admin: A, fundraiserOfAnotherOrg: otherwise,
});
const EVERYONE: Record<ActorName, Decision> = { anonymous: A, member: A, staff: A, fundraiser: A, moderator: A, communicator: A, admin: A, fundraiserOfAnotherOrg: A };

const EXPECTED: Record<FundraisingAction, Record<ActorName, Decision>> = {
  'campaign.view': FUNDRAISERS(H),
  'campaign.create': FUNDRAISERS(D),
  'campaign.update': FUNDRAISERS(D),
  'campaign.manage': FUNDRAISERS(D),
  'gift.give': FUNDRAISERS(H),
  'gift.view': FUNDRAISERS(H),
  'gift.list': FUNDRAISERS(D),
  'gift.recordOffline': FUNDRAISERS(D),
  'donor.view': FUNDRAISERS(H),
  'donor.viewOwnHistory': { ...EVERYONE, anonymous: D },
  'page.create': { ...EVERYONE, anonymous: D },
  'page.update': { ...EVERYONE, anonymous: D, member: D, staff: D, fundraiser: D, moderator: D, communicator: D, admin: D, fundraiserOfAnotherOrg: D },
  'patient.transfer': { anonymous: D, member: D, staff: A, fundraiser: D, moderator: D, communicator: D, admin: A, fundraiserOfAnotherOrg: D },
  'patient.recordOptOut': { anonymous: D, member: D, staff: A, fundraiser: D, moderator: D, communicator: D, admin: A, fundraiserOfAnotherOrg: D },
  'patient.list': FUNDRAISERS(D),
  'patient.optOutByLink': EVERYONE,
  'monthly.view': FUNDRAISERS(H),
  // Not even a fundraiser may change someone's monthly gift: it does not exist for them.
  'monthly.manage': { anonymous: H, member: H, staff: H, fundraiser: H, moderator: H, communicator: H, admin: H, fundraiserOfAnotherOrg: H },
  'monthly.listOwn': { ...EVERYONE, anonymous: D },
  'monthly.list': FUNDRAISERS(D),
  'monthly.issueAnnualReceipts': FUNDRAISERS(D),
};

describe('fundraising policy, role × action', () => {
  for (const action of Object.keys(EXPECTED) as FundraisingAction[]) {
    for (const name of NAMES) {
      it(`${action} for ${name} is ${EXPECTED[action][name]}`, () => {
        expect(decide(fundraisingPolicy, ACTORS[name], action, RESOURCE[action] as never)).toBe(EXPECTED[action][name]);
      });
    }
  }

  it('covers every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(fundraisingPolicy).sort());
  });

  it('opens a published campaign to everyone, and a page to its owner', () => {
    for (const name of NAMES) {
      expect(decide(fundraisingPolicy, ACTORS[name], 'campaign.view', { organizationId: ORG, publishedAt: new Date() })).toBe('allow');
      expect(decide(fundraisingPolicy, ACTORS[name], 'gift.give', { organizationId: ORG, publishedAt: new Date() })).toBe('allow');
    }
    expect(decide(fundraisingPolicy, ACTORS.member, 'page.update', { ownerAccountId: ACTOR_ID })).toBe('allow');
    expect(decide(fundraisingPolicy, ANONYMOUS, 'page.update', { ownerAccountId: null })).toBe('deny');
  });

  it('lets a donor see their own gift and record, and a browser holding a gift token its thank-you page', () => {
    const own = { organizationId: ORG, accountId: ACTOR_ID };
    expect(decide(fundraisingPolicy, ACTORS.member, 'gift.view', own)).toBe('allow');
    expect(decide(fundraisingPolicy, ACTORS.member, 'donor.view', own)).toBe('allow');
    expect(decide(fundraisingPolicy, ANONYMOUS, 'gift.view', { organizationId: ORG, accountId: null }, { holdsToken: true })).toBe('allow');
    expect(decide(fundraisingPolicy, ANONYMOUS, 'gift.view', { organizationId: ORG, accountId: null }, { holdsToken: false })).toBe('hide');
  });

  it('lets only the signed-in donor whose account gave a monthly gift manage it', () => {
    const own = { organizationId: ORG, accountId: ACTOR_ID };
    expect(decide(fundraisingPolicy, ACTORS.member, 'monthly.manage', own)).toBe('allow');
    expect(decide(fundraisingPolicy, ANONYMOUS, 'monthly.manage', { organizationId: ORG, accountId: null })).toBe('hide');
    expect(decide(fundraisingPolicy, ANONYMOUS, 'monthly.view', { organizationId: ORG, accountId: null }, { holdsToken: true })).toBe('allow');
  });

  it('lets whoever holds a guest’s signed manage link manage that guest’s monthly gift, and no account-owned one', () => {
    const guests = { organizationId: ORG, accountId: null };
    expect(decide(fundraisingPolicy, ANONYMOUS, 'monthly.manage', guests, { holdsManageLink: true })).toBe('allow');
    expect(decide(fundraisingPolicy, ACTORS.fundraiserOfAnotherOrg, 'monthly.manage', guests, { holdsManageLink: true })).toBe('allow');
    expect(decide(fundraisingPolicy, ANONYMOUS, 'monthly.manage', guests, { holdsManageLink: false })).toBe('hide');
    expect(decide(fundraisingPolicy, ANONYMOUS, 'monthly.manage', { organizationId: ORG, accountId: ACTOR_ID }, { holdsManageLink: true })).toBe('hide');
    expect(decide(fundraisingPolicy, ACTORS.fundraiser, 'monthly.manage', guests)).toBe('hide');
  });

  it('lets only a hospital transfer grateful-patient contacts, and the foundation’s fundraisers record opt-outs said by phone', () => {
    const foundation = { organizationId: ORG, kind: 'foundation' };
    expect(decide(fundraisingPolicy, ACTORS.admin, 'patient.transfer', foundation)).toBe('deny');
    expect(decide(fundraisingPolicy, ACTORS.staff, 'patient.transfer', foundation)).toBe('deny');
    expect(decide(fundraisingPolicy, ACTORS.fundraiser, 'patient.recordOptOut', foundation)).toBe('allow');
    expect(decide(fundraisingPolicy, ACTORS.staff, 'patient.recordOptOut', foundation)).toBe('deny');
    expect(decide(fundraisingPolicy, ACTORS.fundraiserOfAnotherOrg, 'patient.recordOptOut', foundation)).toBe('deny');
  });

  it('turns decisions into the right errors', () => {
    expect(() => authorize(fundraisingPolicy, ANONYMOUS, 'campaign.create', { organizationId: ORG })).toThrow(UnauthenticatedError);
    expect(() => authorize(fundraisingPolicy, ACTORS.member, 'campaign.create', { organizationId: ORG })).toThrow(ForbiddenError);
    expect(() => authorize(fundraisingPolicy, ACTORS.member, 'donor.view', { organizationId: ORG, accountId: SOMEONE_ID })).toThrow(NotFoundError);
  });
});

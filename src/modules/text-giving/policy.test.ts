import { describe, expect, it } from 'vitest';
import { accountActor, ANONYMOUS, type Actor, type Role } from '../../platform/auth/actor.js';
import { authorize, decide, type Decision } from '../../platform/auth/policy.js';
import { ForbiddenError, UnauthenticatedError } from '../../platform/http/errors.js';
import { textGivingPolicy, type TextGivingAction } from './policy.js';

const ORG = '00000000-0000-7000-8000-000000000001';
const OTHER_ORG = '00000000-0000-7000-8000-000000000002';

function actorWith(roles: Role[], org = ORG): Actor {
  return accountActor({
    accountId: '00000000-0000-7000-8000-0000000000aa',
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
  adminOfAnotherOrg: actorWith(['admin', 'fundraiser', 'member'], OTHER_ORG),
  platformAdmin: accountActor({ accountId: '00000000-0000-7000-8000-0000000000bb', sessionId: 's', email: 'op@example.ca', displayName: 'Op', locale: 'en', isPlatformAdmin: true, memberships: [] }),
} satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;

const A = 'allow' as const;
const D = 'deny' as const;
const NOBODY: Record<ActorName, Decision> = { anonymous: D, member: D, staff: D, fundraiser: D, moderator: D, communicator: D, admin: D, adminOfAnotherOrg: D, platformAdmin: D };
const ADMIN_OR_FUNDRAISER = { ...NOBODY, fundraiser: A, admin: A };

/** The table: for each action, each kind of actor's expected decision. */
const EXPECTED: Record<TextGivingAction, Record<ActorName, Decision>> = {
  'number.manage': { ...NOBODY, admin: A },
  'program.view': ADMIN_OR_FUNDRAISER,
  'keyword.manage': ADMIN_OR_FUNDRAISER,
  'contact.viewPhone': { ...NOBODY, fundraiser: A },
  'contact.erase': ADMIN_OR_FUNDRAISER,
  'settlement.import': ADMIN_OR_FUNDRAISER,
  'pledge.view': ADMIN_OR_FUNDRAISER,
  'pledge.recordDonor': ADMIN_OR_FUNDRAISER,
  'board.view': { ...ADMIN_OR_FUNDRAISER, staff: A },
};

describe('text-giving policy', () => {
  const actions = Object.keys(textGivingPolicy) as TextGivingAction[];
  it('has an expectation for every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...actions].sort());
  });
  for (const action of actions) {
    for (const name of Object.keys(ACTORS) as ActorName[]) {
      it(`${action} × ${name} → ${EXPECTED[action][name]}`, () => {
        expect(decide(textGivingPolicy, ACTORS[name], action, { organizationId: ORG })).toBe(EXPECTED[action][name]);
      });
    }
  }
  it('turns a denial into 401 for anonymous visitors and 403 for others', () => {
    expect(() => authorize(textGivingPolicy, ANONYMOUS, 'number.manage', { organizationId: ORG })).toThrow(UnauthenticatedError);
    expect(() => authorize(textGivingPolicy, ACTORS.fundraiser, 'number.manage', { organizationId: ORG })).toThrow(ForbiddenError);
  });
});

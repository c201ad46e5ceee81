import { describe, expect, it } from 'vitest';
import { accountActor, ANONYMOUS, type Actor, type Role } from '../../platform/auth/actor.js';
import { authorize, decide, type Decision } from '../../platform/auth/policy.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../platform/http/errors.js';
import { identityPolicy, type IdentityAction, type ProfileResource } from './policy.js';

const ORG = { id: '00000000-0000-7000-8000-000000000001' };
const OTHER_ORG = { id: '00000000-0000-7000-8000-000000000002' };
const SOMEONE_ID = '00000000-0000-7000-8000-0000000000ff';
const ACTOR_EMAIL = 'actor@example.ca';

function actorWith(roles: Role[], opts: { org?: { id: string }; platformAdmin?: boolean } = {}): Actor {
  return accountActor({
    accountId: '00000000-0000-7000-8000-0000000000aa',
    sessionId: 'session',
    email: ACTOR_EMAIL,
    displayName: 'Actor',
    locale: 'en',
    isPlatformAdmin: opts.platformAdmin ?? false,
    memberships:
      roles.length === 0
        ? []
        : [{ organizationId: (opts.org ?? ORG).id, organizationSlug: 'org', organizationName: { en: 'Org', fr: 'Org' }, roles, staffVerified: false }],
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
  adminOfAnotherOrg: actorWith(['admin', 'member'], { org: OTHER_ORG }),
  platformAdmin: actorWith([], { platformAdmin: true }),
} satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;
const NAMES = Object.keys(ACTORS) as ActorName[];

/** Someone else's profile, visible to members of ORG. */
const PROFILE: ProfileResource = { accountId: SOMEONE_ID, visibility: 'organizations', organizationIds: [ORG.id] };

/** The resource each action is asked about: ORG, or something belonging to someone else in it. */
const RESOURCE: Record<IdentityAction, unknown> = {
  'organization.create': undefined,
  'organization.update': ORG,
  'organization.administer': ORG,
  'membership.list': ORG,
  'membership.changeRoles': ORG,
  'membership.update': ORG,
  'staff.verify': ORG,
  'invitation.create': ORG,
  'invitation.revoke': ORG,
  'invitation.list': ORG,
  'invitation.accept': { email: 'invitee@example.ca' },
  'audit.read': ORG,
  'profile.view': PROFILE,
  'profile.update': { accountId: SOMEONE_ID },
  'account.manageSecurity': { accountId: SOMEONE_ID },
};

const A = 'allow' as const;
const D = 'deny' as const;
const H = 'hide' as const;
const ONLY_ORG_ADMIN: Record<ActorName, Decision> = { anonymous: D, member: D, staff: D, fundraiser: D, moderator: D, communicator: D, admin: A, adminOfAnotherOrg: D, platformAdmin: D };
const ORG_ADMIN_OR_OPERATOR: Record<ActorName, Decision> = { ...ONLY_ORG_ADMIN, platformAdmin: A };
const NOBODY: Record<ActorName, Decision> = { anonymous: D, member: D, staff: D, fundraiser: D, moderator: D, communicator: D, admin: D, adminOfAnotherOrg: D, platformAdmin: D };

/** The table: for each action, each kind of actor's expected decision. */
const EXPECTED: Record<IdentityAction, Record<ActorName, Decision>> = {
  'organization.create': { ...NOBODY, platformAdmin: A },
  'organization.update': ORG_ADMIN_OR_OPERATOR,
  'organization.administer': ORG_ADMIN_OR_OPERATOR,
  'membership.list': ONLY_ORG_ADMIN,
  'membership.changeRoles': ONLY_ORG_ADMIN,
  'membership.update': ONLY_ORG_ADMIN,
  'staff.verify': ONLY_ORG_ADMIN,
  'invitation.create': ONLY_ORG_ADMIN,
  'invitation.revoke': ONLY_ORG_ADMIN,
  'invitation.list': ONLY_ORG_ADMIN,
  // Sent to another address than every actor's: nobody here may accept it.
  'invitation.accept': NOBODY,
  'audit.read': ONLY_ORG_ADMIN,
  // Visible to members of ORG only; hidden (404) from everyone else, operators included.
  'profile.view': { anonymous: H, member: A, staff: A, fundraiser: A, moderator: A, communicator: A, admin: A, adminOfAnotherOrg: H, platformAdmin: H },
  'profile.update': NOBODY,
  'account.manageSecurity': NOBODY,
};

describe('identity policy', () => {
  it('has a row in the table for every action, and no row for an action that does not exist', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(identityPolicy).sort());
  });

  const cases = (Object.keys(EXPECTED) as IdentityAction[]).flatMap((action) => NAMES.map((who) => [action, who, EXPECTED[action][who]] as const));
  it.each(cases)('%s by %s → %s', (action, who, expected) => {
    expect(decide(identityPolicy, ACTORS[who], action, RESOURCE[action] as never)).toBe(expected);
  });

  it('lets people act on their own account and profile', () => {
    const self = ACTORS.member;
    expect(decide(identityPolicy, self, 'profile.update', { accountId: self.accountId! })).toBe('allow');
    expect(decide(identityPolicy, self, 'account.manageSecurity', { accountId: self.accountId! })).toBe('allow');
    expect(decide(identityPolicy, ANONYMOUS, 'profile.view', { ...PROFILE, visibility: 'public' })).toBe('allow');
    expect(decide(identityPolicy, ACTORS.admin, 'profile.view', { ...PROFILE, visibility: 'private' })).toBe('hide');
  });

  it('lets only the invited address accept an invitation, whatever its case', () => {
    for (const who of NAMES) {
      const expected = ACTORS[who].kind === 'account' ? 'allow' : 'deny';
      expect(decide(identityPolicy, ACTORS[who], 'invitation.accept', { email: 'Actor@Example.ca' }), who).toBe(expected);
    }
  });

  it('turns decisions into the right errors', () => {
    expect(() => authorize(identityPolicy, ACTORS.admin, 'audit.read', ORG)).not.toThrow();
    expect(() => authorize(identityPolicy, ACTORS.member, 'audit.read', ORG)).toThrow(ForbiddenError);
    expect(() => authorize(identityPolicy, ANONYMOUS, 'audit.read', ORG)).toThrow(UnauthenticatedError);
    expect(() => authorize(identityPolicy, ACTORS.adminOfAnotherOrg, 'profile.view', PROFILE)).toThrow(NotFoundError);
  });
});

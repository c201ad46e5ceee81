import { describe, expect, it } from 'vitest';
import { accountActor, ANONYMOUS, type Actor, type Role } from '../../platform/auth/actor.js';
import type { Decision } from '../../platform/auth/policy.js';
import { decide } from '../../platform/auth/policy.js';
import type { GroupKind, GroupRole, MemberStatus } from './db/schema.js';
import { communityPolicy, type GroupResource } from './policy.js';
import { AUTHORIZATION_TABLE, MATRIX_ACTIONS, MATRIX_ROLES, type MatrixRole } from './authorization-table.js';

const ORG = '0190f0e0-0000-7000-8000-00000000000a';
const OTHER = '0190f0e0-0000-7000-8000-00000000000b';

function person(orgId: string, roles: Role[], staffVerified = false): Actor {
  return accountActor({
    accountId: '0190f0e0-0000-7000-8000-0000000000aa',
    sessionId: 's',
    email: 'p@example.ca',
    displayName: 'P',
    locale: 'en',
    isPlatformAdmin: false,
    memberships: [{ organizationId: orgId, organizationSlug: 'o', organizationName: { en: 'O', fr: 'O' }, roles, staffVerified }],
  });
}

/** Each role of the table as an actor and their membership of the group. */
const FIXTURES: Record<MatrixRole, { actor: Actor; membership: { role: GroupRole; status: MemberStatus } | null }> = {
  anonymous: { actor: ANONYMOUS, membership: null },
  member: { actor: person(ORG, ['member']), membership: null },
  'group member': { actor: person(ORG, ['member'], true), membership: { role: 'member', status: 'active' } },
  'group moderator': { actor: person(ORG, ['member'], true), membership: { role: 'moderator', status: 'active' } },
  staff: { actor: person(ORG, ['staff', 'member'], true), membership: null },
  'org moderator': { actor: person(ORG, ['moderator', 'member']), membership: null },
  admin: { actor: person(ORG, ['admin', 'member']), membership: null },
  'member of another organization': { actor: person(OTHER, ['admin', 'member'], true), membership: null },
  'banned member': { actor: person(ORG, ['member'], true), membership: { role: 'member', status: 'banned' } },
  'group member without staff verification': { actor: person(ORG, ['member']), membership: { role: 'member', status: 'active' } },
};

const ACTION_RULE = {
  'see group': 'group.view',
  'see post': 'post.view',
  list: 'group.list',
  search: 'group.search',
  reply: 'post.reply',
  react: 'post.react',
  mention: 'post.mention',
  notify: 'post.notify',
  join: 'group.join',
  moderate: 'group.moderate',
} as const;

describe('community policy: role × group kind × action', () => {
  for (const role of MATRIX_ROLES) {
    for (const kind of Object.keys(AUTHORIZATION_TABLE[role]) as GroupKind[]) {
      it(`${role} in a ${kind} group`, () => {
        const f = FIXTURES[role];
        const group: GroupResource = { organizationId: ORG, kind, membership: f.membership };
        const got = Object.fromEntries(MATRIX_ACTIONS.map((a) => [a, decide(communityPolicy, f.actor, ACTION_RULE[a], group)]));
        expect(got).toEqual(AUTHORIZATION_TABLE[role][kind]);
      });
    }
  }

  it('hides secret groups and staff networks, never refusing them, from everyone who cannot see them', () => {
    for (const role of MATRIX_ROLES) {
      for (const kind of ['secret', 'staff'] as const) {
        const row = AUTHORIZATION_TABLE[role][kind];
        if (row['see group'] !== 'allow') expect(Object.values(row).every((d) => d === 'hide'), `${role} ${kind}`).toBe(true);
      }
    }
  });

  const member = person(ORG, ['member']);
  const staff = person(ORG, ['staff', 'member'], true);
  const g = (kind: GroupKind, membership: GroupResource['membership'] = null): GroupResource => ({ organizationId: ORG, kind, membership });

  it('lets an invited person see a secret group and accept, but not read it', () => {
    const invited = g('secret', { role: 'member', status: 'invited' });
    expect([decide(communityPolicy, member, 'group.view', invited), decide(communityPolicy, member, 'post.view', invited), decide(communityPolicy, member, 'group.join', invited)]).toEqual(['allow', 'deny', 'allow']);
  });

  it('does not let someone who asked to join read or ask again, but lets them withdraw', () => {
    const asked = g('private', { role: 'member', status: 'requested' });
    expect([decide(communityPolicy, member, 'post.view', asked), decide(communityPolicy, member, 'group.join', asked), decide(communityPolicy, member, 'group.leave', asked)]).toEqual(['deny', 'deny', 'allow']);
  });

  it('lets any member start a group, and only verified staff or an administrator a staff network', () => {
    const org = { organizationId: ORG };
    const rows = (['public', 'secret', 'staff'] as const).map((k) => [decide(communityPolicy, member, 'group.create', org, k), decide(communityPolicy, staff, 'group.create', org, k)]);
    expect(rows).toEqual([['allow', 'allow'], ['allow', 'allow'], ['deny', 'allow']]);
    expect(decide(communityPolicy, person(ORG, ['admin', 'member']), 'group.create', org, 'staff')).toBe('allow');
    expect(decide(communityPolicy, ANONYMOUS, 'group.create', org, 'public')).toBe('deny');
    expect(decide(communityPolicy, person(OTHER, ['admin']), 'community.browse', org)).toBe('deny');
  });

  it('lets authors edit and delete their own posts, and moderators delete others’', () => {
    const active = g('public', { role: 'member', status: 'active' });
    const mod = g('public', { role: 'moderator', status: 'active' });
    const cases: [Actor, GroupResource, boolean, 'post.edit' | 'post.delete', Decision][] = [
      [member, active, true, 'post.edit', 'allow'],
      [member, active, false, 'post.edit', 'deny'],
      [member, mod, false, 'post.delete', 'allow'],
      [member, active, false, 'post.delete', 'deny'],
      [member, g('secret'), true, 'post.delete', 'allow'],
      [member, g('secret'), false, 'post.delete', 'hide'],
      [ANONYMOUS, g('public'), true, 'post.delete', 'deny'],
    ];
    for (const [actor, group, isAuthor, action, expected] of cases) expect(decide(communityPolicy, actor, action, { group, isAuthor }), `${action} ${group.kind} ${isAuthor}`).toBe(expected);
  });

  it('lets only group owners and administrators change a group', () => {
    expect(decide(communityPolicy, member, 'group.edit', g('private', { role: 'owner', status: 'active' }))).toBe('allow');
    expect(decide(communityPolicy, member, 'group.edit', g('private', { role: 'moderator', status: 'active' }))).toBe('deny');
    expect(decide(communityPolicy, member, 'group.edit', g('secret'))).toBe('hide');
  });

  it('lets members follow people whose profile is not private, and hides private profiles', () => {
    const profile = (visibility: 'public' | 'organizations' | 'private', isSelf = false) => ({ organizationId: ORG, visibility, isSelf });
    expect([decide(communityPolicy, member, 'person.follow', profile('organizations')), decide(communityPolicy, member, 'person.follow', profile('private')), decide(communityPolicy, member, 'person.follow', profile('public', true))]).toEqual(['allow', 'hide', 'deny']);
    expect([decide(communityPolicy, member, 'person.view', profile('private')), decide(communityPolicy, member, 'person.view', profile('private', true)), decide(communityPolicy, ANONYMOUS, 'person.view', profile('public'))]).toEqual(['hide', 'allow', 'deny']);
    expect(decide(communityPolicy, person(OTHER, ['member']), 'person.follow', profile('public'))).toBe('deny');
  });

  it('keeps a muted member reading but not writing, and lets readers report', () => {
    const muted = g('public', { role: 'member', status: 'active', muted: true });
    expect([decide(communityPolicy, member, 'post.view', muted), decide(communityPolicy, member, 'post.reply', muted), decide(communityPolicy, member, 'post.report', muted)]).toEqual(['allow', 'deny', 'allow']);
    expect(decide(communityPolicy, member, 'post.report', g('secret'))).toBe('hide');
    expect(decide(communityPolicy, member, 'member.moderate', g('private', { role: 'moderator', status: 'active' }))).toBe('allow');
    expect(decide(communityPolicy, member, 'post.moderate', g('private', { role: 'member', status: 'active' }))).toBe('deny');
  });
});

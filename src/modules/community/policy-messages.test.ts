import { describe, expect, it } from 'vitest';
import { accountActor, ANONYMOUS, type Actor, type Role } from '../../platform/auth/actor.js';
import { decide } from '../../platform/auth/policy.js';
import { MESSAGING_ACTIONS, MESSAGING_ROLES, MESSAGING_SITUATIONS, MESSAGING_TABLE, type MessagingRole, type MessagingSituation } from './messaging-table.js';
import { communityPolicy, messageRefusal, type PairResource } from './policy.js';

const ORG = '0190f0e0-0000-7000-8000-00000000000a';
const OTHER = '0190f0e0-0000-7000-8000-00000000000b';

function person(orgId: string, roles: Role[]): Actor {
  return accountActor({
    accountId: '0190f0e0-0000-7000-8000-0000000000aa',
    sessionId: 's',
    email: 'p@example.ca',
    displayName: 'P',
    locale: 'en',
    isPlatformAdmin: false,
    memberships: [{ organizationId: orgId, organizationSlug: 'o', organizationName: { en: 'O', fr: 'O' }, roles, staffVerified: false }],
  });
}

const FIXTURES: Record<MessagingRole, { actor: Actor; isParticipant: boolean }> = {
  anonymous: { actor: ANONYMOUS, isParticipant: false },
  participant: { actor: person(ORG, ['member']), isParticipant: true },
  'participant admin': { actor: person(ORG, ['admin', 'member']), isParticipant: true },
  'non-participant member': { actor: person(ORG, ['member']), isParticipant: false },
  'non-participant admin': { actor: person(ORG, ['admin', 'member']), isParticipant: false },
  'member of another organization': { actor: person(OTHER, ['admin', 'member']), isParticipant: false },
};

function situation(s: MessagingSituation) {
  const pair: PairResource = { organizationId: ORG, isSelf: false, blockedByMe: s === 'blocked by me', blockedByThem: s === 'blocked by them' };
  return { pair, directMessages: s !== 'messages off', visibility: s === 'private profile' ? ('private' as const) : ('organizations' as const) };
}

describe('community policy: direct messages, blocks, mentions and notices (role × situation × action)', () => {
  for (const role of MESSAGING_ROLES) {
    for (const s of MESSAGING_SITUATIONS) {
      it(`${role}, ${s}`, () => {
        const { actor, isParticipant } = FIXTURES[role];
        const { pair, directMessages, visibility } = situation(s);
        const conversation = { ...pair, isParticipant, directMessages };
        const got = {
          read: decide(communityPolicy, actor, 'conversation.view', conversation),
          send: decide(communityPolicy, actor, 'message.send', conversation),
          start: decide(communityPolicy, actor, 'message.start', { ...pair, visibility, directMessages }),
          block: decide(communityPolicy, actor, 'person.block', pair),
          // Mentions and notices are decided for the person mentioned or told: here, the one asking.
          mention: decide(communityPolicy, actor, 'person.mention', pair),
          notify: decide(communityPolicy, actor, 'person.notify', pair),
        };
        expect(Object.keys(got)).toEqual([...MESSAGING_ACTIONS]);
        expect(got).toEqual(MESSAGING_TABLE[role][s]);
      });
    }
  }

  const member = person(ORG, ['member']);
  const pair = (over: Partial<PairResource> = {}): PairResource => ({ organizationId: ORG, isSelf: false, blockedByMe: false, blockedByThem: false, ...over });

  it('never lets anyone message or block themselves, nor mention themselves as a person', () => {
    expect(decide(communityPolicy, member, 'message.start', { ...pair({ isSelf: true }), visibility: 'public', directMessages: true })).toBe('deny');
    expect(decide(communityPolicy, member, 'person.block', pair({ isSelf: true }))).toBe('deny');
    expect(decide(communityPolicy, member, 'person.mention', pair({ isSelf: true }))).toBe('deny');
  });

  it('names why a message cannot go: switched off first, then a block by the other person (neutral), then one’s own block', () => {
    expect(messageRefusal({ ...pair(), directMessages: true })).toBeNull();
    expect(messageRefusal({ ...pair({ blockedByMe: true, blockedByThem: true }), directMessages: false })).toBe('messages_off');
    expect(messageRefusal({ ...pair({ blockedByMe: true, blockedByThem: true }), directMessages: true })).toBe('refused');
    expect(messageRefusal({ ...pair({ blockedByMe: true }), directMessages: true })).toBe('you_blocked');
  });

  it('lets only the organization’s administrators change its community settings, and its members keep an inbox', () => {
    const org = { organizationId: ORG };
    const answers = [person(ORG, ['member']), person(ORG, ['moderator', 'member']), person(ORG, ['staff', 'member']), person(ORG, ['admin', 'member']), person(OTHER, ['admin', 'member']), ANONYMOUS].map((a) => [
      decide(communityPolicy, a, 'community.configure', org),
      decide(communityPolicy, a, 'message.inbox', org),
    ]);
    expect(answers).toEqual([
      ['deny', 'allow'],
      ['deny', 'allow'],
      ['deny', 'allow'],
      ['allow', 'allow'],
      ['deny', 'deny'],
      ['deny', 'deny'],
    ]);
  });
});

import { countingStatements, memberActor } from '../../../../test/support/statements.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import type { TestClient } from '../../../../test/support/client.js';
import { createGroup, verifyStaff } from '../../../../test/support/factories/community.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';
import { signIn } from '../../../../test/support/sign-in.js';
import type { Role } from '../../../platform/auth/actor.js';
import { newId } from '../../../platform/db/ids.js';
import type { Db } from '../../../platform/db/types.js';
import { createGroupListing, GROUPS_PAGE } from '../services/groups.js';

let t: TestApp;
let org: { id: string; slug: string };
let other: { id: string; slug: string };
let member: Signed;
let insider: Signed;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'list-org' });
  other = await createOrganization(t.db, { slug: 'list-other' });
  member = await signedInWith(t, { org, roles: ['member'], displayName: 'Lena Lister' });
  insider = await signedInWith(t, { org, roles: ['member'], displayName: 'Ines Insider' });
}, 60_000);
afterAll(() => t.close());

const slugsOn = (html: string, orgSlug: string) => [...html.matchAll(new RegExp(`href="/o/${orgSlug}/groups/([a-z0-9-]+)"`, 'g'))].map((m) => m[1]!).filter((s) => s !== 'new');
const nextLink = (html: string) => /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

/** Every group slug the list shows, walking its pages by their "more" link; fails on a repeated group. */
async function walk(client: TestClient, orgSlug: string, q?: string): Promise<{ slugs: string[]; pages: number }> {
  let url: string | undefined = `/o/${orgSlug}/groups${q ? `?q=${encodeURIComponent(q)}` : ''}`;
  const slugs: string[] = [];
  let pages = 0;
  while (url) {
    const res = await client.get(url);
    expect(res.statusCode).toBe(200);
    slugs.push(...slugsOn(res.body, orgSlug));
    url = nextLink(res.body);
    pages++;
    expect(pages).toBeLessThan(20);
  }
  expect(new Set(slugs).size).toBe(slugs.length);
  return { slugs, pages };
}

describe('the group list stays inside the person’s reach', () => {
  it('never lists a secret group to a non-member, nor to one banned from it; its members and invited people see it', async () => {
    await createGroup(t.db, { organizationId: org.id, kind: 'public', slug: 'quilt-square', nameEn: 'Quilt square' });
    await createGroup(t.db, { organizationId: org.id, kind: 'private', slug: 'quilt-circle', nameEn: 'Quilt circle' });
    const secret = await createGroup(t.db, { organizationId: org.id, kind: 'secret', slug: 'quilt-secret', nameEn: 'Quilt secret room', members: [{ accountId: insider.id }] });
    const invited = await signedInWith(t, { org, roles: ['member'], displayName: 'Ivo Invited' });
    const outcast = await signedInWith(t, { org, roles: ['member'], displayName: 'Oona Outcast' });
    await t.db
      .insertInto('communityGroupMembers')
      .values([
        { groupId: secret.id, accountId: invited.id, organizationId: org.id, status: 'invited', invitedBy: insider.id, decidedBy: null },
        { groupId: secret.id, accountId: outcast.id, organizationId: org.id, status: 'banned', invitedBy: null, decidedBy: insider.id },
      ])
      .execute();

    for (const who of [member, outcast]) {
      for (const q of [undefined, 'quilt', 'secret']) {
        const { slugs } = await walk(who.client, org.slug, q);
        expect(slugs, `${who.id} ${q}`).not.toContain('quilt-secret');
        if (q !== 'secret') expect(slugs).toEqual(expect.arrayContaining(['quilt-square', 'quilt-circle']));
      }
      expect((await who.client.get(`/o/${org.slug}/groups?q=quilt`)).body).not.toContain('Quilt secret room');
    }
    for (const who of [insider, invited]) expect((await walk(who.client, org.slug, 'quilt')).slugs).toContain('quilt-secret');
    expect((await invited.client.get(`/o/${org.slug}/groups?q=quilt`)).body).toContain('Quilt secret room');
  });

  it('does not count a secret group: a full page of visible groups and a secret one after it offer no further page', async () => {
    const orgOfPage = await createOrganization(t.db, { slug: 'list-page-org' });
    const reader = await signedInWith(t, { org: orgOfPage, roles: ['member'] });
    for (let i = 0; i < GROUPS_PAGE; i++) await createGroup(t.db, { organizationId: orgOfPage.id, kind: 'public', slug: `page-${i}`, nameEn: `Page group ${String(i).padStart(2, '0')}` });
    await createGroup(t.db, { organizationId: orgOfPage.id, kind: 'secret', slug: 'page-zz-secret', nameEn: 'Page group zz secret' });
    await createGroup(t.db, { organizationId: orgOfPage.id, kind: 'staff', slug: 'page-zz-staff', nameEn: 'Page group zz staff' });
    const res = await reader.client.get(`/o/${orgOfPage.slug}/groups`);
    expect(slugsOn(res.body, orgOfPage.slug)).toHaveLength(GROUPS_PAGE);
    expect(nextLink(res.body)).toBeUndefined();
    // Neither name nor slug (a random CSRF token may contain "zz", so not that alone).
    for (const hidden of ['page-zz-secret', 'Page group zz secret', 'page-zz-staff', 'Page group zz staff']) expect(res.body).not.toContain(hidden);
  });

  it('lists a staff network only to verified staff and administrators, and to a banned verified member as the policy says', async () => {
    const make = async (name: string, roles: Role[], verified: boolean) => {
      const account = await createAccount(t.db, { org, roles, displayName: name });
      if (verified) await verifyStaff(t.db, org.id, [account.id]);
      return { id: account.id, client: await signIn(t.app, account) };
    };
    const nurse = await make('Nell Nurse', ['staff', 'member'], true);
    const verified = await make('Vic Verified', ['staff', 'member'], true);
    const benched = await make('Bea Benched', ['staff', 'member'], true);
    const unverified = await make('Uma Unverified', ['staff', 'member'], false);
    const moderator = await make('Mo Moderator', ['moderator', 'member'], false);
    const admin = await make('Abe Admin', ['admin', 'member'], false);
    await createGroup(t.db, { organizationId: org.id, kind: 'staff', slug: 'ward-roster', nameEn: 'Ward roster network', members: [{ accountId: nurse.id }, { accountId: benched.id, status: 'banned' }] });

    for (const who of [nurse, verified, benched, admin]) {
      expect((await walk(who.client, org.slug)).slugs).toContain('ward-roster');
      expect((await walk(who.client, org.slug, 'roster')).slugs).toEqual(['ward-roster']);
    }
    for (const who of [unverified, moderator, member]) {
      expect((await walk(who.client, org.slug)).slugs).not.toContain('ward-roster');
      const res = await who.client.get(`/o/${org.slug}/groups?q=roster`);
      expect(res.body).not.toContain('Ward roster');
      expect(slugsOn(res.body, org.slug)).toEqual([]);
    }
  });

  it('never lists another organization’s groups, even to a member of both', async () => {
    const account = await createAccount(t.db, { org, roles: ['member'], displayName: 'Dana Dual' });
    await t.db.insertInto('identityMemberships').values({ id: newId(), organizationId: other.id, accountId: account.id, roles: ['admin', 'member'], memberKind: null, staffKind: null, staffVerifiedAt: null, staffVerifiedBy: null }).execute();
    const dual = await signIn(t.app, account);
    await createGroup(t.db, { organizationId: other.id, kind: 'public', slug: 'harbour-square', nameEn: 'Harbour square' });
    await createGroup(t.db, { organizationId: other.id, kind: 'secret', slug: 'harbour-secret', nameEn: 'Harbour secret', members: [{ accountId: account.id }] });
    for (const who of [dual, member.client]) {
      for (const q of [undefined, 'harbour']) {
        const res = await who.get(`/o/${org.slug}/groups${q ? `?q=${q}` : ''}`);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain('Harbour');
        expect(res.body).not.toContain('/groups/harbour-');
      }
    }
    // In their other organization the same person finds both.
    expect((await walk(dual, other.slug, 'harbour')).slugs.sort()).toEqual(['harbour-secret', 'harbour-square']);
  });
});

describe('the group list pages with a keyset cursor', () => {
  it('walks every group the person may see, a page at a time, without repeating any, searching too', async () => {
    const many = await createOrganization(t.db, { slug: 'list-many-org' });
    const reader = await signedInWith(t, { org: many, roles: ['member'] });
    const expected: string[] = [];
    for (let i = 0; i < 2 * GROUPS_PAGE + 5; i++) {
      // The same English name for some, so the id breaks the ties.
      const g = await createGroup(t.db, { organizationId: many.id, kind: i % 2 ? 'private' : 'public', slug: `walk-${i}`, nameEn: `Walkers ${String(Math.floor(i / 3)).padStart(2, '0')}` });
      expected.push(g.slug);
    }
    for (let i = 0; i < 5; i++) await createGroup(t.db, { organizationId: many.id, kind: i % 2 ? 'secret' : 'staff', slug: `walk-hidden-${i}`, nameEn: `Walkers hidden ${i}` });

    const all = await walk(reader.client, many.slug);
    expect(all.pages).toBe(3);
    expect(all.slugs.sort()).toEqual([...expected].sort());
    const searched = await walk(reader.client, many.slug, 'walkers');
    expect(searched.slugs.sort()).toEqual([...expected].sort());
    // The "more" link keeps the search words.
    const first = await reader.client.get(`/o/${many.slug}/groups?q=walkers`);
    expect(nextLink(first.body)).toMatch(/[?&]q=walkers&after=/);
    // A cursor from after the last group: an empty page, not an error.
    const end = await reader.client.get(`/o/${many.slug}/groups?after=${newId()}.${Buffer.from('zzzz').toString('base64url')}`);
    expect(end.statusCode).toBe(200);
    expect(slugsOn(end.body, many.slug)).toEqual([]);
  });

  it('answers a malformed cursor with 400, never a 500', async () => {
    for (const after of ['nope', `${newId()}`, `${newId()}.`, `${newId()}.a b`, `x${newId()}.YQ`, `${newId()}.${'a'.repeat(800)}`]) {
      const res = await member.client.get(`/o/${org.slug}/groups?after=${encodeURIComponent(after)}`);
      expect(res.statusCode, after).toBe(400);
    }
  });

  it('runs the same two statements however many groups the organization has, and lists only what the policy allows', async () => {
    const counting = countingStatements(t.db as Db);
    const listing = createGroupListing({ db: counting.db });
    const bounded = await createOrganization(t.db, { slug: 'list-bounded-org' });
    const account = await createAccount(t.db, { org: bounded, roles: ['member'], displayName: 'Bounded Bo' });
    const actor = memberActor(account, bounded, 'Bounded Bo');
    await createGroup(t.db, { organizationId: bounded.id, kind: 'public', slug: 'bound-0', nameEn: 'Bound club 0', members: [{ accountId: account.id }] });

    const measure = async () => {
      const counts: number[] = [];
      for (const input of [{}, { q: 'bound' }]) {
        counting.counter.statements = 0;
        const page = await listing.listGroups(actor, bounded.slug, input);
        expect(page.groups.length).toBeGreaterThan(0);
        counts.push(counting.counter.statements);
      }
      return counts;
    };
    const few = await measure();
    expect(few).toEqual([2, 2]);

    const kinds = ['public', 'private', 'secret', 'staff'] as const;
    const statuses = ['active', 'banned', 'invited', 'requested', null] as const;
    const visible = new Set(['bound-0']);
    for (let i = 1; i <= 80; i++) {
      const kind = kinds[i % kinds.length]!;
      const status = statuses[i % statuses.length]!;
      await createGroup(t.db, { organizationId: bounded.id, kind, slug: `bound-${i}`, nameEn: `Bound club ${i}`, members: status ? [{ accountId: account.id, status }] : [] });
      if (kind === 'public' || kind === 'private' || (kind === 'secret' && (status === 'active' || status === 'invited'))) visible.add(`bound-${i}`);
    }
    expect(await measure()).toEqual(few);

    // Every page costs the same, and all pages together hold exactly the groups the policy lets this member list.
    const seen: string[] = [];
    let after: string | undefined;
    do {
      counting.counter.statements = 0;
      const page = await listing.listGroups(actor, bounded.slug, { after });
      expect(counting.counter.statements).toBe(2);
      expect(page.groups.length).toBeLessThanOrEqual(GROUPS_PAGE);
      seen.push(...page.groups.map((g) => g.group.slug));
      const mine = page.groups.find((g) => g.group.slug === 'bound-0');
      if (mine) expect(mine).toMatchObject({ memberCount: 1, membership: { status: 'active' } });
      after = page.next ?? undefined;
    } while (after);
    expect(seen.sort()).toEqual([...visible].sort());
  });
});

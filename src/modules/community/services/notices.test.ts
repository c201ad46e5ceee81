import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { countingStatements, memberActor } from '../../../../test/support/statements.js';
import type { Db } from '../../../platform/db/types.js';
import { createI18n } from '../../../platform/i18n/i18n.js';
import type { CommunityDeps } from '../deps.js';
import type { EmailMode } from '../db/schema.js';
import { createNoticeService, NOTICE_DIGEST_JOB, NOTICE_EMAIL_JOB } from './notices.js';
import { createPostService } from './posts.js';

let t: TestApp;
let counting: ReturnType<typeof countingStatements>;
let deps: CommunityDeps;
beforeAll(async () => {
  t = await buildTestApp();
  counting = countingStatements(t.db as Db);
  deps = { db: counting.db, config: { publicUrl: new URL('http://localhost:3000'), env: 'test' }, mailer: t.mailer, i18n: await createI18n() };
}, 60_000);
afterAll(() => t.close());

const person = (org: { id: string }, displayName: string) => createAccount(t.db, { org, roles: ['member'], displayName });
const setMode = (org: { id: string }, accountId: string, email: EmailMode) => t.db.insertInto('communityNoticePreferences').values({ organizationId: org.id, accountId, email }).execute();
const block = (org: { id: string }, blockerId: string, blockedId: string) => t.db.insertInto('communityBlocks').values({ organizationId: org.id, blockerId, blockedId }).execute();
const noticesOn = (postId: string) => t.db.selectFrom('communityNotifications').select(['recipientId', 'kind']).where('postId', '=', postId).execute();
const jobsFor = (name: string, key: 'noticeId' | 'accountId', values: string[]) =>
  t.db
    .selectFrom('jobsQueue')
    .select(['payload', 'dedupeKey'])
    .where('name', '=', name)
    .execute()
    .then((rows) => rows.filter((r) => values.includes((r.payload as Record<string, string>)[key]!)));

describe('fanning a notice out', () => {
  it('runs as many statements for a post that tells 30 people as for one that tells 1, with each one’s e-mail queued', async () => {
    const org = await createOrganization(t.db, { slug: 'fanout-org' });
    const author = await person(org, 'Fay Fanout');
    const solo = await person(org, 'Solo Reader');
    // Fifteen names, two people each: thirty people mentioned by fifteen mentions.
    const names = Array.from({ length: 15 }, (_, i) => `Crowd ${String.fromCharCode(97 + i)}`);
    const crowd = [];
    for (const name of names) crowd.push(await person(org, name), await person(org, name));
    // People mentioned who must not be told: blocked either way, banned, outside the private group.
    const blocker = await person(org, 'Crowd a');
    const blockedOne = await person(org, 'Crowd b');
    const banned = await person(org, 'Crowd c');
    await person(org, 'Crowd d');
    await block(org, blocker.id, author.id);
    await block(org, author.id, blockedOne.id);
    const group = await createGroup(t.db, {
      organizationId: org.id,
      kind: 'private',
      slug: 'fanout-room',
      members: [{ accountId: author.id }, { accountId: solo.id }, { accountId: blocker.id }, { accountId: blockedOne.id }, { accountId: banned.id, status: 'banned' }, ...crowd.map((c) => ({ accountId: c.id }))],
    });
    await setMode(org, solo.id, 'each');
    for (const [i, c] of crowd.entries()) if (i % 3 !== 2) await setMode(org, c.id, i % 3 === 0 ? 'each' : 'daily');
    const posts = createPostService(deps, createNoticeService(deps));
    const actor = memberActor(author, org, 'Fay Fanout');

    counting.counter.statements = 0;
    const one = await posts.createPost(actor, org.slug, group.slug, 'Morning, @SoloReader');
    const forOne = counting.counter.statements;
    expect(await noticesOn(one.id)).toEqual([{ recipientId: solo.id, kind: 'mention' }]);

    counting.counter.statements = 0;
    const many = await posts.createPost(actor, org.slug, group.slug, `Morning, ${names.map((n) => `@${n.replace(' ', '')}`).join(' ')}`);
    const forMany = counting.counter.statements;
    const told = await noticesOn(many.id);
    expect(told.map((n) => n.recipientId).sort()).toEqual(crowd.map((c) => c.id).sort());
    expect(forMany).toBe(forOne);

    // Each-notice e-mails for ten, one digest for ten others (with its dedupe key), nothing for the rest.
    const eachIds = crowd.filter((_, i) => i % 3 === 0).map((c) => c.id);
    const dailyIds = crowd.filter((_, i) => i % 3 === 1).map((c) => c.id);
    const noticeIds = (await t.db.selectFrom('communityNotifications').select(['id', 'recipientId']).where('postId', '=', many.id).execute()).filter((n) => eachIds.includes(n.recipientId)).map((n) => n.id);
    expect(await jobsFor(NOTICE_EMAIL_JOB, 'noticeId', noticeIds)).toHaveLength(10);
    const digests = await jobsFor(NOTICE_DIGEST_JOB, 'accountId', crowd.map((c) => c.id));
    expect(digests.map((d) => (d.payload as { accountId: string }).accountId).sort()).toEqual(dailyIds.sort());
    for (const d of digests) expect(d.dedupeKey).toMatch(new RegExp(`^community-digest:${org.id}:${(d.payload as { accountId: string }).accountId}:`));
    // A second post the same day queues no second digest.
    await posts.createPost(actor, org.slug, group.slug, `Again, ${names.map((n) => `@${n.replace(' ', '')}`).join(' ')}`);
    expect(await jobsFor(NOTICE_DIGEST_JOB, 'accountId', crowd.map((c) => c.id))).toHaveLength(10);
  });

  it('tells no one blocked by or blocking the notice’s own actor, nor outside the group, nor banned, in one batch of many actors', async () => {
    const org = await createOrganization(t.db, { slug: 'fanout-policy-org' });
    const [xena, yves, ok, blocksX, blockedByX, blocksY, banned, invited, outsider] = await Promise.all(['Xena Actor', 'Yves Actor', 'Ok Reader', 'Bea BlocksX', 'Bo BlockedByX', 'Cy BlocksY', 'Dan Banned', 'Ivy Invited', 'Olga Outside'].map((n) => person(org, n)));
    await block(org, blocksX!.id, xena!.id);
    await block(org, xena!.id, blockedByX!.id);
    await block(org, blocksY!.id, yves!.id);
    const members = [xena!, yves!, ok!, blocksX!, blockedByX!, blocksY!].map((p) => ({ accountId: p.id }));
    for (const kind of ['private', 'secret'] as const) {
      const g = await createGroup(t.db, { organizationId: org.id, kind, members: [...members, { accountId: banned!.id, status: 'banned' }, { accountId: invited!.id, status: 'invited' }] });
      const [postId] = (await createGroupPosts(t.db, g, [{ authorId: ok!.id }])) as [string];
      const group = await t.db.selectFrom('communityGroups').selectAll().where('id', '=', g.id).executeTakeFirstOrThrow();
      const notice = (recipientId: string, actorId: string) => ({ organizationId: org.id, recipientId, actorId, kind: 'reply' as const, groupId: g.id, postId });
      const everyone = [ok!, blocksX!, blockedByX!, blocksY!, banned!, invited!, outsider!];
      const told = await t.db.transaction().execute((trx) => createNoticeService(deps).notify(trx, group, [...everyone.map((p) => notice(p.id, xena!.id)), ...everyone.map((p) => notice(p.id, yves!.id))]));
      const got = await t.db.selectFrom('communityNotifications').select(['recipientId', 'actorId']).where('postId', '=', postId).execute();
      const pairs = (rows: { recipientId: string; actorId: string | null }[]) => rows.map((r) => `${r.recipientId}<-${r.actorId}`).sort();
      const expected = [
        { recipientId: ok!.id, actorId: xena!.id },
        { recipientId: ok!.id, actorId: yves!.id },
        // Blocking (or blocked by) one actor of the batch still leaves the other's notice.
        { recipientId: blocksX!.id, actorId: yves!.id },
        { recipientId: blockedByX!.id, actorId: yves!.id },
        { recipientId: blocksY!.id, actorId: xena!.id },
      ];
      expect(pairs(got), kind).toEqual(pairs(expected));
      expect([...told].sort(), kind).toEqual(expected.map((e) => e.recipientId).sort());
    }
  });
});

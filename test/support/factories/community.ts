import { randomBytes } from 'node:crypto';
import { newId } from '../../../src/platform/db/ids.js';
import type { Db } from '../../../src/platform/db/types.js';
import { renderMarkdown } from '../../../src/modules/blog/index.js';
import { extractHashtags } from '../../../src/modules/community/text.js';

type Kind = 'public' | 'private' | 'secret' | 'staff';
type Member = { accountId: string; role?: 'owner' | 'moderator' | 'member'; status?: 'active' | 'requested' | 'invited' | 'banned' };

/** A group with its members, written in two statements. */
export async function createGroup(db: Db, g: { organizationId: string; kind?: Kind; slug?: string; nameEn?: string; nameFr?: string; noPhi?: boolean; members?: Member[] }) {
  const id = newId();
  const slug = g.slug ?? `group-${randomBytes(3).toString('hex')}`;
  const nameEn = g.nameEn ?? `Group ${slug}`;
  await db
    .insertInto('communityGroups')
    .values({ id, organizationId: g.organizationId, slug, kind: g.kind ?? 'public', nameEn, nameFr: g.nameFr ?? `Groupe ${slug}`, descriptionEn: 'About this group.', descriptionFr: 'À propos de ce groupe.', noPhi: g.noPhi ?? false, createdBy: null })
    .execute();
  if (g.members?.length) {
    await db
      .insertInto('communityGroupMembers')
      .values(g.members.map((m) => ({ groupId: id, accountId: m.accountId, organizationId: g.organizationId, role: m.role ?? 'member', status: m.status ?? 'active', invitedBy: null, decidedBy: null })))
      .execute();
  }
  return { id, slug, nameEn, organizationId: g.organizationId, kind: g.kind ?? 'public' };
}

/** Posts (or replies, with parentId) in a group, in one statement; returns their ids in order. */
export async function createGroupPosts(db: Db, group: { id: string; organizationId: string }, posts: { authorId: string; body?: string; parentId?: string | null; createdAt?: Date }[]) {
  const rows = posts.map((p) => {
    const bodyMd = p.body ?? 'A post in the group.';
    return { id: newId(), organizationId: group.organizationId, groupId: group.id, authorId: p.authorId, parentId: p.parentId ?? null, bodyMd, bodyHtml: renderMarkdown(bodyMd), editedAt: null, ...(p.createdAt ? { createdAt: p.createdAt } : {}) };
  });
  if (rows.length) await db.insertInto('communityPosts').values(rows).execute();
  const tags = rows.flatMap((r) => extractHashtags(r.bodyMd).map((tag) => ({ postId: r.id, tag, organizationId: group.organizationId, groupId: group.id, createdAt: r.createdAt ?? new Date() })));
  if (tags.length) await db.insertInto('communityHashtags').values(tags).execute();
  return rows.map((r) => r.id);
}

/** Marks the person verified staff of the organization, as an administrator would. */
export async function verifyStaff(db: Db, organizationId: string, accountIds: string[]) {
  if (accountIds.length) await db.updateTable('identityMemberships').set({ staffVerifiedAt: new Date() }).where('organizationId', '=', organizationId).where('accountId', 'in', accountIds).execute();
}

import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { SESSION_COOKIE } from '../src/platform/auth/session.js';
import type { Db } from '../src/platform/db/types.js';
import { loadRun, loadToolFromArgs, prepareDatabase, startServer } from './support.js';

/**
 * The home feed of one member (in 50 groups, following 200 people) in an organization of M members
 * with 2,000 groups and 50 posts per member (5,000,000 posts at 100,000 members), on PostgreSQL.
 * Measured at 10,000 and 100,000 members by default (`-- --members=10000,100000`), so the figures
 * show whether the feed grows with the size of the network.
 */
const GROUPS = 2000;
const POSTS_PER_MEMBER = 50;
const READER_GROUPS = 50;
const READER_FOLLOWS = 200;
const CONNECTIONS = 20;
const SECONDS = 15;
const WARMUP_SECONDS = 3;

const uuid = (prefix: string, n: string) => sql.raw(`md5('${prefix}' || ${n})::uuid`);

function membersFromArgs(argv = process.argv.slice(3)): number[] {
  const arg = argv.find((a) => a.startsWith('--members='))?.slice(10);
  const sizes = (arg ?? '10000,100000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error('--members takes whole numbers of at least 1000, comma-separated');
  return sizes;
}

/**
 * Builds the network with generate_series, in one session with foreign-key triggers off
 * (session_replication_role = replica) and the feed's indexes built after the rows, as a bulk
 * load would: the rows are consistent by construction (every id is made from its row number).
 */
export async function buildNetwork(db: Db, members: number) {
  const org = await db.selectFrom('identityOrganizations').select('id').where('slug', '=', 'demo-hospital').executeTakeFirstOrThrow();
  const posts = members * POSTS_PER_MEMBER;
  const token = randomBytes(32).toString('base64url');
  const started = Date.now();
  await db.connection().execute(async (c) => {
    const run = (q: ReturnType<typeof sql>) => q.execute(c);
    await run(sql`set session_replication_role = replica`);
    await run(sql`set maintenance_work_mem = '512MB'`);
    const o = sql.lit(org.id);
    await run(sql`insert into identity_accounts (id, email, email_verified_at, password_hash)
      select ${uuid('account', 'i')}, 'member' || i || '@bench.example', now(), 'not-a-password' from generate_series(1, ${sql.lit(members)}) i`);
    await run(sql`insert into identity_profiles (account_id, display_name, visibility)
      select ${uuid('account', 'i')}, 'Member ' || i, 'organizations' from generate_series(1, ${sql.lit(members)}) i`);
    await run(sql`insert into identity_memberships (id, organization_id, account_id, roles, member_kind)
      select ${uuid('membership', 'i')}, ${o}, ${uuid('account', 'i')}, '{member}', 'family' from generate_series(1, ${sql.lit(members)}) i`);
    // Half public, a third private, the rest secret or staff network.
    await run(sql`insert into community_groups (id, organization_id, slug, kind, name_en, name_fr, description_en, description_fr)
      select ${uuid('group', 'g')}, ${o}, 'bench-group-' || g,
        case when g % 6 in (0, 1, 2) then 'public' when g % 6 in (3, 4) then 'private' when g % 12 = 5 then 'secret' else 'staff' end,
        'Group ' || g, 'Groupe ' || g, 'A group for people who share an experience of care.', 'Un groupe pour les personnes qui partagent une expérience de soins.'
      from generate_series(1, ${sql.lit(GROUPS)}) g`);
    // Every member in five groups; the reader (member 1) in the first 50 groups instead.
    await run(sql`insert into community_group_members (group_id, account_id, organization_id, role, status)
      select distinct on (g, i) ${uuid('group', 'g')}, ${uuid('account', 'i')}, ${o}, 'member', 'active'
      from generate_series(2, ${sql.lit(members)}) i, generate_series(1, 5) k, lateral (select ((i * 7 + k * 131) % ${sql.lit(GROUPS)}) + 1 as g) x`);
    await run(sql`insert into community_group_members (group_id, account_id, organization_id, role, status)
      select ${uuid('group', 'g')}, ${uuid('account', '1')}, ${o}, 'member', 'active' from generate_series(1, ${sql.lit(READER_GROUPS)}) g`);
    await run(sql`insert into community_follows (organization_id, follower_id, followee_id)
      select ${o}, ${uuid('account', '1')}, ${uuid('account', 'i')} from generate_series(2, ${sql.lit(READER_FOLLOWS + 1)}) i`);
    // Posts spread over a year, one in twenty a reply to the post before it.
    // The table's own secondary indexes, as its migrations made them, are built again after the rows.
    const indexes = (await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition from pg_indexes where tablename = 'community_posts' and indexname <> 'community_posts_pkey'`.execute(c)).rows;
    for (const index of indexes) await run(sql`drop index ${sql.id(index.name)}`);
    await run(sql`insert into community_posts (id, organization_id, group_id, author_id, parent_id, body_md, body_html, created_at)
      select ${uuid('post', 'j')}, ${o}, ${uuid('group', `((j % ${GROUPS}) + 1)`)}, ${uuid('account', `(((j * 37) % ${members}) + 1)`)},
        case when j % 20 = 0 and j > ${GROUPS} then ${uuid('post', `(j - ${GROUPS})`)} end,
        'Post ' || j || ': thank you to the nurses on the third floor, the night shift was wonderful to us.',
        '<p>Post ' || j || ': thank you to the nurses on the third floor, the night shift was wonderful to us.</p>',
        now() - ((${sql.lit(posts)} - j) * (31536000.0 / ${sql.lit(posts)})) * interval '1 second'
      from generate_series(1, ${sql.lit(posts)}) j`);
    for (const index of indexes) await run(sql.raw(index.definition));
    // Each group's and each follow row's newest-post time, as the triggers (off during the load) keep them.
    await run(sql`update community_groups g set posted_at = (select p.created_at from community_posts p
      where p.group_id = g.id and p.parent_id is null and p.status = 'visible' order by p.created_at desc, p.id desc limit 1)`);
    await run(sql`update community_follows f set followee_posted_at = coalesce((select p.created_at from community_posts p
      where p.author_id = f.followee_id and p.organization_id = f.organization_id and p.parent_id is null and p.status = 'visible'
      order by p.created_at desc limit 1), '-infinity')`);
    await run(sql`insert into identity_sessions (id, account_id, token_hash, expires_at)
      values (gen_random_uuid(), ${uuid('account', '1')}, ${createHash('sha256').update(token).digest('hex')}, now() + interval '1 day')`);
    await run(sql`set session_replication_role = origin`);
    // As autovacuum leaves a table in steady use: statistics and the visibility map up to date.
    await run(sql`vacuum analyze`);
  });
  return { token, posts, seedSeconds: Math.round((Date.now() - started) / 1000) };
}

export async function run() {
  const tool = loadToolFromArgs();
  const figures: Record<string, number | string> = {
    target: 'GET /o/demo-hospital/community (signed in: 50 groups, following 200 people)',
    tool,
    database: 'PostgreSQL',
    groups: GROUPS,
    connections: CONNECTIONS,
    seconds: SECONDS,
  };
  for (const members of membersFromArgs()) {
    const label = `m${members / 1000}k`;
    console.log(`[${label}] building ${members} members, ${GROUPS} groups, ${members * POSTS_PER_MEMBER} posts`);
    const database = await prepareDatabase('postgres', (db) => buildNetwork(db, members));
    const server = await startServer(database.env);
    try {
      const url = `${server.url}/o/demo-hospital/community`;
      const headers = { cookie: `${SESSION_COOKIE}=${database.prepared.token}` };
      const res = await fetch(url, { headers });
      const body = await res.text();
      const shown = (body.match(/Post \d+: thank you/g) ?? []).length;
      if (res.status !== 200 || shown === 0) throw new Error(`The home feed answered ${res.status} with ${shown} posts`);
      console.log(`[${label}] seeded in ${database.prepared.seedSeconds} s; the feed shows ${shown} posts; warming up for ${WARMUP_SECONDS} s`);
      await loadRun(tool, url, CONNECTIONS, WARMUP_SECONDS, headers);
      const result = await loadRun(tool, url, CONNECTIONS, SECONDS, headers);
      Object.assign(figures, { [`${label}.members`]: members, [`${label}.posts`]: database.prepared.posts, [`${label}.seedSeconds`]: database.prepared.seedSeconds, [`${label}.postsShown`]: shown });
      for (const [key, value] of Object.entries(result)) figures[`${label}.${key}`] = value;
      figures[`${label}.serverRssMb`] = server.rssMb();
      console.log(`[${label}] ${result.requestsPerSecMean} req/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms`);
    } finally {
      await server.stop();
      await database.cleanup();
    }
  }
  return figures;
}

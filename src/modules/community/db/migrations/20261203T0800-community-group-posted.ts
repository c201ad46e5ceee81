import { type Kysely, sql } from 'kysely';

/**
 * Each group keeps the time of its newest visible top-level post (`posted_at`, null when it has
 * none), so that the first page of a home feed reads each of the reader's groups' newest time from
 * the group's row instead of walking each group's posts for it.
 *
 * The feed relies on the time being exact, never older nor newer than the newest such post: it
 * bounds its walks by the times, and skips a group whose time is older than the bound. So every
 * change that can move it recomputes or raises it, in the same transaction as the change:
 * - a new visible top-level post raises it;
 * - a post that becomes visible (a held post approved) or stops being visible (hidden, removed),
 *   that is deleted, or that moves, makes its group(s) read the newest again (one step down the
 *   feed's own index of the group's posts).
 * Every writer first takes the group's advisory lock, then reads (each statement of a trigger
 * function reads what is committed when it starts): a post hidden while another is being written
 * in the same group waits for that one to commit, and then sees it, instead of setting the time
 * from before it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table community_groups add column if not exists posted_at timestamptz`.execute(db);
  await sql`
    create or replace function community_group_lock(group_id uuid) returns void language sql as $$
      select pg_advisory_xact_lock(7203403, hashtext(group_id::text))
    $$`.execute(db);
  await sql`
    create or replace function community_group_read_posted(gid uuid) returns void language plpgsql as $$
    begin
      perform community_group_lock(gid);
      update community_groups g set posted_at = (
        select p.created_at from community_posts p
        where p.group_id = gid and p.parent_id is null and p.status = 'visible'
        order by p.created_at desc, p.id desc limit 1)
      where g.id = gid;
    end $$`.execute(db);
  await sql`
    create or replace function community_posts_group_posted() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        if new.parent_id is null and new.status = 'visible' then
          perform community_group_lock(new.group_id);
          update community_groups set posted_at = new.created_at
          where id = new.group_id and (posted_at is null or posted_at < new.created_at);
        end if;
      elsif tg_op = 'DELETE' then
        if old.parent_id is null and old.status = 'visible' then
          perform community_group_read_posted(old.group_id);
        end if;
      elsif (old.parent_id is null and old.status = 'visible') or (new.parent_id is null and new.status = 'visible') then
        perform community_group_read_posted(new.group_id);
        if old.group_id <> new.group_id then
          perform community_group_read_posted(old.group_id);
        end if;
      end if;
      return null;
    end $$`.execute(db);
  await sql`drop trigger if exists community_posts_group_posted on community_posts`.execute(db);
  await sql`create trigger community_posts_group_posted after insert or delete on community_posts
    for each row execute function community_posts_group_posted()`.execute(db);
  await sql`drop trigger if exists community_posts_group_posted_moved on community_posts`.execute(db);
  await sql`create trigger community_posts_group_posted_moved after update of status, group_id, parent_id, created_at on community_posts
    for each row when ((old.status, old.group_id, old.parent_id, old.created_at) is distinct from (new.status, new.group_id, new.parent_id, new.created_at))
    execute function community_posts_group_posted()`.execute(db);
  // The groups already there, while the new triggers hold off other writers of their posts.
  await sql`update community_groups g set posted_at = (
      select p.created_at from community_posts p
      where p.group_id = g.id and p.parent_id is null and p.status = 'visible'
      order by p.created_at desc, p.id desc limit 1)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists community_posts_group_posted on community_posts`.execute(db);
  await sql`drop trigger if exists community_posts_group_posted_moved on community_posts`.execute(db);
  await sql`drop function if exists community_posts_group_posted()`.execute(db);
  await sql`drop function if exists community_group_read_posted(uuid)`.execute(db);
  await sql`drop function if exists community_group_lock(uuid)`.execute(db);
  await sql`alter table community_groups drop column if exists posted_at`.execute(db);
}

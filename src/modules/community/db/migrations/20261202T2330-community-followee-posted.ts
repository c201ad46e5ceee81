import { type Kysely, sql } from 'kysely';

/**
 * Each follow row keeps the time of its followee's newest top-level post in the organization
 * (`followee_posted_at`, or a later time), so that the home feed walks only the followed people
 * who may have posted since the page's last post from the reader's groups, instead of all of them.
 * Null means not known: that person is always walked.
 *
 * Both sides take the same per-person advisory lock before they read or write the time, so a
 * follow made while that person's post is being written cannot miss it: whichever comes second
 * waits for the first to commit, then reads (each statement of a trigger function reads what is
 * committed when it starts).
 * - A new top-level post, and one that becomes visible (a held post approved), raises the time on
 *   every row that follows its author.
 * - A new follow row starts from the person's newest visible top-level post (one step down the
 *   feed's own index of their posts).
 * The time only rises; a post hidden or deleted later leaves it where it was, which costs one
 * walk, never a post.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table community_follows add column if not exists followee_posted_at timestamptz`.execute(db);
  await sql`create index if not exists community_follows_followee_idx on community_follows (organization_id, followee_id)`.execute(db);
  await sql`
    create or replace function community_followee_lock(organization_id uuid, account_id uuid) returns void language sql as $$
      select pg_advisory_xact_lock(7203402, hashtext(organization_id::text || account_id::text))
    $$`.execute(db);
  await sql`
    create or replace function community_posts_raise_followee_posted() returns trigger language plpgsql as $$
    begin
      if new.parent_id is null then
        perform community_followee_lock(new.organization_id, new.author_id);
        update community_follows set followee_posted_at = new.created_at
        where organization_id = new.organization_id and followee_id = new.author_id and followee_posted_at < new.created_at;
      end if;
      return null;
    end $$`.execute(db);
  await sql`drop trigger if exists community_posts_raise_followee_posted on community_posts`.execute(db);
  await sql`create trigger community_posts_raise_followee_posted after insert on community_posts
    for each row execute function community_posts_raise_followee_posted()`.execute(db);
  await sql`drop trigger if exists community_posts_raise_followee_shown on community_posts`.execute(db);
  await sql`create trigger community_posts_raise_followee_shown after update of status on community_posts
    for each row when (new.status = 'visible' and old.status <> 'visible') execute function community_posts_raise_followee_posted()`.execute(db);
  await sql`
    create or replace function community_follows_start_followee_posted() returns trigger language plpgsql as $$
    begin
      perform community_followee_lock(new.organization_id, new.followee_id);
      new.followee_posted_at := coalesce(
        (select p.created_at from community_posts p where p.author_id = new.followee_id and p.organization_id = new.organization_id and p.parent_id is null and p.status = 'visible' order by p.created_at desc limit 1),
        '-infinity'::timestamptz);
      return new;
    end $$`.execute(db);
  await sql`drop trigger if exists community_follows_start_followee_posted on community_follows`.execute(db);
  await sql`create trigger community_follows_start_followee_posted before insert on community_follows
    for each row execute function community_follows_start_followee_posted()`.execute(db);
  // The rows already there, while the new triggers hold off other writers of posts and follows.
  await sql`update community_follows f set followee_posted_at = coalesce(
      (select p.created_at from community_posts p where p.author_id = f.followee_id and p.organization_id = f.organization_id and p.parent_id is null and p.status = 'visible' order by p.created_at desc limit 1),
      '-infinity'::timestamptz)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists community_follows_start_followee_posted on community_follows`.execute(db);
  await sql`drop trigger if exists community_posts_raise_followee_posted on community_posts`.execute(db);
  await sql`drop trigger if exists community_posts_raise_followee_shown on community_posts`.execute(db);
  await sql`drop function if exists community_follows_start_followee_posted()`.execute(db);
  await sql`drop function if exists community_posts_raise_followee_posted()`.execute(db);
  await sql`drop function if exists community_followee_lock(uuid, uuid)`.execute(db);
  await sql`drop index if exists community_follows_followee_idx`.execute(db);
  await sql`alter table community_follows drop column if exists followee_posted_at`.execute(db);
}

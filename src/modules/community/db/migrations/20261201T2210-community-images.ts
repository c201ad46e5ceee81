import { type Kysely, sql } from 'kysely';

/**
 * Images of community posts. The bytes are a private storage object (never served by
 * /media/:id); the community module serves them to the post's readers only. Deleting the
 * post deletes its images, and deleting an image row deletes its object.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists community_post_images (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      post_id uuid not null references community_posts(id) on delete cascade,
      object_id uuid not null references storage_objects(id),
      alt text not null check (char_length(alt) between 1 and 300),
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      position integer not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists community_post_images_post_idx on community_post_images (post_id, position)`.execute(db);
  await sql`
    create or replace function community_post_images_drop_object() returns trigger language plpgsql as $$
    begin
      delete from storage_objects where id = old.object_id;
      return old;
    end $$`.execute(db);
  await sql`drop trigger if exists community_post_images_drop_object on community_post_images`.execute(db);
  await sql`
    create trigger community_post_images_drop_object after delete on community_post_images
    for each row execute function community_post_images_drop_object()`.execute(db);
}

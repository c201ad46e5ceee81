import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists blog_images (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      blog_id uuid not null references blog_blogs(id) on delete cascade,
      object_id uuid not null,
      alt text not null check (btrim(alt) <> ''),
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      uploaded_by uuid references identity_accounts(id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists blog_images_blog_idx on blog_images (blog_id, created_at desc)`.execute(db);
  await sql`
    create table if not exists blog_post_attachments (
      id uuid primary key,
      post_id uuid not null references blog_posts(id) on delete cascade,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      object_id uuid not null,
      title text not null check (btrim(title) <> ''),
      filename text not null,
      content_type text not null,
      byte_size integer not null check (byte_size > 0),
      page_count integer not null check (page_count > 0),
      preview_object_id uuid,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists blog_post_attachments_post_idx on blog_post_attachments (post_id, created_at)`.execute(db);
}

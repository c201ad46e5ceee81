import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists blog_blogs (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title_en text not null,
      title_fr text not null,
      description_en text,
      description_fr text,
      allow_guest_comments boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, slug)
    )`.execute(db);
  await sql`
    create table if not exists blog_authors (
      blog_id uuid not null references blog_blogs(id) on delete cascade,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      role text not null check (role in ('editor','author','guest')),
      created_at timestamptz not null default now(),
      primary key (blog_id, account_id)
    )`.execute(db);
  await sql`
    create table if not exists blog_posts (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      blog_id uuid not null references blog_blogs(id) on delete cascade,
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      lang text not null check (lang in ('en','fr')),
      translation_group_id uuid not null,
      title text not null,
      excerpt text,
      body_md text not null default '',
      body_html text not null default '',
      cover_object_id uuid,
      cover_alt text,
      status text not null default 'draft' check (status in ('draft','scheduled','published','archived')),
      publish_at timestamptz,
      published_at timestamptz,
      created_by uuid not null references identity_accounts(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search_vector tsvector generated always as (
        case when lang = 'fr'
          then setweight(to_tsvector('french'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('french'::regconfig, coalesce(excerpt, '') || ' ' || body_md), 'B')
          else setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(excerpt, '') || ' ' || body_md), 'B')
        end
      ) stored,
      unique (blog_id, slug)
    )`.execute(db);
  await sql`create index if not exists blog_posts_blog_published_idx on blog_posts (blog_id, published_at desc) where status = 'published'`.execute(db);
  await sql`create index if not exists blog_posts_translation_idx on blog_posts (translation_group_id)`.execute(db);
  await sql`create index if not exists blog_posts_scheduled_idx on blog_posts (publish_at) where status = 'scheduled'`.execute(db);
  await sql`create index if not exists blog_posts_search_idx on blog_posts using gin (search_vector)`.execute(db);
  await sql`
    create table if not exists blog_post_authors (
      post_id uuid not null references blog_posts(id) on delete cascade,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      position integer not null default 0,
      primary key (post_id, account_id)
    )`.execute(db);
  await sql`
    create table if not exists blog_post_tags (
      post_id uuid not null references blog_posts(id) on delete cascade,
      tag text not null check (tag <> '' and tag !~ '[[:space:]/?#]'),
      label text not null,
      primary key (post_id, tag)
    )`.execute(db);
  await sql`create index if not exists blog_post_tags_tag_idx on blog_post_tags (tag)`.execute(db);
  await sql`
    create table if not exists blog_post_revisions (
      id uuid primary key,
      post_id uuid not null references blog_posts(id) on delete cascade,
      title text not null,
      excerpt text,
      body_md text not null,
      author_account_id uuid not null references identity_accounts(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists blog_post_revisions_post_idx on blog_post_revisions (post_id, created_at desc)`.execute(db);
}

import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/blogs.js';
import type { BlogRow } from '../db/schema.js';
import type { PostSummary } from '../services/reading.js';
import { blogUrl, postUrl, tagUrl } from './urls.js';

export const blogTitle = (ctx: ViewCtx, b: BlogRow) => (ctx.lang === 'fr' ? b.titleFr : b.titleEn);
export const blogDescription = (ctx: ViewCtx, b: BlogRow) => (ctx.lang === 'fr' ? b.descriptionFr : b.descriptionEn);
export const orgName = (ctx: ViewCtx, o: OrgRef) => (ctx.lang === 'fr' ? o.nameFr : o.nameEn);

export function BlogListPage({ ctx, org, blogs, aside }: { ctx: ViewCtx; org: OrgRef; blogs: BlogRow[]; aside?: JSX.Element | undefined }): JSX.Element {
  const { t } = ctx;
  const title = t('blog.list.title', { org: orgName(ctx, org) });
  // Rendered by the module's own views (the new-blog button, the search form).
  const safeAside = aside ?? '';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      {safeAside}
      {blogs.length === 0 ? <p safe>{t('blog.list.none')}</p> : ''}
      <ul class="card-list">
        {blogs.map((b) => (
          <li class="card">
            <a href={blogUrl(org.slug, b.slug)} safe>{blogTitle(ctx, b)}</a>
            {blogDescription(ctx, b) ? <p class="hint" safe>{blogDescription(ctx, b)}</p> : ''}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function PostCard({ ctx, org, blog, post }: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; post: PostSummary }): JSX.Element {
  return (
    <article class="post-card" lang={post.lang}>
      <h2>
        <a href={postUrl(org.slug, blog.slug, post.slug)} safe>{post.title}</a>
      </h2>
      <p class="hint">
        {post.publishedAt ? <time datetime={ctx.fmt.iso(post.publishedAt)} safe>{ctx.fmt.date(post.publishedAt)}</time> : ''}
        {post.authors.length > 0 ? <span safe>{` · ${post.authors.map((a) => a.displayName).join(', ')}`}</span> : ''}
      </p>
      {post.excerpt ? <p safe>{post.excerpt}</p> : ''}
    </article>
  );
}

export function BlogIndexPage(p: {
  ctx: ViewCtx;
  org: OrgRef;
  blog: BlogRow;
  posts: PostSummary[];
  tag?: string | undefined;
  nextHref?: string | undefined;
  canWrite: boolean;
  head?: JSX.Element | undefined;
  aside?: JSX.Element | undefined;
}): JSX.Element {
  const { ctx, org, blog } = p;
  const { t } = ctx;
  const safeAside = p.aside ?? '';
  const title = p.tag ? t('blog.index.tagTitle', { blog: blogTitle(ctx, blog), tag: p.tag }) : blogTitle(ctx, blog);
  return (
    <Layout ctx={ctx} title={title} head={p.head}>
      <p class="hint">
        <a href={`/o/${org.slug}`} safe>{orgName(ctx, org)}</a>
      </p>
      <h1 safe>{title}</h1>
      {blogDescription(ctx, blog) && !p.tag ? <p class="lead" safe>{blogDescription(ctx, blog)}</p> : ''}
      {p.canWrite ? (
        <p>
          <a class="button secondary" href={`${blogUrl(org.slug, blog.slug)}/desk`} safe>{t('blog.index.desk')}</a>
        </p>
      ) : (
        ''
      )}
      {safeAside}
      {p.posts.length === 0 ? <p safe>{t('blog.index.none')}</p> : ''}
      {p.posts.map((post) => (
        <PostCard ctx={ctx} org={org} blog={blog} post={post} />
      ))}
      {p.nextHref ? (
        <nav aria-label={t('blog.index.pagination')}>
          <a href={p.nextHref} rel="next" safe>{t('blog.index.older')}</a>
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** Sections other areas of the module add to a post page, each rendered by its own view. */
export type PostPageSections = {
  head?: JSX.Element;
  beforeBody?: JSX.Element;
  afterBody?: JSX.Element;
  share?: JSX.Element;
  comments?: JSX.Element;
};

export function PostPage(p: {
  ctx: ViewCtx;
  org: OrgRef;
  blog: BlogRow;
  post: PostSummary;
  translations: { slug: string; lang: string; title: string; blogSlug: string }[];
  canEdit: boolean;
  sections?: PostPageSections;
}): JSX.Element {
  const { ctx, org, blog, post } = p;
  const { t } = ctx;
  const s = p.sections ?? {};
  // Sanitized when saved (markdown.ts); the sections are rendered by the module's own views.
  const safeBody = post.bodyHtml;
  const safeBefore = s.beforeBody ?? '';
  const safeAfter = s.afterBody ?? '';
  const safeShare = s.share ?? '';
  const safeComments = s.comments ?? '';
  return (
    <Layout ctx={ctx} title={post.title} head={s.head}>
      <article class="post" lang={post.lang} aria-labelledby="post-title">
        <p class="hint">
          <a href={blogUrl(org.slug, blog.slug)} safe>{blogTitle(ctx, blog)}</a>
        </p>
        <h1 id="post-title" safe>{post.title}</h1>
        <p class="byline hint">
          {post.publishedAt ? <time datetime={ctx.fmt.iso(post.publishedAt)} safe>{ctx.fmt.date(post.publishedAt)}</time> : <span safe>{t(`blog.status.${post.status}`)}</span>}
          {post.authors.length > 0 ? <span safe>{` · ${t('blog.post.by', { names: post.authors.map((a) => a.displayName).join(', ') })}`}</span> : ''}
        </p>
        {p.translations.map((tr) => (
          <p class="translation-link">
            <a href={postUrl(org.slug, tr.blogSlug, tr.slug)} hreflang={tr.lang} lang={tr.lang} safe>{t(`blog.post.readIn.${tr.lang}`)}</a>
          </p>
        ))}
        {p.canEdit ? (
          <p>
            <a class="button secondary" href={`${postUrl(org.slug, blog.slug, post.slug)}/edit`} safe>{t('blog.post.edit')}</a>
          </p>
        ) : (
          ''
        )}
        {post.coverObjectId ? <img class="cover" src={`/media/${post.coverObjectId}`} alt={post.coverAlt ?? ''} /> : ''}
        {safeBefore}
        <div class="post-body">{safeBody}</div>
        {safeAfter}
        {post.tags.length > 0 ? (
          <ul class="tags" aria-label={t('blog.post.tags')}>
            {post.tags.map((tag) => (
              <li>
                <a href={tagUrl(org.slug, blog.slug, tag.tag)} rel="tag" safe>{tag.label}</a>
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
        {safeShare}
      </article>
      {safeComments}
    </Layout>
  );
}

import type { BlogDeps } from '../deps.js';
import { listBlogsForSitemap, listPublishedPostsForSitemap } from '../db/queries/seo.js';
import { absoluteUrl, blogsUrl, blogUrl, postUrl } from '../views/urls.js';

/** The sitemap protocol's limit for one file. */
export const SITEMAP_MAX_URLS = 50_000;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

type SitemapUrl = { loc: string; lastmod: Date; alternates: { hreflang: string; href: string }[] };

/** sitemap.xml and robots.txt: what search engines may index, and where to find it. */
export function createSeoService(deps: BlogDeps) {
  const base = deps.config.publicUrl;
  const abs = (path: string) => absoluteUrl(base, path);

  return {
    /** Every organization's blog lists, blog indexes and published posts, with their translations as hreflang alternates. */
    async sitemap(): Promise<string> {
      const blogs = await listBlogsForSitemap(deps.db);
      const posts = await listPublishedPostsForSitemap(deps.db, Math.max(0, SITEMAP_MAX_URLS - blogs.length * 2));
      const byGroup = new Map<string, typeof posts>();
      for (const p of posts) byGroup.set(p.translationGroupId, [...(byGroup.get(p.translationGroupId) ?? []), p]);
      const latestInBlog = new Map<string, Date>();
      for (const p of posts) if (p.updatedAt > (latestInBlog.get(p.blogId) ?? new Date(0))) latestInBlog.set(p.blogId, p.updatedAt);

      const urls: SitemapUrl[] = [];
      const latestInOrg = new Map<string, { slug: string; at: Date }>();
      for (const b of blogs) {
        const at = new Date(Math.max(b.updatedAt.getTime(), latestInBlog.get(b.id)?.getTime() ?? 0));
        urls.push({ loc: abs(blogUrl(b.orgSlug, b.slug)), lastmod: at, alternates: [] });
        const org = latestInOrg.get(b.organizationId);
        if (!org || at > org.at) latestInOrg.set(b.organizationId, { slug: b.orgSlug, at });
      }
      for (const o of latestInOrg.values()) urls.push({ loc: abs(blogsUrl(o.slug)), lastmod: o.at, alternates: [] });
      for (const p of posts) {
        const group = byGroup.get(p.translationGroupId) ?? [];
        // Alternates list every language version, this one included, as search engines expect.
        const alternates = group.length > 1 ? group.map((g) => ({ hreflang: g.lang, href: abs(postUrl(g.orgSlug, g.blogSlug, g.slug)) })) : [];
        urls.push({ loc: abs(postUrl(p.orgSlug, p.blogSlug, p.slug)), lastmod: p.updatedAt, alternates });
      }

      const body = urls
        .slice(0, SITEMAP_MAX_URLS)
        .map(
          (u) =>
            `  <url>\n    <loc>${escapeXml(u.loc)}</loc>\n    <lastmod>${u.lastmod.toISOString()}</lastmod>\n` +
            u.alternates.map((a) => `    <xhtml:link rel="alternate" hreflang="${escapeXml(a.hreflang)}" href="${escapeXml(a.href)}"/>\n`).join('') +
            '  </url>\n',
        )
        .join('');
      return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' +
        body +
        '</urlset>\n'
      );
    },

    /** Public pages are open to crawlers; accounts, administration, development and the API are not. */
    robots(): string {
      return [
        'User-agent: *',
        'Allow: /',
        'Disallow: /account',
        'Disallow: /admin',
        'Disallow: /o/*/admin',
        'Disallow: /dev',
        'Disallow: /api',
        'Disallow: /share/',
        '',
        `Sitemap: ${abs('/sitemap.xml')}`,
        '',
      ].join('\n');
    },
  };
}
export type SeoService = ReturnType<typeof createSeoService>;

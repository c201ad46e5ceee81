import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { TestClient } from '../support/client.js';
import { createBlog, createPost } from '../support/factories/blog.js';
import { createAccount, createOrganization } from '../support/factories/identity.js';
import { signIn } from '../support/sign-in.js';

/**
 * Every route of the app, from the catalogue the access hook keeps: signed-in routes refuse
 * anonymous visitors, state-changing routes refuse requests without a CSRF token, development
 * routes do not exist, and administration routes refuse people from another organization.
 */
let t: TestApp;
let fill: (url: string) => string;
beforeAll(async () => {
  t = await buildTestApp();
  const org = await createOrganization(t.db, { slug: 'matrix-org' });
  const owner = await createAccount(t.db, { org, roles: ['admin', 'member'] });
  const blog = await createBlog(t.db, { organizationId: org.id, slug: 'matrix-blog', authors: [{ accountId: owner.id, role: 'editor' }] });
  const post = await createPost(t.db, { blog, createdBy: owner.id, slug: 'matrix-post', tags: [{ tag: 'matrix', label: 'Matrix' }] });
  const ids: Record<string, string> = { org: org.slug, blog: blog.slug, post: post.slug, tag: 'matrix', accountId: owner.id, token: 'x'.repeat(43) };
  fill = (url) => url.replace(/:([A-Za-z]+)/g, (_m, name: string) => ids[name] ?? '0190f0e0-0000-7000-8000-000000000000');
});
afterAll(() => t.close());

const unsafe = (m: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(m);

describe('authorization matrix over HTTP, for every route', () => {
  it('knows the routes', () => {
    expect(t.routes.length).toBeGreaterThan(30);
  });

  it('signed-in routes refuse anonymous visitors', async () => {
    const failures: string[] = [];
    for (const r of t.routes.filter((x) => x.access === 'signed-in')) {
      const c = new TestClient(t.app);
      const url = fill(r.url);
      const res = unsafe(r.method) ? await c.post(url, {}) : await c.request({ method: r.method as 'GET', url });
      const ok = r.url.startsWith('/api/') ? res.statusCode === 401 : unsafe(r.method) ? [401, 403].includes(res.statusCode) : res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in');
      if (!ok) failures.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('state-changing routes refuse a request without its CSRF token', async () => {
    const failures: string[] = [];
    const member = await signIn(t.app, await createAccount(t.db));
    for (const r of t.routes.filter((x) => unsafe(x.method) && x.csrf && !x.url.startsWith('/api/'))) {
      const res = await member.post(fill(r.url), {}, { csrf: false });
      if (res.statusCode !== 403) failures.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('development routes do not exist outside development', async () => {
    for (const r of t.routes.filter((x) => x.access === 'dev-only')) {
      expect((await new TestClient(t.app).get(fill(r.url))).statusCode, r.url).toBe(404);
    }
  });

  it('administration pages refuse a signed-in person of another organization', async () => {
    const elsewhere = await createOrganization(t.db);
    const outsider = await signIn(t.app, await createAccount(t.db, { org: elsewhere, roles: ['admin', 'member'] }));
    const failures: string[] = [];
    for (const r of t.routes.filter((x) => x.method === 'GET' && /\/(admin|desk|settings|authors|moderation|history|edit)(\/|$)/.test(x.url) && x.url.includes(':org'))) {
      const res = await outsider.get(fill(r.url));
      if (![403, 404].includes(res.statusCode)) failures.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});

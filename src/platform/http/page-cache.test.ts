import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CSRF_PLACEHOLDER, EncodedPage, createPageCache, invalidatingDb } from './page-cache.js';
import { securityHeaders } from './security-headers.js';

describe('EncodedPage', () => {
  it('puts the token in every placeholder and keeps non-ASCII text byte for byte', () => {
    const html = `<p>Été à l’hôpital — 🎉</p><input value="${CSRF_PLACEHOLDER}"><form><input value="${CSRF_PLACEHOLDER}"></form>fin`;
    const page = new EncodedPage(html);
    const token = 'abc123-XYZ_token';
    expect(page.with(token).toString('utf8')).toBe(html.replaceAll(CSRF_PLACEHOLDER, token));
    expect(page.with('other').toString('utf8')).toBe(html.replaceAll(CSRF_PLACEHOLDER, 'other'));
  });

  it('serves a page without any placeholder unchanged', () => {
    expect(new EncodedPage('<p>Ça va</p>').with('t').toString('utf8')).toBe('<p>Ça va</p>');
  });
});

describe('createPageCache', () => {
  it('refuses an entry rendered before a change and drops everything on invalidate', () => {
    const cache = createPageCache({ maxEntries: 2 });
    const before = cache.generation();
    cache.invalidate();
    cache.set('a', 'old', before);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 'one', cache.generation());
    cache.set('b', 'two', cache.generation());
    cache.set('c', 'three', cache.generation());
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'two', 'three']);
    cache.invalidate();
    expect(cache.size).toBe(0);
  });
});

describe('securityHeaders', () => {
  it('works out helmet’s headers once, with the options given', () => {
    const headers = securityHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], objectSrc: ["'none'"] } },
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    });
    expect(headers['content-security-policy']).toBe("default-src 'self';object-src 'none'");
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toBeUndefined();
  });
});

describe('invalidatingDb with raw SQL', () => {
  const db = new Kysely<Record<string, never>>({
    dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (k) => new PostgresIntrospector(k), createQueryCompiler: () => new PostgresQueryCompiler() },
  });
  const drops = async (query: ReturnType<typeof sql>) => {
    const cache = createPageCache();
    const before = cache.generation();
    await query.execute(invalidatingDb(db, cache));
    return cache.generation() !== before;
  };

  it('drops pages for a write to a shown table, however the SQL is put together', async () => {
    expect(await drops(sql`insert into blog_posts (id) values (${'x'})`)).toBe(true);
    expect(await drops(sql`update ${sql.table('blog_comments')} set body = ${'b'}`)).toBe(true);
    expect(await drops(sql`with m as (${sql`delete from identity_profiles where account_id = ${'a'}`}) select 1`)).toBe(true);
    // The same template twice: its verdict is remembered, not lost.
    for (let i = 0; i < 2; i++) expect(await drops(sql`insert into blog_posts (id) values (${i})`)).toBe(true);
  });

  it('keeps them for reads, for writes elsewhere, and whatever the bound values say', async () => {
    expect(await drops(sql`select * from blog_posts where id = ${'delete'}`)).toBe(false);
    expect(await drops(sql`insert into jobs_queue (payload) values (${'update blog_posts'})`)).toBe(false);
    expect(await drops(sql`update ${sql.table('jobs_queue')} set name = ${'blog_posts'}`)).toBe(false);
  });
});

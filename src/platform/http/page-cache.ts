import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { Redis } from 'ioredis';
import './fastify-types.js';
import type { ViewCtx } from '../views/view-context.js';

/** Stands in for the visitor's own CSRF token in a cached page; replaced on every response. */
export const CSRF_PLACEHOLDER = '__foyer_csrf_token__';
const NOTICE_COOKIE = 'foyer_notice';
const CHANNEL = 'foyer:page-cache:invalidate';

/** A value computed for anonymous readers, kept as it is (frozen: every reader shares it). */
class CachedValue {
  constructor(readonly value: unknown) {
    Object.freeze(value);
  }
}

/** What the cache keeps: text, a page already encoded around its CSRF placeholders, or a computed value. */
export type CachedEntry = string | EncodedPage | CachedValue;

export type PageCache = {
  /** Drops every cached page, here and (through Redis) in every other instance. */
  invalidate(): void;
  get(key: string): CachedEntry | undefined;
  generation(): number;
  /** Stores a page rendered from data read at `generation`; refused if a change came since. */
  set(key: string, entry: CachedEntry, generation: number): void;
  readonly size: number;
  close(): Promise<void>;
};

/**
 * Rendered public pages for anonymous readers, so a popular post is served from memory. Any
 * write to the content the pages show drops them all (writes are rare next to reads), so a
 * page is never stale after a change. With REDIS_URL, instances tell each other.
 */
export function createPageCache(opts: { maxEntries?: number; redisUrl?: string | undefined } = {}): PageCache {
  const max = opts.maxEntries ?? 2000;
  const pages = new Map<string, CachedEntry>();
  let gen = 0;
  const clearLocal = () => {
    gen++;
    pages.clear();
  };
  const pub = opts.redisUrl ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false }) : null;
  const sub = opts.redisUrl ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false }) : null;
  if (sub) {
    void sub.subscribe(CHANNEL);
    sub.on('message', clearLocal);
    // Without the channel, another instance's change could go unseen: serve nothing from cache then.
    sub.on('error', clearLocal);
  }
  return {
    invalidate() {
      clearLocal();
      pub?.publish(CHANNEL, '1').catch(() => undefined);
    },
    get: (key) => (sub && sub.status !== 'ready' ? undefined : pages.get(key)),
    generation: () => gen,
    set(key, entry, generation) {
      if (generation !== gen) return;
      if (pages.size >= max) pages.delete(pages.keys().next().value!);
      pages.set(key, entry);
    },
    get size() {
      return pages.size;
    },
    async close() {
      await Promise.all([pub?.quit(), sub?.quit()]);
    },
  };
}

/** Tables whose rows appear on cached public pages. */
const CONTENT_TABLES = /\b(blog[A-Z_]\w*|identity_?[oO]rganizations|identity_?[pP]rofiles)\b/;
const WRITE_KINDS = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

type NodeLike = { kind?: string; table?: unknown; node?: unknown; into?: unknown; from?: { froms?: unknown[] }; identifier?: { name?: string } };

/** The name of a table a write names as its target (`TableNode`, possibly under an alias). */
function tableName(node: unknown): string | undefined {
  const n = node as NodeLike | undefined;
  if (n?.kind === 'AliasNode') return tableName(n.node);
  if (n?.kind === 'TableNode') return (n.table as NodeLike | undefined)?.identifier?.name;
  return undefined;
}

/**
 * Whether a statement writes a table that cached pages show. Writes are checked by their target
 * table alone (cheap, for the hot paths of other modules); raw SQL and any shape not recognised
 * are checked over their whole text.
 */
function writesContent(node: RootOperationNode): boolean {
  if (WRITE_KINDS.has(node.kind)) {
    const n = node as unknown as NodeLike;
    const targets = node.kind === 'DeleteQueryNode' ? (n.from?.froms ?? []).map(tableName) : [tableName(n.into ?? n.table)];
    if (targets.length > 0 && targets.every((t) => t !== undefined)) return targets.some((t) => CONTENT_TABLES.test(t!));
    return CONTENT_TABLES.test(JSON.stringify(node));
  }
  if (node.kind === 'RawNode') {
    const marks = rawMarks(node as unknown as RawNodeLike);
    return marks.write && marks.content;
  }
  return false;
}

type RawNodeLike = { kind: 'RawNode'; sqlFragments: readonly string[]; parameters: readonly { kind: string }[] };
/** Whether some SQL text has a writing verb, and names a table cached pages show. */
type Marks = { write: boolean; content: boolean };
const WRITE_WORDS = /\b(insert|update|delete|merge)\b/i;
const marksOf = (text: string): Marks => ({ write: WRITE_WORDS.test(text), content: CONTENT_TABLES.test(text) });
/** A template's fragments are the same array on every call: each is judged once. */
const fragmentMarks = new WeakMap<readonly string[], Marks>();

/**
 * Raw SQL judged by its text: the template's fragments (cached) and any nested SQL (identifiers,
 * other raw pieces); bound values are data, never SQL, and are not read.
 */
function rawMarks(node: RawNodeLike): Marks {
  let marks = fragmentMarks.get(node.sqlFragments);
  if (!marks) {
    marks = marksOf(node.sqlFragments.join(' '));
    fragmentMarks.set(node.sqlFragments, marks);
  }
  let { write, content } = marks;
  for (const parameter of node.parameters) {
    if (write && content) break;
    if (parameter.kind === 'ValueNode') continue;
    const inner = parameter.kind === 'RawNode' ? rawMarks(parameter as RawNodeLike) : marksOf(JSON.stringify(parameter));
    write ||= inner.write;
    content ||= inner.content;
  }
  return { write, content };
}

/**
 * A Kysely plugin that drops cached pages after every statement that changes their content, and
 * a wrapper that drops them again once a transaction has committed (a page rendered from data
 * read before the commit carries an older generation and is not stored).
 */
class InvalidateOnWrite implements KyselyPlugin {
  private readonly pending = new WeakSet<object>();
  /** Content writes seen so far; a transaction that saw none need not drop anything. */
  writes = 0;
  constructor(private readonly cache: PageCache) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (writesContent(args.node)) {
      this.writes++;
      this.pending.add(args.queryId);
      this.cache.invalidate();
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.pending.has(args.queryId)) this.cache.invalidate();
    return args.result;
  }
}

export function invalidatingDb<D>(db: Kysely<D>, cache: PageCache): Kysely<D> {
  const plugin = new InvalidateOnWrite(cache);
  const wrapped = db.withPlugin(plugin);
  // A transaction builder (and every builder derived from it, such as setIsolationLevel's) drops
  // the pages once more after its commit when it wrote content.
  const wrapBuilder = <B extends object>(builder: B): B =>
    new Proxy(builder, {
      get(b, p) {
        // Kysely's classes keep private fields: every call goes to the real object, never the proxy.
        const value = Reflect.get(b, p, b) as unknown;
        if (typeof value !== 'function') return value;
        if (p === 'execute') {
          return async (...args: unknown[]) => {
            const before = plugin.writes;
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>).apply(b, args);
            } finally {
              if (plugin.writes !== before) cache.invalidate();
            }
          };
        }
        return (...args: unknown[]) => {
          const out = (value as (...a: unknown[]) => unknown).apply(b, args);
          return out && typeof out === 'object' && 'execute' in out ? wrapBuilder(out) : out;
        };
      },
    });
  return new Proxy(wrapped, {
    get(target, prop) {
      if (prop === 'transaction') return () => wrapBuilder(target.transaction());
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A rendered page kept as UTF-8 bytes split at each CSRF placeholder, so serving it copies bytes
 * around the visitor's token instead of searching and re-encoding the whole text every time.
 */
export class EncodedPage {
  private readonly parts: Buffer[];
  private readonly length: number;
  constructor(html: string) {
    this.parts = html.split(CSRF_PLACEHOLDER).map((part) => Buffer.from(part, 'utf8'));
    this.length = this.parts.reduce((n, part) => n + part.length, 0);
  }
  /** The page with `token` (ASCII, as CSRF tokens are) in every placeholder. */
  with(token: string): Buffer {
    const gaps = this.parts.length - 1;
    const out = Buffer.allocUnsafe(this.length + gaps * token.length);
    let at = 0;
    this.parts.forEach((part, i) => {
      at += part.copy(out, at);
      if (i < gaps) at += out.write(token, at, 'latin1');
    });
    return out;
  }
}

/**
 * Serves a public page from the cache for anonymous readers (keyed by language and URL), or
 * loads, renders and stores it. Signed-in readers, and anyone with a one-time notice, get a
 * fresh page. `load` reads the data and returns the view; it runs only on a miss, after the
 * cache's generation is taken, so a change made while it reads keeps its page out of the cache.
 */
export async function cachedPage(
  cache: PageCache,
  request: FastifyRequest,
  reply: FastifyReply,
  load: () => Promise<(ctx: ViewCtx) => JSX.Element>,
): Promise<FastifyReply> {
  if (request.actor.kind !== 'anonymous' || request.cookies[NOTICE_COOKIE]) return reply.page((await load())(request.viewCtx()));
  const key = `${request.lang}|${request.url}`;
  const hit = cache.get(key);
  if (hit instanceof EncodedPage) return reply.type('text/html; charset=utf-8').header('x-page-cache', 'hit').send(hit.with(request.csrfToken));
  const generation = cache.generation();
  const view = await load();
  const page = new EncodedPage(await view({ ...request.viewCtx(), csrfToken: CSRF_PLACEHOLDER }));
  cache.set(key, page, generation);
  return reply.type('text/html; charset=utf-8').header('x-page-cache', 'miss').send(page.with(request.csrfToken));
}

/** The same for text documents (feeds, sitemap): identical for every anonymous reader. */
export async function cachedText(
  cache: PageCache,
  request: FastifyRequest,
  reply: FastifyReply,
  contentType: string,
  produce: () => string | Promise<string>,
): Promise<FastifyReply> {
  reply.type(contentType);
  const key = `text|${request.url}`;
  const hit = cache.get(key);
  if (typeof hit === 'string') return reply.header('x-page-cache', 'hit').send(hit);
  const generation = cache.generation();
  const body = await produce();
  cache.set(key, body, generation);
  return reply.header('x-page-cache', 'miss').send(body);
}

/** A value computed for anonymous readers (a rendered feed with its ETag), cached like a page and shared frozen. */
export async function cachedValue<T>(cache: PageCache, key: string, produce: () => Promise<T>): Promise<{ value: Readonly<T>; hit: boolean }> {
  const hit = cache.get(key);
  if (hit instanceof CachedValue) return { value: hit.value as T, hit: true };
  const generation = cache.generation();
  const value = await produce();
  cache.set(key, new CachedValue(value), generation);
  return { value, hit: false };
}

import type { FieldErrors } from '../../../platform/http/errors.js';
import { ErrorSummary, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/groups.js';
import { SEARCH_KINDS, type SearchKind, type SearchPage as SearchResults } from '../services/search.js';
import { homeUrl, personUrl } from './feed-pages.js';
import { groupDescription, groupName } from './shared.js';
import { PostImages } from './image-pages.js';
import { groupUrl, postUrl } from './urls.js';

export const searchUrl = (org: string, params: { q?: string | undefined; type?: SearchKind; before?: string | undefined } = {}) => {
  const qs = new URLSearchParams();
  if (params.q) qs.set('q', params.q);
  if (params.type && params.type !== 'all') qs.set('type', params.type);
  if (params.before) qs.set('before', params.before);
  const s = qs.toString();
  return `/o/${org}/community/search${s ? `?${s}` : ''}`;
};

/** The community search page: one form, then results grouped by type, each a list of links. */
export function CommunitySearchPage(p: { ctx: ViewCtx; org: OrgRef; q: string; kind: SearchKind; results: SearchResults | null; errors?: FieldErrors | undefined }): JSX.Element {
  const { ctx, org, results } = p;
  const { t, lang } = ctx;
  const title = results && p.q ? t('community-search.resultsTitle', { q: p.q }) : t('community-search.title');
  const show = (k: Exclude<SearchKind, 'all'>) => p.kind === 'all' || p.kind === k;
  const none = results !== null && results.posts.length + results.groups.length + results.people.length === 0;
  return (
    <Layout ctx={ctx} title={title}>
      <p class="back-link">
        <a href={homeUrl(org.slug)} safe>{t('community-search.back')}</a>
      </p>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={p.errors} labels={{ q: t('community-search.q'), type: t('community-search.type'), before: t('community-search.q') }} />
      <form method="get" action={searchUrl(org.slug)} role="search" aria-label={t('community-search.formLabel')} novalidate>
        <TextField t={t} name="q" label={t('community-search.q')} hint={t('community-search.qHint')} value={p.q} errors={p.errors} required maxlength={100} />
        {p.kind !== 'all' ? <input type="hidden" name="type" value={p.kind} /> : ''}
        <button type="submit" safe>{t('community-search.submit')}</button>
      </form>
      {results && p.q ? (
        <>
          <nav aria-label={t('community-search.types')}>
            <ul class="plain-links">
              {SEARCH_KINDS.map((k) => (
                <li>
                  <a href={searchUrl(org.slug, { q: p.q, type: k })} aria-current={k === p.kind ? 'page' : undefined} safe>
                    {t(`community-search.kind.${k}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {none ? <p role="status" safe>{t('community-search.none')}</p> : ''}
          {show('posts') ? (
            <section aria-labelledby="search-posts">
              <h2 id="search-posts" safe>{t('community-search.posts', { count: results.posts.length })}</h2>
              <ol class="search-results">
                {results.posts.map((r) => (
                  <li>
                    <article aria-labelledby={`hit-${r.id}`}>
                      <h3 id={`hit-${r.id}`}>
                        <a href={r.parentId ? `${postUrl(org.slug, r.groupSlug, r.parentId)}#reply-${r.id}` : postUrl(org.slug, r.groupSlug, r.id)} safe>
                          {r.parentId ? t('community-search.replyBy', { name: r.authorName }) : t('community-search.postBy', { name: r.authorName })}
                        </a>
                      </h3>
                      <p class="hint">
                        <span safe>{lang === 'fr' ? r.groupNameFr : r.groupNameEn}</span>
                        {' · '}
                        <time datetime={ctx.fmt.iso(r.createdAt)} safe>{ctx.fmt.dateTime(r.createdAt)}</time>
                      </p>
                      <p class="snippet" safe>{r.excerpt}</p>
                      <PostImages ctx={ctx} org={org} images={results.images.get(r.id) ?? []} />
                    </article>
                  </li>
                ))}
              </ol>
              {p.kind === 'all' && results.more.posts ? (
                <p>
                  <a href={searchUrl(org.slug, { q: p.q, type: 'posts' })} safe>{t('community-search.morePosts')}</a>
                </p>
              ) : (
                ''
              )}
              {results.next ? (
                <p>
                  <a href={searchUrl(org.slug, { q: p.q, type: 'posts', before: results.next })} rel="next" safe>{t('community-search.older')}</a>
                </p>
              ) : (
                ''
              )}
            </section>
          ) : (
            ''
          )}
          {show('groups') ? (
            <section aria-labelledby="search-groups">
              <h2 id="search-groups" safe>{t('community-search.groups', { count: results.groups.length })}</h2>
              <ul class="search-results">
                {results.groups.map((g) => (
                  <li>
                    <a href={groupUrl(org.slug, g.slug)} safe>{groupName(g, lang)}</a>
                    {groupDescription(g, lang) ? <p class="hint" safe>{groupDescription(g, lang)}</p> : ''}
                  </li>
                ))}
              </ul>
              {p.kind === 'all' && results.more.groups ? (
                <p>
                  <a href={searchUrl(org.slug, { q: p.q, type: 'groups' })} safe>{t('community-search.moreGroups')}</a>
                </p>
              ) : (
                ''
              )}
            </section>
          ) : (
            ''
          )}
          {show('people') ? (
            <section aria-labelledby="search-people">
              <h2 id="search-people" safe>{t('community-search.people', { count: results.people.length })}</h2>
              <ul class="search-results">
                {results.people.map((person) => (
                  <li>
                    <a href={personUrl(org.slug, person.accountId)} safe>{person.displayName}</a>
                    {person.pronouns ? <span class="hint" safe>{` (${person.pronouns})`}</span> : ''}
                  </li>
                ))}
              </ul>
              {p.kind === 'all' && results.more.people ? (
                <p>
                  <a href={searchUrl(org.slug, { q: p.q, type: 'people' })} safe>{t('community-search.morePeople')}</a>
                </p>
              ) : (
                ''
              )}
            </section>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

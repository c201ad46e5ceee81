import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, RadioGroup, TextArea, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { MemberWithProfile, OrgRef } from '../db/queries/groups.js';
import type { ReportRow } from '../db/queries/moderation.js';

type HeldRow = { id: string; bodyMd: string; authorName: string };
import type { PostWithAuthor, ReactionCounts } from '../db/queries/posts.js';
import type { GroupKind, GroupRow } from '../db/schema.js';
import { POST_MAX } from '../schemas.js';
import type { GroupListing } from '../services/groups.js';
import type { GroupAbilities } from '../services/posts.js';
import { groupDescription, groupName, groupRules, PhiConfirm, PostBody, Reactions } from './shared.js';
import { imagePostUrl, PostImages } from './image-pages.js';
import type { PostImageRow } from '../db/media-schema.js';
import { groupsUrl, groupUrl, moderationUrl, postUrl } from './urls.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const orgName = (ctx: ViewCtx, org: OrgRef) => (ctx.lang === 'fr' ? org.nameFr : org.nameEn);

export function GroupListPage(p: { ctx: ViewCtx; org: OrgRef; groups: GroupListing[]; q: string | undefined; canCreate: boolean; next: string | null }): JSX.Element {
  const { t, lang } = p.ctx;
  const title = t('community.groups.title', { org: orgName(p.ctx, p.org) });
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1 safe>{title}</h1>
      <search>
        <form method="get" action={groupsUrl(p.org.slug)}>
          <div class="field">
            <label for="f-q" safe>{t('community.groups.search')}</label>
            <input id="f-q" name="q" type="search" value={p.q ?? ''} maxlength={100} />
          </div>
          <button type="submit" safe>{t('community.groups.searchButton')}</button>
        </form>
      </search>
      {p.canCreate ? (
        <p>
          <a href={`${groupsUrl(p.org.slug)}/new`} safe>{t('community.groups.new')}</a>
        </p>
      ) : (
        ''
      )}
      {p.groups.length === 0 ? (
        <p safe>{p.q ? t('community.groups.noResults') : t('community.groups.none')}</p>
      ) : (
        <ul class="card-list">
          {p.groups.map(({ group, membership, memberCount }) => (
            <li class="card">
              <h2>
                <a href={groupUrl(p.org.slug, group.slug)} safe>{groupName(group, lang)}</a>
              </h2>
              <p class="hint" safe>
                {`${t(`community.kinds.${group.kind}`)} · ${t('community.groups.memberCount', { count: memberCount })}${membership ? ` · ${t(`community.status.${membership.status}`)}` : ''}`}
              </p>
              <p safe>{groupDescription(group, lang)}</p>
            </li>
          ))}
        </ul>
      )}
      {p.next ? (
        <p>
          <a href={`${groupsUrl(p.org.slug)}?${new URLSearchParams({ ...(p.q ? { q: p.q } : {}), after: p.next }).toString()}`} rel="next" safe>
            {t('community.groups.more')}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

const KINDS: GroupKind[] = ['public', 'private', 'secret', 'staff'];

export function NewGroupPage(p: { ctx: ViewCtx; org: OrgRef; kinds: GroupKind[]; input: FormInput }): JSX.Element {
  const { t } = p.ctx;
  const v = p.input.values;
  const e = p.input.errors;
  const labels: Record<string, string> = {
    kind: t('community.form.kind'),
    nameEn: t('community.form.nameEn'),
    nameFr: t('community.form.nameFr'),
    descriptionEn: t('community.form.descriptionEn'),
    descriptionFr: t('community.form.descriptionFr'),
    rulesEn: t('community.form.rulesEn'),
    rulesFr: t('community.form.rulesFr'),
    noPhi: t('community.form.noPhi'),
  };
  return (
    <Layout ctx={p.ctx} title={t('community.groups.new')}>
      <h1 safe>{t('community.groups.new')}</h1>
      <ErrorSummary t={t} errors={e} labels={labels} />
      <form method="post" action={groupsUrl(p.org.slug)} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <RadioGroup
          t={t}
          name="kind"
          legend={labels.kind!}
          value={str(v.kind) ?? 'public'}
          errors={e}
          options={KINDS.filter((k) => p.kinds.includes(k)).map((k) => ({ value: k, label: `${t(`community.kinds.${k}`)}: ${t(`community.kindHints.${k}`)}` }))}
        />
        <TextField t={t} name="nameEn" label={labels.nameEn!} value={str(v.nameEn)} errors={e} required maxlength={120} lang="en" />
        <TextField t={t} name="nameFr" label={labels.nameFr!} value={str(v.nameFr)} errors={e} required maxlength={120} lang="fr" />
        <TextArea t={t} name="descriptionEn" label={labels.descriptionEn!} value={str(v.descriptionEn)} errors={e} maxlength={2000} lang="en" />
        <TextArea t={t} name="descriptionFr" label={labels.descriptionFr!} value={str(v.descriptionFr)} errors={e} maxlength={2000} lang="fr" />
        <TextArea t={t} name="rulesEn" label={labels.rulesEn!} value={str(v.rulesEn)} errors={e} maxlength={4000} lang="en" />
        <TextArea t={t} name="rulesFr" label={labels.rulesFr!} value={str(v.rulesFr)} errors={e} maxlength={4000} lang="fr" />
        <div class="choice">
          <input type="checkbox" id="f-noPhi" name="noPhi" checked={v.noPhi === 'on'} />
          <label for="f-noPhi" safe>{labels.noPhi}</label>
        </div>
        <button type="submit" safe>{t('community.form.create')}</button>
      </form>
    </Layout>
  );
}

export type GroupPageProps = {
  ctx: ViewCtx;
  org: OrgRef;
  group: GroupRow;
  status: string | null;
  abilities: GroupAbilities;
  posts: PostWithAuthor[];
  replyCounts: Map<string, number>;
  images: Map<string, PostImageRow[]>;
  reactions: { counts: ReactionCounts; mine: Set<string> };
  next: string | null;
  input: FormInput;
};

export function GroupPage(p: GroupPageProps): JSX.Element {
  const { t, lang } = p.ctx;
  const name = groupName(p.group, lang);
  const here = groupUrl(p.org.slug, p.group.slug);
  const rules = groupRules(p.group, lang);
  const e = p.input.errors;
  const joinLabel = p.status === 'invited' ? t('community.group.accept') : p.group.kind === 'private' ? t('community.group.request') : t('community.group.join');
  return (
    <Layout ctx={p.ctx} title={name}>
      <p>
        <a href={groupsUrl(p.org.slug)} safe>{t('community.groups.back')}</a>
      </p>
      <h1 safe>{name}</h1>
      <p class="hint" safe>{`${t(`community.kinds.${p.group.kind}`)}${p.group.noPhi ? ` · ${t('community.group.noPhi')}` : ''}${p.status ? ` · ${t(`community.status.${p.status}`)}` : ''}`}</p>
      <p safe>{groupDescription(p.group, lang)}</p>
      {rules ? (
        <section aria-labelledby="rules-title">
          <h2 id="rules-title" safe>{t('community.group.rules')}</h2>
          <p safe>{rules}</p>
        </section>
      ) : (
        ''
      )}
      <div class="share-actions">
        {p.abilities.join ? (
          <form method="post" action={`${here}/join`} class="inline-form">
            <CsrfField token={p.ctx.csrfToken} />
            <button type="submit" safe>{joinLabel}</button>
          </form>
        ) : (
          ''
        )}
        {p.abilities.leave ? (
          <form method="post" action={`${here}/leave`} class="inline-form">
            <CsrfField token={p.ctx.csrfToken} />
            <button type="submit" class="link-button" safe>{p.status === 'active' ? t('community.group.leave') : p.status === 'invited' ? t('community.group.decline') : t('community.group.withdraw')}</button>
          </form>
        ) : (
          ''
        )}
        {p.abilities.moderate ? <a href={moderationUrl(p.org.slug, p.group.slug)} safe>{t('community.moderation.link')}</a> : ''}
      </div>
      {p.abilities.post ? (
        <section aria-labelledby="write-title">
          <h2 id="write-title" safe>{t('community.post.write')}</h2>
          <ErrorSummary t={t} errors={e} labels={{ body: t('community.post.body') }} />
          <form method="post" action={`${here}/posts`} novalidate>
            <CsrfField token={p.ctx.csrfToken} />
            <TextArea t={t} name="body" label={t('community.post.body')} hint={t('community.post.bodyHint')} value={str(p.input.values.body)} errors={e} required maxlength={POST_MAX} rows={5} />
            <PhiConfirm ctx={p.ctx} input={p.input} noPhi={p.group.noPhi} />
            <button type="submit" safe>{t('community.post.submit')}</button>
          </form>
          <p>
            <a href={imagePostUrl(p.org.slug, p.group.slug)} safe>{t('community-images.withImage')}</a>
          </p>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="posts-title">
        <h2 id="posts-title" safe>{t('community.group.posts')}</h2>
        {!p.abilities.viewPosts ? (
          <p safe>{t('community.group.membersOnly')}</p>
        ) : p.posts.length === 0 ? (
          <p safe>{t('community.group.noPosts')}</p>
        ) : (
          <ol class="card-list">
            {p.posts.map((post) => (
              <li>
                <article class="card" aria-label={t('community.post.by', { name: post.authorName })}>
                  <PostBody ctx={p.ctx} post={post} />
                  <PostImages ctx={p.ctx} org={p.org} images={p.images.get(post.id) ?? []} />
                  <Reactions ctx={p.ctx} action={`${postUrl(p.org.slug, p.group.slug, post.id)}/reactions`} postId={post.id} counts={p.reactions.counts} mine={p.reactions.mine} canReact={p.abilities.post} />
                  <p>
                    <a href={postUrl(p.org.slug, p.group.slug, post.id)} safe>{t('community.post.replies', { count: p.replyCounts.get(post.id) ?? 0 })}</a>
                  </p>
                </article>
              </li>
            ))}
          </ol>
        )}
        {p.next ? (
          <p>
            <a href={`${here}?before=${encodeURIComponent(p.next)}`} rel="next" safe>{t('community.group.older')}</a>
          </p>
        ) : (
          ''
        )}
      </section>
    </Layout>
  );
}

export function ModerationPage(p: { ctx: ViewCtx; org: OrgRef; group: GroupRow; members: MemberWithProfile[]; reports: ReportRow[]; held: HeldRow[]; input: FormInput }): JSX.Element {
  const { t, lang } = p.ctx;
  const here = moderationUrl(p.org.slug, p.group.slug);
  const title = t('community.moderation.title', { name: groupName(p.group, lang) });
  const requests = p.members.filter((m) => m.status === 'requested');
  const others = p.members.filter((m) => m.status !== 'requested');
  return (
    <Layout ctx={p.ctx} title={title}>
      <p>
        <a href={groupUrl(p.org.slug, p.group.slug)} safe>{t('community.moderation.back')}</a>
      </p>
      <h1 safe>{title}</h1>
      <section aria-labelledby="reports-title">
        <h2 id="reports-title" safe>{t('community.moderation.reports')}</h2>
        {p.reports.length === 0 ? <p safe>{t('community.moderation.noReports')}</p> : ''}
        <ul class="card-list">
          {p.reports.map((r, i) => (
            <li class="card">
              <p class="hint" safe>{t('community.moderation.reportedBy', { name: r.reporterName ?? t('community.notices.someone'), author: r.authorName })}</p>
              <blockquote safe>{r.bodyMd}</blockquote>
              <p safe>{`${t('community.moderation.reason')}: ${r.reason}`}</p>
              <PostDecision ctx={p.ctx} action={`${here}/posts/${r.postId}`} id={`report-${i}`} choices={['hide', 'remove', 'dismiss']} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="held-title">
        <h2 id="held-title" safe>{t('community.moderation.held')}</h2>
        {p.held.length === 0 ? <p safe>{t('community.moderation.noHeld')}</p> : ''}
        <ul class="card-list">
          {p.held.map((h, i) => (
            <li class="card">
              <p class="hint" safe>{t('community.moderation.heldFrom', { name: h.authorName })}</p>
              <blockquote safe>{h.bodyMd}</blockquote>
              <PostDecision ctx={p.ctx} action={`${here}/posts/${h.id}`} id={`held-${i}`} choices={['approve', 'remove']} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="requests-title">
        <h2 id="requests-title" safe>{t('community.moderation.requests')}</h2>
        {requests.length === 0 ? (
          <p safe>{t('community.moderation.noRequests')}</p>
        ) : (
          <ul class="card-list">
            {requests.map((m) => (
              <li class="card">
                <p safe>{m.displayName}</p>
                <form method="post" action={`${here}/requests/${m.accountId}`} class="inline-form">
                  <CsrfField token={p.ctx.csrfToken} />
                  <button type="submit" name="decision" value="approve" safe>{t('community.moderation.approve', { name: m.displayName })}</button>{' '}
                  <button type="submit" name="decision" value="decline" class="link-button" safe>{t('community.moderation.decline', { name: m.displayName })}</button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="invite-title">
        <h2 id="invite-title" safe>{t('community.moderation.invite')}</h2>
        <ErrorSummary t={t} errors={p.input.errors} labels={{ email: t('community.moderation.email') }} />
        <form method="post" action={`${here}/invitations`} novalidate>
          <CsrfField token={p.ctx.csrfToken} />
          <TextField t={t} name="email" type="email" label={t('community.moderation.email')} hint={t('community.moderation.emailHint')} value={str(p.input.values.email)} errors={p.input.errors} required autocomplete="off" />
          <button type="submit" safe>{t('community.moderation.sendInvite')}</button>
        </form>
      </section>
      <section aria-labelledby="members-title">
        <h2 id="members-title" safe>{t('community.moderation.members')}</h2>
        <ul class="card-list">
          {others.map((m) => (
            <li class="card">
              <p safe>{`${m.displayName} · ${t(`community.roles.${m.role}`)} · ${t(`community.memberStatus.${m.status}`)}${m.mutedUntil && m.mutedUntil > new Date() ? ` · ${t('community.moderation.mutedUntil', { date: p.ctx.fmt.dateTime(m.mutedUntil) })}` : ''}`}</p>
              {m.role === 'owner' ? (
                ''
              ) : (
                <form method="post" action={`${here}/members/${m.accountId}`} class="inline-form">
                  <CsrfField token={p.ctx.csrfToken} />
                  {(m.status === 'banned' ? ['unban'] : m.mutedUntil && m.mutedUntil > new Date() ? ['unmute', 'ban'] : ['mute', 'ban']).map((a) => (
                    <button type="submit" name="action" value={a} class="link-button" safe>{t(`community.moderation.${a}`, { name: m.displayName })}</button>
                  ))}
                </form>
              )}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

function PostDecision(p: { ctx: ViewCtx; action: string; id: string; choices: ('hide' | 'remove' | 'dismiss' | 'approve')[] }): JSX.Element {
  const { t } = p.ctx;
  return (
    <form method="post" action={p.action}>
      <CsrfField token={p.ctx.csrfToken} />
      <div class="field">
        <label for={`f-reason-${p.id}`} safe>{t('community.moderation.reasonForAuthor')}</label>
        <textarea id={`f-reason-${p.id}`} name="reason" rows="2" maxlength={500}></textarea>
      </div>
      {p.choices.map((c) => (
        <button type="submit" name="action" value={c} class={c === 'dismiss' ? 'link-button' : undefined} safe>{t(`community.moderation.${c}Post`)}</button>
      ))}
    </form>
  );
}

export function ReportsPage(p: { ctx: ViewCtx; org: OrgRef; reports: ReportRow[] }): JSX.Element {
  const { t, lang } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t('community.moderation.orgQueue')}>
      <h1 safe>{t('community.moderation.orgQueue')}</h1>
      {p.reports.length === 0 ? <p safe>{t('community.moderation.noReports')}</p> : ''}
      <ul class="card-list">
        {p.reports.map((r) => (
          <li class="card">
            <p>
              <a href={moderationUrl(p.org.slug, r.groupSlug)} safe>{lang === 'fr' ? r.groupNameFr : r.groupNameEn}</a>
            </p>
            <blockquote safe>{r.bodyMd}</blockquote>
            <p safe>{`${t('community.moderation.reason')}: ${r.reason}`}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

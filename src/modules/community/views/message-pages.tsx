import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, PostButton, TextArea } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/groups.js';
import type { ConversationListItem, MessageWithAuthor } from '../db/queries/messages.js';
import type { ConversationRow } from '../db/messages-schema.js';
import { POST_MAX } from '../schemas.js';
import type { SendRefusal } from '../services/messages.js';
import { PhiConfirm } from './shared.js';
import { blocksUrl, blockUrl, communitySettingsUrl, conversationUrl, messagesUrl, messageWithUrl } from './message-urls.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const personUrl = (org: string, accountId: string) => `/o/${org}/people/${accountId}`;

/** Why there is no form: messages switched off by the organization, or a block of one's own (with the way back). */
function RefusalNote(p: { ctx: ViewCtx; org: OrgRef; refusal: SendRefusal; other: { accountId: string; displayName: string }; back: Record<string, string> }): JSX.Element {
  const { t } = p.ctx;
  if (p.refusal === 'messages_off') return <p class="notice" role="note" safe>{t('community-messages.off')}</p>;
  if (p.refusal !== 'you_blocked') return '';
  return (
    <div class="notice" role="note">
      <p safe>{t('community-messages.youBlocked', { name: p.other.displayName })}</p>
      <PostButton action={blockUrl(p.org.slug, p.other.accountId)} csrfToken={p.ctx.csrfToken} label={t('community-messages.unblock', { name: p.other.displayName })} hidden={{ block: 'no', ...p.back }} variant="secondary" />
    </div>
  );
}

function MessageForm(p: { ctx: ViewCtx; action: string; input: FormInput }): JSX.Element {
  const { t } = p.ctx;
  return (
    <>
      <ErrorSummary t={t} errors={p.input.errors} labels={{ body: t('community-messages.body') }} />
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <TextArea t={t} name="body" label={t('community-messages.body')} hint={t('community.post.bodyHint')} value={str(p.input.values.body)} errors={p.input.errors} required maxlength={POST_MAX} />
        <PhiConfirm ctx={p.ctx} input={p.input} noPhi={false} />
        <button type="submit" safe>{t('community-messages.send')}</button>
      </form>
    </>
  );
}

export function InboxPage(p: { ctx: ViewCtx; org: OrgRef; conversations: ConversationListItem[]; directMessages: boolean; canConfigure: boolean }): JSX.Element {
  const { t, fmt } = p.ctx;
  const unread = p.conversations.filter((c) => c.unread).length;
  return (
    <Layout ctx={p.ctx} title={t('community-messages.title')}>
      <h1 safe>{t('community-messages.title')}</h1>
      <p>
        <a href={blocksUrl(p.org.slug)} safe>{t('community-messages.blocksLink')}</a>
        {p.canConfigure ? (
          <>
            {' · '}
            <a href={communitySettingsUrl(p.org.slug)} safe>{t('community-messages.settingsLink')}</a>
          </>
        ) : (
          ''
        )}
      </p>
      {p.directMessages ? '' : <p class="notice" role="note" safe>{t('community-messages.offInbox')}</p>}
      <p safe>{t('community-messages.unreadCount', { count: unread })}</p>
      {p.conversations.length === 0 ? <p safe>{t('community-messages.none')}</p> : ''}
      <ul class="card-list">
        {p.conversations.map((c) => (
          <li class="card">
            <a href={conversationUrl(p.org.slug, c.id)} safe>{t('community-messages.with', { name: c.otherName })}</a>
            {c.unread ? <strong class="badge" safe>{` ${t('community-messages.unread')}`}</strong> : ''}
            <p class="hint">
              <time datetime={fmt.iso(c.lastMessageAt)} safe>{fmt.dateTime(c.lastMessageAt)}</time>
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function ConversationPage(p: {
  ctx: ViewCtx;
  page: { org: OrgRef; conversation: ConversationRow; other: { accountId: string; displayName: string | null }; messages: MessageWithAuthor[]; older: string | null; refusal: SendRefusal };
  input: FormInput;
}): JSX.Element {
  const { t, fmt } = p.ctx;
  const { org, other, messages, older, refusal, conversation } = p.page;
  const name = other.displayName ?? t('community.notices.someone');
  const here = conversationUrl(org.slug, conversation.id);
  const title = t('community-messages.with', { name });
  return (
    <Layout ctx={p.ctx} title={title}>
      <p>
        <a href={messagesUrl(org.slug)} safe>{t('community-messages.title')}</a>
      </p>
      <h1 safe>{title}</h1>
      {older ? (
        <p>
          <a href={`${here}?before=${encodeURIComponent(older)}`} rel="prev" safe>{t('community-messages.older')}</a>
        </p>
      ) : (
        ''
      )}
      {messages.length === 0 ? <p safe>{t('community-messages.empty')}</p> : ''}
      <ol class="card-list" aria-label={t('community-messages.list')}>
        {messages.map((m, i) => {
          const safeBody = m.bodyHtml;
          return (
            <li class="card" id={i === messages.length - 1 ? 'latest' : `message-${m.id}`}>
              <p class="hint">
                <strong safe>{m.authorName}</strong>
                {' · '}
                <time datetime={fmt.iso(m.createdAt)} safe>{fmt.dateTime(m.createdAt)}</time>
              </p>
              <div class="post-body">{safeBody}</div>
            </li>
          );
        })}
      </ol>
      {refusal === 'messages_off' || refusal === 'you_blocked' ? (
        <RefusalNote ctx={p.ctx} org={org} refusal={refusal} other={{ accountId: other.accountId, displayName: name }} back={{ back: 'conversation', conversation: conversation.id }} />
      ) : (
        <MessageForm ctx={p.ctx} action={here} input={p.input} />
      )}
      {refusal === 'you_blocked' ? (
        ''
      ) : (
        <details>
          <summary safe>{t('community-messages.moreActions')}</summary>
          <PostButton action={blockUrl(org.slug, other.accountId)} csrfToken={p.ctx.csrfToken} label={t('community-messages.block', { name })} hidden={{ block: 'yes', back: 'conversation', conversation: conversation.id }} variant="danger" />
        </details>
      )}
    </Layout>
  );
}

export function StartConversationPage(p: { ctx: ViewCtx; org: OrgRef; person: { accountId: string; displayName: string }; refusal: SendRefusal; input: FormInput }): JSX.Element {
  const { t } = p.ctx;
  const title = t('community-messages.newTitle', { name: p.person.displayName });
  return (
    <Layout ctx={p.ctx} title={title}>
      <p>
        <a href={messagesUrl(p.org.slug)} safe>{t('community-messages.title')}</a>
      </p>
      <h1 safe>{title}</h1>
      {p.refusal === 'you_blocked' ? (
        <RefusalNote ctx={p.ctx} org={p.org} refusal={p.refusal} other={p.person} back={{ back: 'profile' }} />
      ) : (
        <MessageForm ctx={p.ctx} action={messageWithUrl(p.org.slug, p.person.accountId)} input={p.input} />
      )}
    </Layout>
  );
}

export function BlocksPage(p: { ctx: ViewCtx; org: OrgRef; blocked: { accountId: string; displayName: string; createdAt: Date }[] }): JSX.Element {
  const { t, fmt } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t('community-messages.blocksTitle')}>
      <p>
        <a href={messagesUrl(p.org.slug)} safe>{t('community-messages.title')}</a>
      </p>
      <h1 safe>{t('community-messages.blocksTitle')}</h1>
      <p safe>{t('community-messages.blocksIntro')}</p>
      {p.blocked.length === 0 ? <p safe>{t('community-messages.blocksNone')}</p> : ''}
      <ul class="card-list">
        {p.blocked.map((b) => (
          <li class="card">
            <a href={personUrl(p.org.slug, b.accountId)} safe>{b.displayName}</a>
            <p class="hint">
              <time datetime={fmt.iso(b.createdAt)} safe>{t('community-messages.blockedSince', { date: fmt.dateTime(b.createdAt) })}</time>
            </p>
            <PostButton action={blockUrl(p.org.slug, b.accountId)} csrfToken={p.ctx.csrfToken} label={t('community-messages.unblock', { name: b.displayName })} hidden={{ block: 'no', back: 'blocks' }} variant="secondary" />
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function CommunitySettingsPage(p: { ctx: ViewCtx; org: OrgRef; directMessages: boolean }): JSX.Element {
  const { t } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t('community-messages.settingsTitle')}>
      <h1 safe>{t('community-messages.settingsTitle')}</h1>
      <form method="post" action={communitySettingsUrl(p.org.slug)}>
        <CsrfField token={p.ctx.csrfToken} />
        <div class="choice">
          <input type="checkbox" id="f-directMessages" name="directMessages" checked={p.directMessages} aria-describedby="f-directMessages-hint" />
          <label for="f-directMessages" safe>{t('community-messages.settingsDirect')}</label>
        </div>
        <p class="hint" id="f-directMessages-hint" safe>{t('community-messages.settingsDirectHint')}</p>
        <button type="submit" safe>{t('community-messages.settingsSave')}</button>
      </form>
    </Layout>
  );
}

/** The message and block actions on a person's community page. */
export function PersonMessageActions(p: { ctx: ViewCtx; org: string; person: { accountId: string; displayName: string }; actions: { message: boolean; block: { blocked: boolean } | null } }): JSX.Element {
  const { t } = p.ctx;
  if (!p.actions.message && !p.actions.block) return '';
  return (
    <p class="share-actions">
      {p.actions.message ? <a href={messageWithUrl(p.org, p.person.accountId)} class="button" safe>{t('community-messages.message', { name: p.person.displayName })}</a> : ''}
      {p.actions.block ? (
        <PostButton
          action={blockUrl(p.org, p.person.accountId)}
          csrfToken={p.ctx.csrfToken}
          label={p.actions.block.blocked ? t('community-messages.unblock', { name: p.person.displayName }) : t('community-messages.block', { name: p.person.displayName })}
          hidden={{ block: p.actions.block.blocked ? 'no' : 'yes', back: 'profile' }}
          variant={p.actions.block.blocked ? 'secondary' : 'link-button'}
        />
      ) : (
        ''
      )}
    </p>
  );
}

import type { FieldErrors } from '../../../platform/http/errors.js';
import { CsrfField, ErrorSummary, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { ShareLink } from '../services/sharing.js';
import { favouritesUrl } from './urls.js';

const NETWORK_NAMES: Record<Exclude<ShareLink['network'], 'email'>, string> = {
  facebook: 'Facebook',
  x: 'X',
  linkedin: 'LinkedIn',
  bluesky: 'Bluesky',
  reddit: 'Reddit',
  pinterest: 'Pinterest',
  tumblr: 'Tumblr',
};

/** Save or remove the post from the reader's favourites; a sign-in link for guests. */
export function FavouriteControl({ ctx, postPath, saved }: { ctx: ViewCtx; postPath: string; saved: boolean }): JSX.Element {
  const { t } = ctx;
  if (!ctx.actor) {
    return (
      <p class="favourite" lang={ctx.lang}>
        <a href={`/sign-in?next=${encodeURIComponent(postPath)}`} safe>{t('blog-sharing.favourites.signIn')}</a>
      </p>
    );
  }
  return (
    <form method="post" action={`${postPath}/${saved ? 'unfavourite' : 'favourite'}`} class="favourite" lang={ctx.lang}>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="back" value="post" />
      {saved ? <p class="hint" safe>{t('blog-sharing.favourites.isSaved')}</p> : ''}
      <button type="submit" class="secondary" safe>{saved ? t('blog-sharing.favourites.remove') : t('blog-sharing.favourites.add')}</button>{' '}
      <a href={favouritesUrl()} safe>{t('blog-sharing.favourites.page')}</a>
    </form>
  );
}

/** The Mastodon form: the reader names their own server, since Mastodon has no central share page. */
export function MastodonForm(p: { ctx: ViewCtx; url: string; text: string; values?: Record<string, unknown>; errors?: FieldErrors | undefined }): JSX.Element {
  const { t } = p.ctx;
  const instance = typeof p.values?.instance === 'string' ? p.values.instance : '';
  return (
    <form method="get" action="/share/mastodon" class="mastodon-share" novalidate>
      <input type="hidden" name="url" value={p.url} />
      <input type="hidden" name="text" value={p.text} />
      <TextField
        t={t}
        name="instance"
        label={t('blog-sharing.mastodon.instance')}
        hint={t('blog-sharing.mastodon.hint')}
        value={instance}
        errors={p.errors}
        required
        autocomplete="off"
        maxlength={253}
      />
      <button type="submit" class="secondary" safe>{t('blog-sharing.mastodon.submit')}</button>
    </form>
  );
}

/**
 * Sharing without trackers: plain links to each network's own share page (nothing of theirs is
 * loaded until the reader follows one), a Mastodon form, and copy-link / Web Share buttons that
 * /assets/share.js reveals where the browser supports them.
 */
export function ShareSection(p: { ctx: ViewCtx; url: string; title: string; links: ShareLink[]; postPath: string; saved: boolean }): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  return (
    <>
      <FavouriteControl ctx={ctx} postPath={p.postPath} saved={p.saved} />
      <section class="share" aria-labelledby="share-title" lang={ctx.lang}>
        <h2 id="share-title" safe>{t('blog-sharing.share.title')}</h2>
        <ul class="share-links">
          {p.links.map((l) => (
            <li>
              {l.network === 'email' ? (
                <a href={l.href} aria-label={t('blog-sharing.share.byEmail')} safe>{t('blog-sharing.share.email')}</a>
              ) : (
                <a href={l.href} rel="noopener noreferrer" aria-label={t('blog-sharing.share.on', { network: NETWORK_NAMES[l.network] })} safe>
                  {NETWORK_NAMES[l.network]}
                </a>
              )}
            </li>
          ))}
        </ul>
        <p class="hint" safe>{t('blog-sharing.share.privacy')}</p>
        <div class="share-actions" hidden data-share-actions data-url={p.url} data-title={p.title} data-copied={t('blog-sharing.share.copied')} data-copy-failed={t('blog-sharing.share.copyFailed')}>
          <button type="button" class="secondary" hidden data-share-copy safe>{t('blog-sharing.share.copy')}</button>{' '}
          <button type="button" class="secondary" hidden data-share-native safe>{t('blog-sharing.share.native')}</button>
          <p class="hint" role="status" data-share-status></p>
        </div>
        <h3 safe>{t('blog-sharing.mastodon.title')}</h3>
        <MastodonForm ctx={ctx} url={p.url} text={p.title} />
      </section>
    </>
  );
}

/** The Mastodon form on its own page, shown again with its errors when the server name is not valid. */
export function MastodonSharePage(p: { ctx: ViewCtx; values: Record<string, unknown>; errors?: FieldErrors | undefined; backHref: string | null }): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const title = t('blog-sharing.mastodon.title');
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={p.errors} labels={{ instance: t('blog-sharing.mastodon.instance'), url: t('blog-sharing.mastodon.url'), text: t('blog-sharing.mastodon.text') }} />
      <MastodonForm
        ctx={ctx}
        url={typeof p.values.url === 'string' ? p.values.url : ''}
        text={typeof p.values.text === 'string' ? p.values.text : ''}
        values={p.values}
        errors={p.errors}
      />
      {p.backHref ? (
        <p>
          <a href={p.backHref} safe>{t('blog-sharing.mastodon.back')}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

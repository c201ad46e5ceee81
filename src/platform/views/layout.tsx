import type { PropsWithChildren } from '@kitajs/html';
import type { ViewCtx } from './view-context.js';
import { PostButton } from './components/form.js';

export type LayoutProps = PropsWithChildren<{
  ctx: ViewCtx;
  title: string;
  /** Brand colour of the organization in view; contrast-checked when saved. */
  brandColour?: string | null | undefined;
  /** Extra elements for <head>: canonical and alternate links, feeds, Open Graph meta. */
  head?: JSX.Element | undefined;
}>;

export function Layout({ ctx, title, children, head }: LayoutProps): JSX.Element {
  const { t, lang, actor } = ctx;
  // Already-rendered elements from the page's own views.
  const safeHead = head ?? '';
  const other = lang === 'en' ? 'fr' : 'en';
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} · Foyer`}</title>
          <link rel="stylesheet" href="/assets/app.css" />
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          {safeHead}
        </head>
        <body>
          <a class="skip-link" href="#main" safe>
            {t('layout.skipToContent')}
          </a>
          <header class="site-header">
            <div class="container header-row">
              <a href="/" class="brand">
                Foyer
              </a>
              <nav aria-label={t('layout.mainNavigation')}>
                <ul class="nav-list">
                  <li>
                    <a href="/" aria-current={ctx.path === '/' ? 'page' : undefined} safe>
                      {t('layout.home')}
                    </a>
                  </li>
                  {actor ? (
                    <>
                      <li>
                        <a href="/account/profile" aria-current={ctx.path === '/account/profile' ? 'page' : undefined} safe>
                          {t('layout.profile')}
                        </a>
                      </li>
                      <li>
                        <a href="/account/security" aria-current={ctx.path === '/account/security' ? 'page' : undefined} safe>
                          {t('layout.security')}
                        </a>
                      </li>
                      {actor.communityHref ? (
                        <li>
                          <a href={actor.communityHref} aria-current={ctx.path === actor.communityHref ? 'page' : undefined} safe>
                            {t('layout.community')}
                          </a>
                        </li>
                      ) : (
                        ''
                      )}
                      <li>
                        <a href="/account/giving" aria-current={ctx.path === '/account/giving' ? 'page' : undefined} safe>
                          {t('fundraising.account.nav')}
                        </a>
                      </li>
                      <li>
                        <a href="/account/receipts" aria-current={ctx.path === '/account/receipts' ? 'page' : undefined} safe>
                          {t('layout.receipts')}
                        </a>
                      </li>
                      {actor.adminOf.map((o) => (
                        <li>
                          <a href={`/o/${o.slug}/admin`} safe>
                            {t('layout.administer', { name: o.name })}
                          </a>
                        </li>
                      ))}
                      {actor.isPlatformAdmin ? (
                        <li>
                          <a href="/admin/organizations" safe>{t('layout.organizations')}</a>
                        </li>
                      ) : (
                        ''
                      )}
                    </>
                  ) : (
                    <>
                      <li>
                        <a href="/sign-in" aria-current={ctx.path === '/sign-in' ? 'page' : undefined} safe>
                          {t('layout.signIn')}
                        </a>
                      </li>
                      <li>
                        <a href="/sign-up" aria-current={ctx.path === '/sign-up' ? 'page' : undefined} safe>
                          {t('layout.signUp')}
                        </a>
                      </li>
                    </>
                  )}
                  {ctx.devMail ? (
                    <li>
                      <a href="/dev/mail" safe>{t('layout.devMail')}</a>
                    </li>
                  ) : (
                    ''
                  )}
                </ul>
              </nav>
              <div class="header-actions">
                <PostButton action="/language" csrfToken={ctx.csrfToken} hidden={{ lang: other, next: ctx.path }} variant="link-button" lang={other} label={t('layout.switchLanguage')} />
                {actor ? (
                  <PostButton action="/sign-out" csrfToken={ctx.csrfToken} variant="link-button" label={t('layout.signOut')} />
                ) : (
                  ''
                )}
              </div>
            </div>
          </header>
          <main id="main" tabindex="-1" class="container">
            {ctx.notice ? (
              <div class="notice" role="status">
                <p safe>{ctx.notice}</p>
              </div>
            ) : (
              ''
            )}
            {children}
          </main>
          <footer class="site-footer">
            <div class="container">
              <p safe>{t('layout.footer')}</p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}

import type { Formatters, Lang, T } from '../i18n/i18n.js';

/** What every page needs from the request, and nothing else: views stay pure functions. */
export type ViewActor = {
  accountId: string;
  displayName: string;
  isPlatformAdmin: boolean;
  adminOf: { slug: string; name: string }[];
  /** The community link of the navigation, for members of at least one organization. */
  communityHref?: string | undefined;
};

export type ViewCtx = {
  t: T;
  lang: Lang;
  fmt: Formatters;
  path: string;
  csrfToken: string;
  actor: ViewActor | null;
  devMail: boolean;
  notice?: string | undefined;
};

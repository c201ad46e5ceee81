/** Every blog URL is built here, so pages, feeds and mail agree. */
export const blogsUrl = (org: string) => `/o/${org}/blogs`;
export const blogUrl = (org: string, blog: string) => `/o/${org}/blogs/${blog}`;
export const postUrl = (org: string, blog: string, post: string) => `/o/${org}/blogs/${blog}/${post}`;
export const tagUrl = (org: string, blog: string, tag: string) => `/o/${org}/blogs/${blog}/tags/${encodeURIComponent(tag)}`;

export type FeedFormat = 'rss' | 'atom' | 'json';
/** Feed files end in a dot-extension, so they never collide with a post slug. */
export const FEED_FILES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };
export const feedUrl = (org: string, blog: string, format: FeedFormat, tag?: string) =>
  `${tag === undefined ? blogUrl(org, blog) : tagUrl(org, blog, tag)}/${FEED_FILES[format]}`;
export const shareImageUrl = (org: string, blog: string, post: string) => `${postUrl(org, blog, post)}/share.png`;
export const favouritesUrl = () => '/account/favourites';
/** An absolute URL on this deployment's public address, as feeds, sitemaps and share links need. */
export const absoluteUrl = (base: URL, path: string) => new URL(path, base).toString();
export const deskUrl = (org: string, blog: string) => `${blogUrl(org, blog)}/desk`;
export const newPostUrl = (org: string, blog: string) => `${blogUrl(org, blog)}/new`;
export const editPostUrl = (org: string, blog: string, post: string) => `${postUrl(org, blog, post)}/edit`;
export const postHistoryUrl = (org: string, blog: string, post: string) => `${postUrl(org, blog, post)}/history`;
export const revisionUrl = (org: string, blog: string, post: string, revisionId: string) => `${postHistoryUrl(org, blog, post)}/${revisionId}`;
export const subscribeUrl = (org: string, blog: string) => `${blogUrl(org, blog)}/subscribe`;
export const subscribeCheckEmailUrl = (org: string, blog: string) => `${subscribeUrl(org, blog)}/check-email`;
export const confirmSubscriptionUrl = (token: string) => `/subscriptions/confirm?token=${encodeURIComponent(token)}`;
export const unsubscribeUrl = (token: string) => `/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`;

import { blogsUrl, blogUrl, postUrl } from './urls.js';

/** Addresses of blog management, images, documents and search. */
export const newBlogUrl = (org: string) => `${blogsUrl(org)}/new`;
export const blogSettingsUrl = (org: string, blog: string) => `${blogUrl(org, blog)}/settings`;
export const blogAuthorsUrl = (org: string, blog: string) => `${blogUrl(org, blog)}/authors`;
export const blogAuthorUrl = (org: string, blog: string, accountId: string) => `${blogAuthorsUrl(org, blog)}/${accountId}`;
export const searchUrl = (org: string) => `${blogsUrl(org)}/search`;
export const imagesUrl = (org: string, blog: string) => `${blogUrl(org, blog)}/images`;
export const newImageUrl = (org: string, blog: string) => `${imagesUrl(org, blog)}/new`;
export const imageUrl = (org: string, blog: string, image: string) => `${imagesUrl(org, blog)}/${image}`;
export const postMediaUrl = (org: string, blog: string, post: string) => `${postUrl(org, blog, post)}/media`;
export const coverUrl = (org: string, blog: string, post: string) => `${postUrl(org, blog, post)}/cover`;
export const attachmentsUrl = (org: string, blog: string, post: string) => `${postUrl(org, blog, post)}/attachments`;
export const attachmentUrl = (org: string, blog: string, post: string, id: string) => `${attachmentsUrl(org, blog, post)}/${id}`;
export const mediaObjectUrl = (objectId: string) => `/media/${objectId}`;

/** A multipart form's action: the CSRF token rides in the query string, as the body is a stream. */
export const withCsrf = (url: string, token: string, extra: Record<string, string> = {}) =>
  `${url}?${new URLSearchParams({ ...extra, _csrf: token }).toString()}`;

import type { ColumnType, Generated, Selectable } from 'kysely';
import type { BlogCommentsTable, BlogModerationSettingsTable } from './comment-schema.js';
import type { SubscriptionTables } from './subscription-schema.js';

export type PostStatus = 'draft' | 'scheduled' | 'published' | 'archived';
export type AuthorRole = 'editor' | 'author' | 'guest';
export type PostLang = 'en' | 'fr';
type Created = Generated<Date>;

export interface BlogBlogsTable {
  id: string;
  organizationId: string;
  slug: string;
  titleEn: string;
  titleFr: string;
  descriptionEn: string | null;
  descriptionFr: string | null;
  allowGuestComments: Generated<boolean>;
  createdAt: Created;
  updatedAt: Created;
}

export interface BlogAuthorsTable {
  blogId: string;
  accountId: string;
  role: AuthorRole;
  createdAt: Created;
}

export interface BlogPostsTable {
  id: string;
  organizationId: string;
  blogId: string;
  slug: string;
  lang: PostLang;
  /** Posts sharing a translation group are translations of one another. */
  translationGroupId: string;
  title: string;
  excerpt: string | null;
  bodyMd: string;
  /** Sanitized HTML rendered from bodyMd when saved. */
  bodyHtml: string;
  coverObjectId: string | null;
  coverAlt: string | null;
  status: PostStatus;
  publishAt: Date | null;
  publishedAt: Date | null;
  createdBy: string;
  createdAt: Created;
  updatedAt: Created;
  searchVector: ColumnType<string, never, never>;
}

export interface BlogPostAuthorsTable {
  postId: string;
  accountId: string;
  position: number;
}

export interface BlogPostTagsTable {
  postId: string;
  /** URL-safe form of the label, used in /tags/:tag URLs. */
  tag: string;
  label: string;
}

export interface BlogPostRevisionsTable {
  id: string;
  postId: string;
  title: string;
  excerpt: string | null;
  bodyMd: string;
  authorAccountId: string;
  createdAt: Created;
}

export interface BlogImagesTable {
  id: string;
  organizationId: string;
  blogId: string;
  objectId: string;
  alt: string;
  width: number;
  height: number;
  uploadedBy: string | null;
  createdAt: Created;
}

export interface BlogPostAttachmentsTable {
  id: string;
  postId: string;
  organizationId: string;
  objectId: string;
  title: string;
  filename: string;
  contentType: string;
  byteSize: number;
  pageCount: number;
  /** A PNG of the first page; null when the document could not be drawn. */
  previewObjectId: string | null;
  createdAt: Created;
}

/** A post a member saved, shown on their favourites page. */
export interface BlogFavouritesTable {
  accountId: string;
  postId: string;
  createdAt: Created;
}

export type BlogTables = SubscriptionTables & {
  blogBlogs: BlogBlogsTable;
  blogAuthors: BlogAuthorsTable;
  blogPosts: BlogPostsTable;
  blogPostAuthors: BlogPostAuthorsTable;
  blogPostTags: BlogPostTagsTable;
  blogPostRevisions: BlogPostRevisionsTable;
  blogComments: BlogCommentsTable;
  blogModerationSettings: BlogModerationSettingsTable;
  blogFavourites: BlogFavouritesTable;
  blogImages: BlogImagesTable;
  blogPostAttachments: BlogPostAttachmentsTable;
};

export type BlogRow = Selectable<BlogBlogsTable>;
export type PostRow = Selectable<BlogPostsTable>;
export type RevisionRow = Selectable<BlogPostRevisionsTable>;
export type ImageRow = Selectable<BlogImagesTable>;
export type AttachmentRow = Selectable<BlogPostAttachmentsTable>;

import type { FieldErrors } from '../../../platform/http/errors.js';
import { CsrfField, ErrorSummary, TextField, PostButton } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/blogs.js';
import type { AttachmentRow, BlogRow, ImageRow, PostRow } from '../db/schema.js';
import { ALT_MAX, ATTACHMENT_TITLE_MAX } from '../manage-schemas.js';
import { blogTitle } from './blog-pages.js';
import { attachmentUrl, attachmentsUrl, coverUrl, imagesUrl, mediaObjectUrl, newImageUrl, withCsrf } from './manage-urls.js';
import { blogUrl, postUrl } from './urls.js';

/** Brackets and backslashes would end a Markdown image's text early, so they are escaped. */
export const imageMarkdown = (alt: string, objectId: string) => `![${alt.replace(/([\\[\]])/g, '\\$1')}](${mediaObjectUrl(objectId)})`;

/** "1.2 MB" / "1,2 Mo": sizes in the reader's language. */
export function formatSize(ctx: ViewCtx, bytes: number): string {
  const number = (n: number) => new Intl.NumberFormat(ctx.fmt.locale, { maximumFractionDigits: 1 }).format(n);
  if (bytes >= 1024 * 1024) return ctx.t('blog-manage.size.mb', { size: number(bytes / (1024 * 1024)) });
  return ctx.t('blog-manage.size.kb', { size: number(Math.max(1, Math.round(bytes / 1024))) });
}

export type MediaFormErrors = { cover?: FieldErrors | undefined; image?: FieldErrors | undefined; attachment?: FieldErrors | undefined };
export type MediaFormValues = { coverAlt?: string | undefined; alt?: string | undefined; title?: string | undefined };

const mediaLabels = (ctx: ViewCtx): Record<string, string> => ({
  cover: ctx.t('blog-manage.media.coverFile'),
  coverAlt: ctx.t('blog-manage.media.coverAlt'),
  image: ctx.t('blog-manage.media.imageFile'),
  alt: ctx.t('blog-manage.media.alt'),
  attachment: ctx.t('blog-manage.media.attachmentFile'),
  title: ctx.t('blog-manage.media.attachmentTitle'),
});

/** One inline image with the Markdown to paste into a post. */
function ImageSnippet({ ctx, image, headingLevel }: { ctx: ViewCtx; image: ImageRow; headingLevel?: 'h3' | 'none' }): JSX.Element {
  const { t } = ctx;
  const id = `snippet-${image.id}`;
  return (
    <figure class="media-item">
      <img class="media-thumb" src={mediaObjectUrl(image.objectId)} alt={image.alt} width={String(Math.min(image.width, 240))} height={String(Math.round((Math.min(image.width, 240) / image.width) * image.height))} />
      <figcaption>
        {headingLevel === 'h3' ? <h3 safe>{image.alt}</h3> : ''}
        <label for={id} safe>{t('blog-manage.media.snippetLabel')}</label>
        <input id={id} type="text" readonly value={imageMarkdown(image.alt, image.objectId)} class="snippet-input" />
      </figcaption>
    </figure>
  );
}

function ImageForm({ ctx, org, blog, post, errors, values }: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; post?: PostRow | undefined; errors?: FieldErrors | undefined; values: MediaFormValues }): JSX.Element {
  const { t } = ctx;
  return (
    <form method="post" action={withCsrf(imagesUrl(org.slug, blog.slug), ctx.csrfToken, post ? { post: post.slug } : {})} enctype="multipart/form-data" novalidate>
      <TextField t={t} name="alt" label={t('blog-manage.media.alt')} hint={t('blog-manage.media.altHint')} value={values.alt} errors={errors} required maxlength={ALT_MAX} />
      <TextField t={t} name="image" type="file" label={t('blog-manage.media.imageFile')} hint={t('blog-manage.media.imageHint')} errors={errors} required accept="image/jpeg,image/png,image/webp,image/gif" />
      <button type="submit" safe>{t('blog-manage.media.imageSubmit')}</button>
    </form>
  );
}

export function PostMediaPage(p: {
  ctx: ViewCtx;
  org: OrgRef;
  blog: BlogRow;
  post: PostRow;
  images: ImageRow[];
  attachments: AttachmentRow[];
  errors?: MediaFormErrors;
  values?: MediaFormValues;
}): JSX.Element {
  const { ctx, org, blog, post } = p;
  const { t } = ctx;
  const errors = p.errors ?? {};
  const values = p.values ?? {};
  const title = t('blog-manage.media.title');
  const all = { ...errors.cover, ...errors.image, ...errors.attachment };
  return (
    <Layout ctx={ctx} title={`${title} · ${post.title}`}>
      <p class="back-link">
        <a href={postUrl(org.slug, blog.slug, post.slug)} safe>{t('blog-manage.media.backToPost')}</a>
      </p>
      <h1>
        <span safe>{title}</span>
        {': '}
        <span lang={post.lang} safe>{post.title}</span>
      </h1>
      <p class="hint" safe>{t(`blog.status.${post.status}`)}</p>
      <ErrorSummary t={t} errors={all} labels={mediaLabels(ctx)} />

      <section aria-labelledby="cover-title">
        <h2 id="cover-title" safe>{t('blog-manage.media.coverTitle')}</h2>
        {post.coverObjectId ? (
          <>
            <figure class="media-item">
              <img class="media-thumb" src={mediaObjectUrl(post.coverObjectId)} alt={post.coverAlt ?? ''} />
              <figcaption safe>{t('blog-manage.media.coverCurrent', { alt: post.coverAlt ?? '' })}</figcaption>
            </figure>
            <form method="post" action={`${coverUrl(org.slug, blog.slug, post.slug)}/remove`}>
              <CsrfField token={ctx.csrfToken} />
              <button type="submit" class="danger" safe>{t('blog-manage.media.coverRemove')}</button>
            </form>
          </>
        ) : (
          <p safe>{t('blog-manage.media.coverNone')}</p>
        )}
        <form method="post" action={withCsrf(coverUrl(org.slug, blog.slug, post.slug), ctx.csrfToken)} enctype="multipart/form-data" novalidate>
          <TextField t={t} name="coverAlt" label={t('blog-manage.media.coverAlt')} hint={t('blog-manage.media.altHint')} value={values.coverAlt} errors={errors.cover} required maxlength={ALT_MAX} />
          <TextField t={t} name="cover" type="file" label={t('blog-manage.media.coverFile')} hint={t('blog-manage.media.imageHint')} errors={errors.cover} required accept="image/jpeg,image/png,image/webp,image/gif" />
          <button type="submit" safe>{t(post.coverObjectId ? 'blog-manage.media.coverReplace' : 'blog-manage.media.coverSubmit')}</button>
        </form>
      </section>

      <section aria-labelledby="images-title">
        <h2 id="images-title" safe>{t('blog-manage.media.imagesTitle')}</h2>
        <p safe>{t('blog-manage.media.imagesLead')}</p>
        <ImageForm ctx={ctx} org={org} blog={blog} post={post} errors={errors.image} values={values} />
        {p.images.length > 0 ? (
          <>
            <h3 safe>{t('blog-manage.media.recentImages', { blog: blogTitle(ctx, blog) })}</h3>
            {p.images.map((image) => (
              <ImageSnippet ctx={ctx} image={image} />
            ))}
          </>
        ) : (
          ''
        )}
      </section>

      <section aria-labelledby="attachments-title">
        <h2 id="attachments-title" safe>{t('blog-manage.media.attachmentsTitle')}</h2>
        {p.attachments.length === 0 ? (
          <p safe>{t('blog-manage.media.attachmentsNone')}</p>
        ) : (
          <table>
            <caption safe>{t('blog-manage.media.attachmentsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col" safe>{t('blog-manage.media.columns.title')}</th>
                <th scope="col" safe>{t('blog-manage.media.columns.details')}</th>
                <th scope="col" safe>{t('blog-manage.media.columns.delete')}</th>
              </tr>
            </thead>
            <tbody>
              {p.attachments.map((a) => (
                <tr>
                  <th scope="row">
                    <a href={attachmentUrl(org.slug, blog.slug, post.slug, a.id)} safe>{a.title}</a>
                  </th>
                  <td safe>{`${a.filename} · ${t('blog-manage.attachments.pages', { count: a.pageCount })} · ${formatSize(ctx, a.byteSize)}`}</td>
                  <td>
                    <PostButton action={`${attachmentUrl(org.slug, blog.slug, post.slug, a.id)}/delete`} csrfToken={ctx.csrfToken} variant="danger" ariaLabel={t('blog-manage.media.deleteOf', { title: a.title })} label={t('blog-manage.media.delete')} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action={withCsrf(attachmentsUrl(org.slug, blog.slug, post.slug), ctx.csrfToken)} enctype="multipart/form-data" novalidate>
          <TextField t={t} name="title" label={t('blog-manage.media.attachmentTitle')} hint={t('blog-manage.media.attachmentTitleHint')} value={values.title} errors={errors.attachment} required maxlength={ATTACHMENT_TITLE_MAX} />
          <TextField t={t} name="attachment" type="file" label={t('blog-manage.media.attachmentFile')} hint={t('blog-manage.media.attachmentHint')} errors={errors.attachment} required accept="application/pdf" />
          <button type="submit" safe>{t('blog-manage.media.attachmentSubmit')}</button>
        </form>
      </section>
    </Layout>
  );
}

/** After an upload: the image and the Markdown to paste. */
export function ImagePage({ ctx, org, blog, image, backHref }: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; image: ImageRow; backHref: string }): JSX.Element {
  const { t } = ctx;
  const title = t('blog-manage.media.imageTitle');
  return (
    <Layout ctx={ctx} title={title}>
      <p class="back-link">
        <a href={backHref} safe>{t('blog-manage.media.back')}</a>
      </p>
      <h1 safe>{title}</h1>
      <p class="lead" safe>{t('blog-manage.media.imageLead')}</p>
      <ImageSnippet ctx={ctx} image={image} />
      <p>
        <a href={newImageUrl(org.slug, blog.slug)} safe>{t('blog-manage.media.another')}</a>
      </p>
      <p>
        <a href={blogUrl(org.slug, blog.slug)} safe>{blogTitle(ctx, blog)}</a>
      </p>
    </Layout>
  );
}

/** An image form outside any post, for the desk. */
export function ImageUploadPage({ ctx, org, blog, images, errors, values }: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; images: ImageRow[]; errors?: FieldErrors | undefined; values?: MediaFormValues }): JSX.Element {
  const { t } = ctx;
  const title = t('blog-manage.media.uploadTitle', { blog: blogTitle(ctx, blog) });
  return (
    <Layout ctx={ctx} title={title}>
      <p class="back-link">
        <a href={blogUrl(org.slug, blog.slug)} safe>{blogTitle(ctx, blog)}</a>
      </p>
      <h1 safe>{title}</h1>
      <p class="lead" safe>{t('blog-manage.media.imagesLead')}</p>
      <ErrorSummary t={t} errors={errors} labels={mediaLabels(ctx)} />
      <ImageForm ctx={ctx} org={org} blog={blog} errors={errors} values={values ?? {}} />
      {images.length > 0 ? (
        <section aria-labelledby="recent-title">
          <h2 id="recent-title" safe>{t('blog-manage.media.recentImages', { blog: blogTitle(ctx, blog) })}</h2>
          {images.map((image) => (
            <ImageSnippet ctx={ctx} image={image} />
          ))}
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** The documents of a post, on the post page: a drawing of each first page, linking to the file. */
export function AttachmentsSection({ ctx, org, blog, post, attachments, mediaHref }: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; post: PostRow; attachments: AttachmentRow[]; mediaHref?: string | undefined }): JSX.Element {
  const { t } = ctx;
  if (attachments.length === 0 && !mediaHref) return '';
  return (
    <section class="attachments" aria-labelledby="post-attachments-title" lang={ctx.lang}>
      <h2 id="post-attachments-title" safe>{t('blog-manage.attachments.title')}</h2>
      <ul class="attachment-list">
        {attachments.map((a) => (
          <li class="attachment">
            <a href={attachmentUrl(org.slug, blog.slug, post.slug, a.id)} class="attachment-link">
              {a.previewObjectId ? <img class="attachment-preview" src={mediaObjectUrl(a.previewObjectId)} alt={t('blog-manage.attachments.previewAlt', { title: a.title })} /> : ''}
              <span class="attachment-title" lang={post.lang} safe>{a.title}</span>
            </a>
            <p class="hint" safe>{`${t('blog-manage.attachments.pdf')} · ${t('blog-manage.attachments.pages', { count: a.pageCount })} · ${formatSize(ctx, a.byteSize)}`}</p>
          </li>
        ))}
      </ul>
      {mediaHref ? (
        <p>
          <a href={mediaHref} safe>{t('blog-manage.attachments.manage')}</a>
        </p>
      ) : (
        ''
      )}
    </section>
  );
}


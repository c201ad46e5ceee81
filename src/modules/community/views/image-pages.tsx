import type { FieldErrors } from '../../../platform/http/errors.js';
import { ErrorSummary, TextArea, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/groups.js';
import type { PostImageRow } from '../db/media-schema.js';
import type { GroupRow } from '../db/schema.js';
import { POST_MAX } from '../schemas.js';
import { groupName, PhiConfirm } from './shared.js';
import { groupUrl } from './urls.js';

export const IMAGE_ALT_MAX = 300;
export const imagePostUrl = (org: string, group: string) => `${groupUrl(org, group)}/image-posts`;
export const postImageUrl = (org: string, imageId: string) => `/o/${org}/community/images/${imageId}`;

/** A post's images with their alt text, served from the community's own route (readers only). */
export function PostImages({ org, images }: { ctx: ViewCtx; org: OrgRef; images: PostImageRow[] }): JSX.Element {
  if (images.length === 0) return '';
  return (
    <div class="post-images">
      {images.map((img) => (
        <figure>
          <img src={postImageUrl(org.slug, img.id)} alt={img.alt} width={String(img.width)} height={String(img.height)} loading="lazy" />
        </figure>
      ))}
    </div>
  );
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Writing a post with an image: text, the picture and its alt text (required), sent as one multipart form. */
export function ImagePostPage(p: { ctx: ViewCtx; org: OrgRef; group: GroupRow; values: Record<string, unknown>; errors?: FieldErrors | undefined }): JSX.Element {
  const { t, lang } = p.ctx;
  const title = t('community-images.title', { group: groupName(p.group, lang) });
  const action = `${imagePostUrl(p.org.slug, p.group.slug)}?_csrf=${encodeURIComponent(p.ctx.csrfToken)}`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <p class="back-link">
        <a href={groupUrl(p.org.slug, p.group.slug)} safe>{groupName(p.group, lang)}</a>
      </p>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={p.errors} labels={{ body: t('community.post.body'), image: t('community-images.image'), alt: t('community-images.alt') }} />
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <TextArea t={t} name="body" label={t('community.post.body')} hint={t('community.post.bodyHint')} value={str(p.values.body)} errors={p.errors} required maxlength={POST_MAX} rows={5} />
        <PhiConfirm ctx={p.ctx} input={{ errors: p.errors }} noPhi={p.group.noPhi} />
        <TextField t={t} name="image" type="file" label={t('community-images.image')} hint={t('community-images.imageHint')} errors={p.errors} required accept="image/jpeg,image/png,image/webp,image/gif" />
        <TextField t={t} name="alt" label={t('community-images.alt')} hint={t('community-images.altHint')} value={str(p.values.alt)} errors={p.errors} required maxlength={IMAGE_ALT_MAX} />
        <button type="submit" safe>{t('community.post.submit')}</button>
      </form>
    </Layout>
  );
}

import sharp from 'sharp';
import type { Actor } from '../../../platform/auth/actor.js';
import type { ReadingService } from './reading.js';
import { SHARE_IMAGE_SIZE } from './sharing.js';

/** The platform's own blue, used when an organization chose no brand colour. */
const DEFAULT_BRAND = '#005a9c';
// Fonts come from fontconfig; DejaVu ships with the machine image, Liberation and sans-serif are fallbacks.
const FONT = 'DejaVu Sans, Liberation Sans, sans-serif';
const MARGIN = 80;
const TITLE_BOX = { width: SHARE_IMAGE_SIZE.width - 2 * MARGIN, height: 380 };
const TITLE_SIZES = [76, 68, 60, 52, 46, 40, 34];
const CACHE_SIZE = 200;

const escapeXml = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex -- not allowed in XML or Pango markup
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** Brand colours are checked for contrast when saved; anything not a plain hex colour falls back. */
const brandOf = (colour: string | null) => (colour && /^#[0-9a-f]{6}$/i.test(colour) ? colour : DEFAULT_BRAND);

/**
 * The title set in white on the brand colour, wrapped at words by Pango; the largest size whose
 * wrapped height fits the box wins, so short titles are large and long ones still fit.
 */
async function titleLayer(title: string): Promise<Buffer> {
  const text = `<span foreground="white">${escapeXml(title.length > 300 ? `${title.slice(0, 299)}…` : title)}</span>`;
  for (const size of TITLE_SIZES) {
    const { data, info } = await sharp({ text: { text, font: `DejaVu Sans Bold ${size}`, width: TITLE_BOX.width, wrap: 'word-char', rgba: true, dpi: 72 } })
      .png()
      .toBuffer({ resolveWithObject: true });
    if (info.height <= TITLE_BOX.height || size === TITLE_SIZES.at(-1)) {
      return info.height <= TITLE_BOX.height ? data : sharp(data).extract({ left: 0, top: 0, width: info.width, height: TITLE_BOX.height }).png().toBuffer();
    }
  }
  throw new Error('unreachable');
}

export async function renderShareImage(p: { title: string; footer: string; brandColour: string | null }): Promise<Buffer> {
  const { width, height } = SHARE_IMAGE_SIZE;
  const background = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <rect width="${width}" height="${height}" fill="${brandOf(p.brandColour)}"/>
  <rect x="${MARGIN}" y="${height - 150}" width="120" height="8" fill="#ffffff"/>
  <text x="${MARGIN}" y="${height - 80}" font-family="${FONT}" font-size="34" font-weight="400" fill="#ffffff">${escapeXml(p.footer.length > 60 ? `${p.footer.slice(0, 59)}…` : p.footer)}</text>
</svg>`;
  return sharp(Buffer.from(background))
    .composite([{ input: await titleLayer(p.title), left: MARGIN, top: MARGIN }])
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/**
 * The generated share image of a post, for link previews when it has no cover. Only posts the
 * reader may see are drawn; images are kept in memory per post version, so an edit draws anew.
 */
export function createShareImageService(deps: { reading: ReadingService }) {
  const cache = new Map<string, Promise<Buffer>>();

  return {
    async image(orgSlug: string, blogSlug: string, postSlug: string, actor: Actor): Promise<{ png: Buffer; lastModified: Date; key: string }> {
      const { org, blog, post } = await deps.reading.postPage(orgSlug, blogSlug, postSlug, actor);
      const footer = `${post.lang === 'fr' ? org.nameFr : org.nameEn} · ${post.lang === 'fr' ? blog.titleFr : blog.titleEn}`;
      const key = JSON.stringify([post.id, post.updatedAt.getTime(), post.title, footer, org.brandColour]);
      let png = cache.get(key);
      if (!png) {
        png = renderShareImage({ title: post.title, footer, brandColour: org.brandColour });
        // Oldest entry out first: a Map iterates in insertion order.
        if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(key, png);
        png.catch(() => cache.delete(key));
      } else {
        cache.delete(key);
        cache.set(key, png);
      }
      return { png: await png, lastModified: post.updatedAt, key };
    },
  };
}
export type ShareImageService = ReturnType<typeof createShareImageService>;

import sharp from 'sharp';
import { ValidationError } from '../http/errors.js';

/** The widest an uploaded picture is kept (blog images and covers, campaign covers, page and community photos). */
export const INLINE_IMAGE_MAX_WIDTH = 1600;
// Refuses decompression bombs before sharp allocates them.
const IMAGE_MAX_INPUT_PIXELS = 60_000_000;
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif']);

/**
 * Re-encodes an uploaded picture at most 1600 px wide. Only the pixels survive: sharp writes no
 * EXIF, XMP or IPTC unless asked, so a phone's GPS position and serial numbers are dropped; the
 * orientation tag is applied to the pixels first, since it is dropped too. Lossless sources stay
 * PNG (diagrams, screenshots); photographs become WebP.
 */
export async function toWebImage(input: Buffer, field: string): Promise<{ data: Buffer; contentType: string; width: number; height: number }> {
  if (input.byteLength === 0) throw new ValidationError(field, 'required');
  try {
    const { format } = await sharp(input, { limitInputPixels: IMAGE_MAX_INPUT_PIXELS, failOn: 'error' }).metadata();
    if (!format || !IMAGE_FORMATS.has(format)) throw new ValidationError(field, 'image_invalid');
    const pipeline = sharp(input, { limitInputPixels: IMAGE_MAX_INPUT_PIXELS, failOn: 'error' }).rotate().resize({ width: INLINE_IMAGE_MAX_WIDTH, withoutEnlargement: true });
    const lossless = format === 'png' || format === 'gif';
    const { data, info } = await (lossless ? pipeline.png({ compressionLevel: 9 }) : pipeline.webp({ quality: 82 })).toBuffer({ resolveWithObject: true });
    return { data, contentType: lossless ? 'image/png' : 'image/webp', width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(field, 'image_invalid');
  }
}

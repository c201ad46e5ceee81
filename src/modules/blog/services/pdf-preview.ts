import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ValidationError } from '../../../platform/http/errors.js';

const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** pdf.js reads these from disk in Node; a trailing slash is required. */
const ASSETS = {
  standardFontDataUrl: `${path.join(PDFJS_DIR, 'standard_fonts')}${path.sep}`,
  cMapUrl: `${path.join(PDFJS_DIR, 'cmaps')}${path.sep}`,
  wasmUrl: `${path.join(PDFJS_DIR, 'wasm')}${path.sep}`,
  iccUrl: `${path.join(PDFJS_DIR, 'iccs')}${path.sep}`,
};

export const PREVIEW_WIDTH = 800;
// A very tall first page (a poster, a receipt roll) is cut rather than drawn at any size.
const PREVIEW_MAX_HEIGHT = 2000;
const RENDER_TIMEOUT_MS = 15_000;

export type PdfInspection = { pageCount: number; preview: { data: Buffer; width: number; height: number } | null };

/** A PDF starts with "%PDF-" within its first kilobyte (ISO 32000-1, 7.5.2 and its tolerance). */
export const looksLikePdf = (data: Buffer): boolean => data.subarray(0, 1024).includes('%PDF-');

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new Error('pdf_timeout'));
    }, ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Opens an uploaded document with pdf.js to prove it is a PDF and count its pages, then draws
 * its first page to a PNG. A document pdf.js cannot open (not a PDF, damaged, password-protected)
 * is refused on `field`; one it opens but cannot draw is kept without a preview. pdf.js runs
 * without eval, XFA or system fonts, and every step is bounded in time and size.
 */
export async function inspectPdf(data: Buffer, field: string): Promise<PdfInspection> {
  if (data.byteLength === 0) throw new ValidationError(field, 'required');
  if (!looksLikePdf(data)) throw new ValidationError(field, 'pdf_invalid');
  const task = getDocument({
    // pdf.js takes ownership of (and detaches) the array it is given, so it gets a copy.
    data: new Uint8Array(data),
    ...ASSETS,
    useSystemFonts: false,
    disableFontFace: true,
    enableXfa: false,
    stopAtErrors: false,
    maxImageSize: 40_000_000,
    verbosity: VerbosityLevel.ERRORS,
  });
  const destroy = () => void task.destroy().catch(() => undefined);
  let doc;
  try {
    doc = await withTimeout(task.promise, RENDER_TIMEOUT_MS, destroy);
  } catch {
    destroy();
    throw new ValidationError(field, 'pdf_invalid');
  }
  const pageCount = doc.numPages;
  if (pageCount < 1) {
    destroy();
    throw new ValidationError(field, 'pdf_invalid');
  }
  try {
    const page = await doc.getPage(1);
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(PREVIEW_WIDTH / base.width, PREVIEW_MAX_HEIGHT / base.height);
    const viewport = page.getViewport({ scale });
    const width = Math.max(1, Math.round(viewport.width));
    const height = Math.max(1, Math.round(viewport.height));
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    // Pages without a background would otherwise come out transparent.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    const render = page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context as unknown as CanvasRenderingContext2D, viewport });
    await withTimeout(render.promise, RENDER_TIMEOUT_MS, () => render.cancel());
    return { pageCount, preview: { data: await canvas.encode('png'), width, height } };
  } catch {
    return { pageCount, preview: null };
  } finally {
    destroy();
  }
}

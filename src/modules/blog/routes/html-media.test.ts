import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { countRows, nonCommunicators, postMultipart, signedInWith, type Part, type Signed } from './manage-test-support.js';

let t: TestApp;
let org: { id: string; slug: string };
let blog: { id: string; slug: string; organizationId: string };
let communicator: Signed;
let author: Signed;
let otherAuthor: Signed;
let post: { id: string; slug: string };
let draft: { id: string; slug: string };

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'north' });
  communicator = await signedInWith(t, { org, roles: ['communicator', 'member'] });
  author = await signedInWith(t, { org, roles: ['member'], displayName: 'Alex Author' });
  otherAuthor = await signedInWith(t, { org, roles: ['member'] });
  blog = await createBlog(t.db, {
    organizationId: org.id,
    slug: 'talks',
    authors: [
      { accountId: author.id, role: 'author' },
      { accountId: otherAuthor.id, role: 'author' },
    ],
  });
  post = await createPost(t.db, { blog, createdBy: author.id, slug: 'sleep-talk', title: 'Sleep and autism' });
  draft = await createPost(t.db, { blog, createdBy: author.id, slug: 'draft-talk', title: 'Draft talk', status: 'draft' });
});
afterAll(() => t.close());

const base = '/o/north/blogs/talks';
const postRow = (id: string) => t.db.selectFrom('blogPosts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const objectRow = (id: string) => t.db.selectFrom('storageObjects').selectAll().where('id', '=', id).executeTakeFirst();
const fieldError = (body: string, field: string) => body.includes(`id="f-${field}-error"`);

/** A phone photo: wider than 1600 px, with a camera make and a GPS position in its EXIF. */
async function phonePhoto(width = 2400, height = 1200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'FoyerCam', Model: 'Pocket 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '73/1 34/1 0/1' },
    })
    .toBuffer();
}
const smallPng = () => sharp({ create: { width: 40, height: 20, channels: 3, background: '#004488' } }).png().toBuffer();

/** A slide deck of `pages` pages, made as an author's tool would. */
function slideDeck(pages: number, opts: { noise?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: [960, 540], autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let i = 1; i <= pages; i++) {
      doc.addPage();
      doc.rect(0, 0, 960, 540).fill('#003366');
      doc.fillColor('#ffffff').fontSize(48).text(`Slide ${i}`, 80, 200);
    }
    if (opts.noise) {
      // Incompressible pixels make the file as large as asked.
      const side = Math.ceil(Math.sqrt(opts.noise / 3));
      void sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer()
        .then((png) => {
          doc.image(png, 0, 0, { width: 100 });
          doc.end();
        }, reject);
      return;
    }
    doc.end();
  });
}

const imageParts = (over: Partial<Record<'alt', string>> & { file?: Part | null } = {}): Part[] => {
  const parts: Part[] = [];
  if (over.alt !== undefined) parts.push({ name: 'alt', value: over.alt });
  if (over.file !== null) parts.push(over.file ?? { name: 'image', value: Buffer.alloc(0), filename: 'photo.jpg', type: 'image/jpeg' });
  return parts;
};

describe('inline images', () => {
  it('resizes to 1600 px, strips EXIF, and shows the Markdown to paste', async () => {
    const before = await countRows(t, 'blogImages');
    const res = await postMultipart(author.client, `${base}/images?post=${post.slug}`, [
      { name: 'alt', value: 'Two parents [and] a child at the clinic' },
      { name: 'image', value: await phonePhoto(), filename: 'IMG_0001.jpg', type: 'image/jpeg' },
    ]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^${base}/images/[0-9a-f-]{36}\\?post=sleep-talk$`));
    expect(await countRows(t, 'blogImages')).toBe(before + 1);
    const image = await t.db.selectFrom('blogImages').selectAll().orderBy('createdAt', 'desc').executeTakeFirstOrThrow();
    expect(image).toMatchObject({ alt: 'Two parents [and] a child at the clinic', width: 1600, height: 800, uploadedBy: author.id });
    const stored = (await objectRow(image.objectId))!;
    expect(stored.contentType).toBe('image/webp');
    const meta = await sharp(stored.data).metadata();
    expect(meta.width).toBe(1600);
    expect(meta.exif).toBeUndefined();
    expect(stored.data.includes(Buffer.from('FoyerCam'))).toBe(false);

    const page = await author.client.get(res.headers.location!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="![Two parents \\[and\\] a child at the clinic](/media/${image.objectId})"`);
    expect(page.body).toContain(`href="${base}/sleep-talk/media"`);
    expect((await new TestClient(t.app).get(`/media/${image.objectId}`)).statusCode).toBe(200);
  });

  it('keeps diagrams lossless and lets a communicator upload from the blog-wide form', async () => {
    const form = await communicator.client.get(`${base}/images/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/action="\/o\/north\/blogs\/talks\/images\?_csrf=[^"]+" enctype="multipart\/form-data"/);
    const res = await postMultipart(communicator.client, `${base}/images`, [
      { name: 'image', value: await smallPng(), filename: 'chart.png', type: 'image/png' },
      { name: 'alt', value: 'Chart of wait times' },
    ]);
    expect(res.statusCode).toBe(303);
    const image = await t.db.selectFrom('blogImages').selectAll().where('alt', '=', 'Chart of wait times').executeTakeFirstOrThrow();
    expect((await objectRow(image.objectId))!.contentType).toBe('image/png');
    expect(image.width).toBe(40);
  });

  it('requires the description, refuses files that are not images, and writes nothing', async () => {
    const images = await countRows(t, 'blogImages');
    const objects = await countRows(t, 'storageObjects');
    const jpeg = { name: 'image', value: await phonePhoto(400, 300), filename: 'a.jpg', type: 'image/jpeg' };
    const cases: [string, Part[]][] = [
      ['alt', imageParts({ file: jpeg })],
      ['alt', imageParts({ alt: '   ', file: jpeg })],
      ['alt', imageParts({ alt: 'x'.repeat(301), file: jpeg })],
      ['alt', imageParts({ alt: '<img src=x onerror=alert(1)>', file: jpeg })],
      ['image', imageParts({ alt: 'A photo' })],
      ['image', imageParts({ alt: 'A photo', file: null })],
      ['image', imageParts({ alt: 'A photo', file: { name: 'image', value: 'not an image at all', filename: 'fake.jpg', type: 'image/jpeg' } })],
      ['image', imageParts({ alt: 'A photo', file: { name: 'image', value: await slideDeck(1), filename: 'deck.png', type: 'image/png' } })],
      ['image', imageParts({ alt: 'A photo', file: { name: 'image', value: Buffer.alloc(5 * 1024 * 1024 + 10), filename: 'huge.jpg', type: 'image/jpeg' } })],
    ];
    for (const [field, parts] of cases) {
      const res = await postMultipart(author.client, `${base}/images?post=${post.slug}`, parts);
      expect(res.statusCode, `${field} ${JSON.stringify(parts.map((p) => p.filename ?? String(p.value).slice(0, 20)))}`).toBe(400);
      expect(fieldError(res.body, field), field).toBe(true);
    }
    // Without a post, the errors show on the blog-wide form.
    const res = await postMultipart(author.client, `${base}/images`, imageParts({ file: jpeg }));
    expect(res.statusCode).toBe(400);
    expect(fieldError(res.body, 'alt')).toBe(true);
    expect(await countRows(t, 'blogImages')).toBe(images);
    expect(await countRows(t, 'storageObjects')).toBe(objects);
  });

  it('refuses people who do not write in the blog, anonymous people, and a missing CSRF token', async () => {
    const images = await countRows(t, 'blogImages');
    const parts = async (): Promise<Part[]> => [
      { name: 'alt', value: 'A photo' },
      { name: 'image', value: await phonePhoto(400, 300), filename: 'a.jpg', type: 'image/jpeg' },
    ];
    for (const [who, c] of await nonCommunicators(t, org)) {
      expect((await postMultipart(c, `${base}/images`, await parts())).statusCode, who).toBe(403);
      expect((await c.get(`${base}/images/new`)).statusCode, who).toBe(403);
    }
    const anon = new TestClient(t.app);
    expect((await postMultipart(anon, `${base}/images`, await parts())).statusCode).toBe(401);
    expect((await postMultipart(author.client, `${base}/images`, await parts(), { csrf: false })).statusCode).toBe(403);
    expect(await countRows(t, 'blogImages')).toBe(images);
    const image = await t.db.selectFrom('blogImages').selectAll().executeTakeFirstOrThrow();
    const stranger = (await nonCommunicators(t, org))[0]![1];
    expect((await stranger.get(`${base}/images/${image.id}`)).statusCode).toBe(403);
  });
});

describe('cover image', () => {
  it('sets, replaces and removes the cover with its description, deleting the old picture', async () => {
    const res = await postMultipart(author.client, `${base}/${post.slug}/cover`, [
      { name: 'coverAlt', value: 'A child asleep with a stuffed bear' },
      { name: 'cover', value: await phonePhoto(), filename: 'cover.jpg', type: 'image/jpeg' },
    ]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/${post.slug}/media`);
    const first = await postRow(post.id);
    expect(first.coverAlt).toBe('A child asleep with a stuffed bear');
    const stored = (await objectRow(first.coverObjectId!))!;
    expect((await sharp(stored.data).metadata()).exif).toBeUndefined();
    const page = await new TestClient(t.app).get(`${base}/${post.slug}`);
    expect(page.body).toContain(`src="/media/${first.coverObjectId}" alt="A child asleep with a stuffed bear"`);

    await postMultipart(author.client, `${base}/${post.slug}/cover`, [
      { name: 'coverAlt', value: 'The sleep clinic' },
      { name: 'cover', value: await smallPng(), filename: 'clinic.png', type: 'image/png' },
    ]);
    const second = await postRow(post.id);
    expect(second.coverObjectId).not.toBe(first.coverObjectId);
    expect(await objectRow(first.coverObjectId!)).toBeUndefined();

    const media = await author.client.get(`${base}/${post.slug}/media`);
    expect(media.statusCode).toBe(200);
    expect(media.body).toContain('alt="The sleep clinic"');
    const removed = await author.client.post(`${base}/${post.slug}/cover/remove`);
    expect(removed.statusCode).toBe(303);
    const third = await postRow(post.id);
    expect(third).toMatchObject({ coverObjectId: null, coverAlt: null });
    expect(await objectRow(second.coverObjectId!)).toBeUndefined();
    const audits = await t.db.selectFrom('auditEvents').select('action').where('targetId', '=', post.id).execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['blog.post_cover_set', 'blog.post_cover_removed']));
  });

  it('requires the description and an image, and changes nothing otherwise', async () => {
    const before = await postRow(post.id);
    const objects = await countRows(t, 'storageObjects');
    const jpeg: Part = { name: 'cover', value: await phonePhoto(400, 300), filename: 'c.jpg', type: 'image/jpeg' };
    const cases: [string, Part[]][] = [
      ['coverAlt', [jpeg]],
      ['coverAlt', [{ name: 'coverAlt', value: '' }, jpeg]],
      ['coverAlt', [{ name: 'coverAlt', value: 'x'.repeat(301) }, jpeg]],
      ['coverAlt', [{ name: 'coverAlt', value: 'A <b>bold</b> bear' }, jpeg]],
      ['cover', [{ name: 'coverAlt', value: 'A bear' }]],
      ['cover', [{ name: 'coverAlt', value: 'A bear' }, { name: 'cover', value: '%PDF-1.4 nope', filename: 'c.jpg', type: 'image/jpeg' }]],
    ];
    for (const [field, parts] of cases) {
      const res = await postMultipart(author.client, `${base}/${post.slug}/cover`, parts);
      expect(res.statusCode, field).toBe(400);
      expect(fieldError(res.body, field), field).toBe(true);
    }
    expect(await postRow(post.id)).toEqual(before);
    expect(await countRows(t, 'storageObjects')).toBe(objects);
  });

  it('refuses an author of the blog who did not write the post, outsiders and anonymous people; hides drafts', async () => {
    const before = await postRow(post.id);
    const parts = async (): Promise<Part[]> => [
      { name: 'coverAlt', value: 'A bear' },
      { name: 'cover', value: await phonePhoto(400, 300), filename: 'c.jpg', type: 'image/jpeg' },
    ];
    const denied: [string, TestClient][] = [...(await nonCommunicators(t, org)), ['another author of the blog', otherAuthor.client]];
    for (const [who, c] of denied) {
      expect((await postMultipart(c, `${base}/${post.slug}/cover`, await parts())).statusCode, who).toBe(403);
      expect((await c.post(`${base}/${post.slug}/cover/remove`)).statusCode, who).toBe(403);
      expect((await c.get(`${base}/${post.slug}/media`)).statusCode, who).toBe(403);
    }
    const reader = (await nonCommunicators(t, org))[0]![1];
    expect((await reader.get(`${base}/${draft.slug}/media`)).statusCode).toBe(404);
    expect((await postMultipart(reader, `${base}/${draft.slug}/cover`, await parts())).statusCode).toBe(404);
    const anon = new TestClient(t.app);
    expect((await anon.get(`${base}/${post.slug}/media`)).statusCode).toBe(303);
    expect((await postMultipart(anon, `${base}/${post.slug}/cover`, await parts())).statusCode).toBe(401);
    expect(await postRow(post.id)).toEqual(before);
  });
});

describe('attachments', () => {
  it('attaches a PDF, draws its first page, counts its pages, and shows it on the post', async () => {
    const deck = await slideDeck(3);
    const res = await postMultipart(author.client, `${base}/${post.slug}/attachments`, [
      { name: 'title', value: 'Slides of the talk' },
      { name: 'attachment', value: deck, filename: 'slides/Sommeil et autisme: final?.pdf', type: 'application/pdf' },
    ]);
    expect(res.statusCode).toBe(303);
    const row = await t.db.selectFrom('blogPostAttachments').selectAll().where('postId', '=', post.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'Slides of the talk', pageCount: 3, byteSize: deck.byteLength, contentType: 'application/pdf', organizationId: org.id });
    expect(row.filename).toBe('Sommeil et autisme final.pdf');
    const preview = (await objectRow(row.previewObjectId!))!;
    expect(preview.contentType).toBe('image/png');
    const meta = await sharp(preview.data).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(800);
    expect(meta.height).toBe(450);
    // The drawing is the slide: its dark blue background, not a blank page.
    const { dominant } = await sharp(preview.data).stats();
    expect(dominant.b).toBeGreaterThan(dominant.r);

    const page = await new TestClient(t.app).get(`${base}/${post.slug}`);
    expect(page.body).toContain(`src="/media/${row.previewObjectId}" alt="First page of Slides of the talk"`);
    expect(page.body).toContain(`href="${base}/${post.slug}/attachments/${row.id}"`);
    expect(page.body).toContain('3 pages');
    const fr = await new TestClient(t.app, { 'accept-language': 'fr-CA' }).get(`${base}/${post.slug}`);
    expect(fr.body).toContain('alt="Première page de « Slides of the talk »"');

    const download = await new TestClient(t.app).get(`${base}/${post.slug}/attachments/${row.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Sommeil et autisme final.pdf"; filename*=UTF-8''Sommeil%20et%20autisme%20final.pdf`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(deck)).toBe(true);
    // The stored bytes are never served inline from the public media address.
    expect((await new TestClient(t.app).get(`/media/${row.objectId}`)).headers['content-type']).toBe('application/octet-stream');
    expect((await t.db.selectFrom('auditEvents').select('action').where('targetId', '=', post.id).execute()).map((a) => a.action)).toContain('blog.attachment_added');
  });

  it('takes a deck larger than the app-wide 5 MB upload limit, and an accented file name', async () => {
    const deck = await slideDeck(1, { noise: 5.5 * 1024 * 1024 });
    expect(deck.byteLength).toBeGreaterThan(5 * 1024 * 1024);
    const res = await postMultipart(communicator.client, `${base}/${post.slug}/attachments`, [
      { name: 'title', value: 'Affiche' },
      { name: 'attachment', value: deck, filename: 'Été à l’hôpital.pdf', type: 'application/pdf' },
    ]);
    expect(res.statusCode).toBe(303);
    const row = await t.db.selectFrom('blogPostAttachments').selectAll().where('title', '=', 'Affiche').executeTakeFirstOrThrow();
    expect(row.pageCount).toBe(1);
    const download = await new TestClient(t.app).get(`${base}/${post.slug}/attachments/${row.id}`);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Ete a l_hopital.pdf"; filename*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20l%E2%80%99h%C3%B4pital.pdf`);
  });

  it('refuses files that are not PDFs, documents over 20 MB and bad titles, writing nothing', async () => {
    const rows = await countRows(t, 'blogPostAttachments');
    const objects = await countRows(t, 'storageObjects');
    const deck: Part = { name: 'attachment', value: await slideDeck(1), filename: 'deck.pdf', type: 'application/pdf' };
    const cases: [string, Part[]][] = [
      ['attachment', [{ name: 'title', value: 'Slides' }, { name: 'attachment', value: 'just some text', filename: 'notes.pdf', type: 'application/pdf' }]],
      ['attachment', [{ name: 'title', value: 'Slides' }, { name: 'attachment', value: await smallPng(), filename: 'image.pdf', type: 'application/pdf' }]],
      ['attachment', [{ name: 'title', value: 'Slides' }, { name: 'attachment', value: `%PDF-1.7\n${'garbage '.repeat(200)}`, filename: 'broken.pdf', type: 'application/pdf' }]],
      ['attachment', [{ name: 'title', value: 'Slides' }, { name: 'attachment', value: Buffer.alloc(20 * 1024 * 1024 + 10, 0x25), filename: 'huge.pdf', type: 'application/pdf' }]],
      ['attachment', [{ name: 'title', value: 'Slides' }]],
      ['title', [deck]],
      ['title', [{ name: 'title', value: '' }, deck]],
      ['title', [{ name: 'title', value: 'x'.repeat(201) }, deck]],
      ['title', [{ name: 'title', value: '<script>alert(1)</script>' }, deck]],
    ];
    for (const [field, parts] of cases) {
      const res = await postMultipart(author.client, `${base}/${post.slug}/attachments`, parts);
      expect(res.statusCode, field).toBe(400);
      expect(fieldError(res.body, field), field).toBe(true);
    }
    expect(await countRows(t, 'blogPostAttachments')).toBe(rows);
    expect(await countRows(t, 'storageObjects')).toBe(objects);
  });

  it('hides a draft post’s documents from readers (404) and serves them to its author', async () => {
    const deck = await slideDeck(2);
    expect((await postMultipart(author.client, `${base}/${draft.slug}/attachments`, [{ name: 'title', value: 'Draft slides' }, { name: 'attachment', value: deck, filename: 'd.pdf', type: 'application/pdf' }])).statusCode).toBe(303);
    const row = await t.db.selectFrom('blogPostAttachments').selectAll().where('postId', '=', draft.id).executeTakeFirstOrThrow();
    const url = `${base}/${draft.slug}/attachments/${row.id}`;
    expect((await new TestClient(t.app).get(url)).statusCode).toBe(404);
    for (const [who, c] of await nonCommunicators(t, org)) expect((await c.get(url)).statusCode, who).toBe(404);
    expect((await author.client.get(url)).statusCode).toBe(200);
    // An attachment of one post is not reachable through another post's address.
    expect((await new TestClient(t.app).get(`${base}/${post.slug}/attachments/${row.id}`)).statusCode).toBe(404);
    expect((await new TestClient(t.app).get(`${base}/${post.slug}/attachments/not-a-uuid`)).statusCode).toBe(400);
  });

  it('deletes a document with its preview; refuses outsiders and anonymous people', async () => {
    const deck = await slideDeck(1);
    await postMultipart(author.client, `${base}/${post.slug}/attachments`, [{ name: 'title', value: 'To delete' }, { name: 'attachment', value: deck, filename: 'x.pdf', type: 'application/pdf' }]);
    const row = await t.db.selectFrom('blogPostAttachments').selectAll().where('title', '=', 'To delete').executeTakeFirstOrThrow();
    const del = `${base}/${post.slug}/attachments/${row.id}/delete`;
    const parts: Part[] = [{ name: 'title', value: 'Sneaky' }, { name: 'attachment', value: deck, filename: 'x.pdf', type: 'application/pdf' }];
    const denied: [string, TestClient][] = [...(await nonCommunicators(t, org)), ['another author of the blog', otherAuthor.client]];
    for (const [who, c] of denied) {
      expect((await c.post(del)).statusCode, who).toBe(403);
      expect((await postMultipart(c, `${base}/${post.slug}/attachments`, parts)).statusCode, who).toBe(403);
    }
    const anon = new TestClient(t.app);
    expect((await anon.post(del)).statusCode).toBe(401);
    expect((await postMultipart(anon, `${base}/${post.slug}/attachments`, parts)).statusCode).toBe(401);
    expect(await t.db.selectFrom('blogPostAttachments').select('id').where('title', '=', 'Sneaky').executeTakeFirst()).toBeUndefined();

    expect((await author.client.post(del)).statusCode).toBe(303);
    expect(await t.db.selectFrom('blogPostAttachments').select('id').where('id', '=', row.id).executeTakeFirst()).toBeUndefined();
    expect(await objectRow(row.objectId)).toBeUndefined();
    expect(await objectRow(row.previewObjectId!)).toBeUndefined();
    expect((await author.client.post(del)).statusCode).toBe(404);
  });
});

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup } from '../../../../test/support/factories/community.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';
import { postMultipart, type Part } from '../../../../test/support/multipart.js';

let t: TestApp;
let org: { id: string; slug: string };
let poster: Signed;
let fellow: Signed;
let outsider: Signed;
let stranger: Signed;
const groups: Record<'open' | 'closed' | 'secret', { id: string; slug: string }> = {} as never;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'images-org' });
  const other = await createOrganization(t.db, { slug: 'images-other' });
  poster = await signedInWith(t, { org, roles: ['member'], displayName: 'Pia Poster' });
  fellow = await signedInWith(t, { org, roles: ['member'], displayName: 'Fay Fellow' });
  outsider = await signedInWith(t, { org, roles: ['member'], displayName: 'Otto Outsider' });
  stranger = await signedInWith(t, { org: other, roles: ['admin', 'member'], displayName: 'Sam Stranger' });
  const members = [{ accountId: poster.id }, { accountId: fellow.id }];
  groups.open = await createGroup(t.db, { organizationId: org.id, kind: 'public', slug: 'open-images', members });
  groups.closed = await createGroup(t.db, { organizationId: org.id, kind: 'private', slug: 'closed-images', members });
  groups.secret = await createGroup(t.db, { organizationId: org.id, kind: 'secret', slug: 'secret-images', members });
}, 60_000);
afterAll(() => t.close());

/** A phone photo with a camera make and GPS position in its EXIF. */
const photo = () =>
  sharp({ create: { width: 2000, height: 1000, channels: 3, background: { r: 20, g: 120, b: 60 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'FoyerCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 1234/100' } })
    .toBuffer();

const url = (group: string) => `/o/${org.slug}/groups/${group}/image-posts`;
const counts = async () => {
  const n = async (table: 'communityPosts' | 'communityPostImages' | 'storageObjects') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { posts: await n('communityPosts'), images: await n('communityPostImages'), objects: await n('storageObjects') };
};
async function send(c: TestClient, group: string, fields: { body?: string; alt?: string; image?: Buffer | null }) {
  const parts: Part[] = [];
  if (fields.body !== undefined) parts.push({ name: 'body', value: fields.body });
  if (fields.alt !== undefined) parts.push({ name: 'alt', value: fields.alt });
  if (fields.image !== null) parts.push({ name: 'image', value: fields.image ?? (await photo()), filename: 'garden.jpg', type: 'image/jpeg' });
  return postMultipart(c, url(group), parts);
}
async function imagePost(group: 'open' | 'closed' | 'secret') {
  const res = await send(poster.client, groups[group].slug, { body: `Our ${group} garden`, alt: `Raised beds of the ${group} garden` });
  expect(res.statusCode).toBe(303);
  const postId = String(res.headers.location).split('/').pop()!;
  const image = await t.db.selectFrom('communityPostImages').selectAll().where('postId', '=', postId).executeTakeFirstOrThrow();
  return { postId, postHref: String(res.headers.location), image, src: `/o/${org.slug}/community/images/${image.id}` };
}

describe('posts with an image', () => {
  it('offers a multipart form with a required alt text field', async () => {
    const page = await poster.client.get(`/o/${org.slug}/groups/open-images`);
    expect(page.body).toContain(`href="${url('open-images')}"`);
    const form = await poster.client.get(url('open-images'));
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/action="\/o\/images-org\/groups\/open-images\/image-posts\?_csrf=[^"]+" enctype="multipart\/form-data"/);
    expect(form.body).toContain('<label for="f-alt"');
    expect(form.body).toContain('type="file"');
  });

  it('publishes the post with its image re-encoded, private, and shown with its alt text', async () => {
    const { postHref, image, src } = await imagePost('open');
    expect(image.alt).toBe('Raised beds of the open garden');
    expect(image.width).toBe(1600);
    const object = await t.db.selectFrom('storageObjects').selectAll().where('id', '=', image.objectId).executeTakeFirstOrThrow();
    expect(object.private).toBe(true);
    const meta = await sharp(object.data).metadata();
    expect(meta.exif).toBeUndefined();
    const page = await fellow.client.get(postHref);
    expect(page.body).toContain(`<img src="${src}" alt="Raised beds of the open garden"`);
    const served = await fellow.client.get(src);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toBe('private, no-cache');
    // The platform's public media route never serves it.
    expect((await fellow.client.get(`/media/${image.objectId}`)).statusCode).toBe(404);
  });

  it('refuses a post without alt text (400 naming the field) and stores nothing', async () => {
    const before = await counts();
    for (const alt of [undefined, '', '   ']) {
      const res = await send(poster.client, 'open-images', { body: 'A picture', ...(alt === undefined ? {} : { alt }) });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="f-alt-error"');
      expect(res.body).toContain('href="#f-alt"');
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a missing or broken image and an empty body, each on its own field, storing nothing', async () => {
    const before = await counts();
    const noImage = await send(poster.client, 'open-images', { body: 'A picture', alt: 'Something', image: null });
    expect(noImage.statusCode).toBe(400);
    expect(noImage.body).toContain('id="f-image-error"');
    const broken = await send(poster.client, 'open-images', { body: 'A picture', alt: 'Something', image: Buffer.from('not an image at all') });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('id="f-image-error"');
    const noBody = await send(poster.client, 'open-images', { body: '', alt: 'Something' });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.body).toContain('id="f-body-error"');
    expect(await counts()).toEqual(before);
  });

  it('lets only people who may post in the group send one', async () => {
    const before = await counts();
    expect((await send(outsider.client, 'closed-images', { body: 'Hi', alt: 'x' })).statusCode).toBe(403);
    expect((await send(outsider.client, 'secret-images', { body: 'Hi', alt: 'x' })).statusCode).toBe(404);
    expect((await send(stranger.client, 'open-images', { body: 'Hi', alt: 'x' })).statusCode).toBe(403);
    expect((await outsider.client.get(url('secret-images'))).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('serves an image only to people who may read its post: 404 for anyone else', async () => {
    for (const kind of ['closed', 'secret'] as const) {
      const { src } = await imagePost(kind);
      expect((await fellow.client.get(src)).statusCode).toBe(200);
      expect((await outsider.client.get(src)).statusCode).toBe(404);
      expect((await stranger.client.get(src)).statusCode).toBe(404);
      expect((await new TestClient(t.app).get(src)).statusCode).toBe(404);
      // Under another organization's address it does not exist either.
      expect((await stranger.client.get(src.replace('/o/images-org/', '/o/images-other/'))).statusCode).toBe(404);
    }
    const { src } = await imagePost('open');
    expect((await outsider.client.get(src)).statusCode).toBe(200);
    expect((await stranger.client.get(src)).statusCode).toBe(404);
    expect((await new TestClient(t.app).get(src)).statusCode).toBe(404);
  });

  it('hides the image with its post, and deleting the post deletes the image and its bytes', async () => {
    const { postId, postHref, image, src } = await imagePost('open');
    await t.db.updateTable('communityPosts').set({ status: 'hidden' }).where('id', '=', postId).execute();
    expect((await fellow.client.get(src)).statusCode).toBe(404);
    expect((await poster.client.get(src)).statusCode).toBe(200);
    await t.db.updateTable('communityPosts').set({ status: 'visible' }).where('id', '=', postId).execute();
    expect((await poster.client.post(`${postHref}/delete`, {})).statusCode).toBe(303);
    expect(await t.db.selectFrom('communityPostImages').select('id').where('id', '=', image.id).executeTakeFirst()).toBeUndefined();
    expect(await t.db.selectFrom('storageObjects').select('id').where('id', '=', image.objectId).executeTakeFirst()).toBeUndefined();
    expect((await poster.client.get(src)).statusCode).toBe(404);
  });
});

describe('images in feeds and search', () => {
  it('show with their alt text in the home, group, profile and hashtag feeds and in search, only where the viewer may read the post', async () => {
    const made: Record<'open' | 'closed' | 'secret', { src: string; alt: string }> = {} as never;
    for (const kind of ['open', 'closed', 'secret'] as const) {
      const alt = `Tulips of the ${kind} flowershow`;
      const res = await send(poster.client, groups[kind].slug, { body: `Our ${kind} flowershow #flowershow`, alt });
      expect(res.statusCode).toBe(303);
      const postId = String(res.headers.location).split('/').pop()!;
      const image = await t.db.selectFrom('communityPostImages').select('id').where('postId', '=', postId).executeTakeFirstOrThrow();
      made[kind] = { src: `/o/${org.slug}/community/images/${image.id}`, alt };
    }
    const img = (kind: 'open' | 'closed' | 'secret') => `<img src="${made[kind].src}" alt="${made[kind].alt}"`;
    const sees = (html: string, expected: ('open' | 'closed' | 'secret')[]) => {
      for (const kind of ['open', 'closed', 'secret'] as const) {
        expect(html.includes(img(kind)), kind).toBe(expected.includes(kind));
        if (!expected.includes(kind)) expect(html, kind).not.toContain(made[kind].src);
      }
    };
    // The outsider follows the poster: the home feed brings followed people's posts in groups they may read.
    expect((await outsider.client.post(`/o/${org.slug}/people/${poster.id}/follow`, { follow: 'yes' })).statusCode).toBe(303);

    const pages = {
      home: `/o/${org.slug}/community`,
      tag: `/o/${org.slug}/tags/flowershow`,
      profile: `/o/${org.slug}/people/${poster.id}`,
      search: `/o/${org.slug}/community/search?q=flowershow`,
      searchPosts: `/o/${org.slug}/community/search?q=flowershow&type=posts`,
    };
    for (const [name, href] of Object.entries(pages)) {
      const asFellow = await fellow.client.get(href);
      expect(asFellow.statusCode, name).toBe(200);
      sees(asFellow.body, ['open', 'closed', 'secret']);
      const asOutsider = await outsider.client.get(href);
      expect(asOutsider.statusCode, name).toBe(200);
      sees(asOutsider.body, ['open']);
    }
    // Group feeds: each group's own image for its readers; a private group's posts (and images) not for others.
    for (const kind of ['open', 'closed', 'secret'] as const) {
      const page = await fellow.client.get(`/o/${org.slug}/groups/${groups[kind].slug}`);
      expect(page.body).toContain(img(kind));
    }
    sees((await outsider.client.get(`/o/${org.slug}/groups/${groups.open.slug}`)).body, ['open']);
    const closed = await outsider.client.get(`/o/${org.slug}/groups/${groups.closed.slug}`);
    expect(closed.statusCode).toBe(200);
    sees(closed.body, []);
    expect((await outsider.client.get(`/o/${org.slug}/groups/${groups.secret.slug}`)).statusCode).toBe(404);
    // Another organization's administrator sees none of it.
    for (const href of Object.values(pages)) {
      const res = await stranger.client.get(href);
      expect([403, 404]).toContain(res.statusCode);
      expect(res.body).not.toContain('Our open flowershow');
      for (const kind of ['open', 'closed', 'secret'] as const) expect(res.body).not.toContain(made[kind].src);
    }
    // A hidden post's image leaves the feeds with it.
    const openPost = await t.db.selectFrom('communityPostImages').select('postId').where('alt', '=', made.open.alt).executeTakeFirstOrThrow();
    await t.db.updateTable('communityPosts').set({ status: 'hidden' }).where('id', '=', openPost.postId).execute();
    sees((await outsider.client.get(pages.tag)).body, []);
    sees((await outsider.client.get(pages.search)).body, []);
    await t.db.updateTable('communityPosts').set({ status: 'visible' }).where('id', '=', openPost.postId).execute();
  });
});

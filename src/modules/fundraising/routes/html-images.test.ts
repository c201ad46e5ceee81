import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, createPage } from '../../../../test/support/factories/fundraising.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { metas } from '../../../../test/support/meta-tags.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';

type Part = { name: string; value: Buffer | string; filename?: string; type?: string };

let t: TestApp;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };
let fundraiser: Signed;
let owner: Signed;
let stranger: Signed;
let page: { id: string; slug: string };

const tinyPng = () => sharp({ create: { width: 12, height: 8, channels: 3, background: '#0a5c36' } }).png().toBuffer();

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'lake-foundation', kind: 'foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'new-wing', goalCents: 1_000_000 });
  fundraiser = await signedInWith(t, { org, roles: ['fundraiser', 'member'] });
  owner = await signedInWith(t, { displayName: 'Pat Runner' });
  stranger = await signedInWith(t, { displayName: 'Someone Else' });
  page = await createPage(t.db, { organizationId: org.id, campaignId: campaign.id, slug: 'pat', ownerAccountId: owner.id, title: 'Pat runs' });
});
afterAll(() => t.close());

const BASE = 'http://localhost:3000';
const edit = '/o/lake-foundation/fundraising/campaigns/new-wing';
const pub = '/o/lake-foundation/give/new-wing';

async function postMultipart(c: TestClient, url: string, parts: Part[]) {
  const form = new FormData();
  for (const p of parts) {
    if (p.filename !== undefined) form.append(p.name, new Blob([typeof p.value === 'string' ? p.value : new Uint8Array(p.value)], { type: p.type ?? 'application/octet-stream' }), p.filename);
    else form.append(p.name, String(p.value));
  }
  const encoded = new Response(form);
  const payload = Buffer.from(await encoded.arrayBuffer());
  return c.request({ method: 'POST', url: `${url}?_csrf=${encodeURIComponent(await c.csrfToken())}`, payload, headers: { 'content-type': encoded.headers.get('content-type')! } });
}

const storedObjects = async () => Number((await t.db.selectFrom('storageObjects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const campaignRow = () => t.db.selectFrom('fundraisingCampaigns').selectAll().where('id', '=', campaign.id).executeTakeFirstOrThrow();
const pageRow = () => t.db.selectFrom('fundraisingPages').selectAll().where('id', '=', page.id).executeTakeFirstOrThrow();

describe('campaign cover image', () => {
  it('offers the upload on the staff edit page', async () => {
    const res = await fundraiser.client.get(`${edit}/edit`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/action="\/o\/lake-foundation\/fundraising\/campaigns\/new-wing\/cover\?_csrf=[^"]+" enctype="multipart\/form-data"/);
    expect(res.body).toContain('name="coverAltEn"');
    expect(res.body).toContain('name="coverAltFr"');
  });

  it('describes the campaign to link previews (Open Graph, Twitter card), with no image before a cover is set', async () => {
    const res = await new TestClient(t.app).get(`${pub}?via=facebook`);
    const head = res.body.slice(0, res.body.indexOf('</head>'));
    const m = metas(head);
    expect(head).toContain(`<link rel="canonical" href="${BASE}${pub}"/>`);
    expect(m.get('og:type')).toEqual(['website']);
    expect(m.get('og:url')).toEqual([`${BASE}${pub}`]);
    expect(m.get('og:title')).toEqual(['Campaign new-wing']);
    expect(m.get('og:description')).toEqual(['A story.']);
    expect(m.get('og:locale')).toEqual(['en_CA']);
    expect(m.get('og:locale:alternate')).toEqual(['fr_CA']);
    expect(m.get('og:image')).toBeUndefined();
    expect(m.get('twitter:card')).toEqual(['summary']);
    expect(m.get('twitter:title')).toEqual(['Campaign new-wing']);
  });

  it('refuses a cover without French alt text, naming the field, and stores nothing', async () => {
    const before = await storedObjects();
    const res = await postMultipart(fundraiser.client, `${edit}/cover`, [
      { name: 'coverAltEn', value: 'Nurses in the new wing' },
      { name: 'cover', value: await tinyPng(), filename: 'wing.png', type: 'image/png' },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-coverAltFr-error"');
    expect(res.body).not.toContain('id="f-coverAltEn-error"');
    expect(await storedObjects()).toBe(before);
    expect((await campaignRow()).coverObjectId).toBeNull();
  });

  it('refuses a file that is not an image, on the file field', async () => {
    const before = await storedObjects();
    const res = await postMultipart(fundraiser.client, `${edit}/cover`, [
      { name: 'coverAltEn', value: 'Nurses' },
      { name: 'coverAltFr', value: 'Infirmières' },
      { name: 'cover', value: Buffer.from('%PDF-1.4 not a picture'), filename: 'wing.png', type: 'image/png' },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-cover-error"');
    expect(await storedObjects()).toBe(before);
  });

  it('keeps a cover only for fundraisers', async () => {
    const res = await postMultipart(owner.client, `${edit}/cover`, [
      { name: 'coverAltEn', value: 'x' },
      { name: 'coverAltFr', value: 'x' },
      { name: 'cover', value: await tinyPng(), filename: 'wing.png', type: 'image/png' },
    ]);
    expect(res.statusCode).toBe(403);
    expect((await campaignRow()).coverObjectId).toBeNull();
  });

  it('shows an uploaded cover on the public page with its alt text in the page language', async () => {
    const res = await postMultipart(fundraiser.client, `${edit}/cover`, [
      { name: 'coverAltEn', value: 'Nurses in the new wing' },
      { name: 'coverAltFr', value: 'Des infirmières dans la nouvelle aile' },
      { name: 'cover', value: await tinyPng(), filename: 'wing.png', type: 'image/png' },
    ]);
    expect(res.statusCode).toBe(303);
    const row = await campaignRow();
    expect(row).toMatchObject({ coverAltEn: 'Nurses in the new wing', coverAltFr: 'Des infirmières dans la nouvelle aile' });
    const object = await t.db.selectFrom('storageObjects').selectAll().where('id', '=', row.coverObjectId!).executeTakeFirstOrThrow();
    expect(object).toMatchObject({ contentType: 'image/png', private: true });

    const guest = new TestClient(t.app);
    const en = await guest.get(pub);
    expect(en.body).toContain(`<img class="campaign-cover" src="${pub}/cover?v=${row.coverObjectId}" alt="Nurses in the new wing"`);
    const fr = await guest.request({ method: 'GET', url: pub, headers: { 'accept-language': 'fr' } });
    expect(fr.body).toContain('alt="Des infirmières dans la nouvelle aile"');

    const image = await guest.get(`${pub}/cover?v=${row.coverObjectId}`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect((await sharp(image.rawPayload).metadata()).width).toBe(12);
    // The private object is never served by the generic media route.
    expect((await guest.get(`/media/${row.coverObjectId}`)).statusCode).toBe(404);
  });

  it('shares the cover as the link preview’s image, with its alt text, in the page language', async () => {
    const row = await campaignRow();
    const coverUrl = `${BASE}${pub}/cover?v=${row.coverObjectId}`;
    const en = metas((await new TestClient(t.app).get(pub)).body);
    expect(en.get('og:image')).toEqual([coverUrl]);
    expect(en.get('og:image:alt')).toEqual(['Nurses in the new wing']);
    expect(en.get('twitter:card')).toEqual(['summary_large_image']);
    expect(en.get('twitter:image')).toEqual([coverUrl]);
    expect(en.get('twitter:image:alt')).toEqual(['Nurses in the new wing']);
    const fr = metas((await new TestClient(t.app).get(pub, { 'accept-language': 'fr' })).body);
    expect(fr.get('og:locale')).toEqual(['fr_CA']);
    expect(fr.get('og:locale:alternate')).toEqual(['en_CA']);
    expect(fr.get('og:title')).toEqual([row.titleFr]);
    expect(fr.get('og:description')).toEqual([row.storyFr]);
    expect(fr.get('og:image:alt')).toEqual(['Des infirmières dans la nouvelle aile']);
    // The image the preview names is the one the public may fetch.
    expect((await new TestClient(t.app).get(new URL(coverUrl).pathname + new URL(coverUrl).search)).statusCode).toBe(200);
  });

  it('hides a draft campaign, its cover and its gift form from the public, not from its fundraisers', async () => {
    expect((await fundraiser.client.post(`${edit}/unpublish`)).statusCode).toBe(303);
    expect((await campaignRow()).publishedAt).toBeNull();
    const guest = new TestClient(t.app);
    expect((await guest.get(`${pub}/cover`)).statusCode).toBe(404);
    expect((await guest.get(pub)).statusCode).toBe(404);
    expect((await guest.get('/o/lake-foundation/give')).body).not.toContain(pub);
    expect((await guest.post(pub, { amount: '50', frequency: 'once' })).statusCode).toBe(404);
    expect((await stranger.client.get(`${pub}/cover`)).statusCode).toBe(404);
    expect((await fundraiser.client.get(`${pub}/cover`)).statusCode).toBe(200);
    expect((await fundraiser.client.get(`${edit}/edit`)).body).toContain('action="/o/lake-foundation/fundraising/campaigns/new-wing/publish"');

    expect((await fundraiser.client.post(`${edit}/publish`)).statusCode).toBe(303);
    expect((await campaignRow()).publishedAt).not.toBeNull();
    expect((await guest.get(`${pub}/cover`)).statusCode).toBe(200);
  });
});

describe('peer-to-peer page photo', () => {
  const url = `${pub}/p/pat`;

  it('lets only the page owner open the photo form', async () => {
    expect((await owner.client.get(`${url}/edit`)).statusCode).toBe(200);
    expect((await owner.client.get(url)).body).toContain(`href="${url}/edit"`);
    expect((await stranger.client.get(url)).body).not.toContain(`href="${url}/edit"`);
    expect((await stranger.client.get(`${url}/edit`)).statusCode).toBe(403);
    const res = await postMultipart(stranger.client, `${url}/photo`, [
      { name: 'photoAlt', value: 'Me' },
      { name: 'photo', value: await tinyPng(), filename: 'me.png', type: 'image/png' },
    ]);
    expect(res.statusCode).toBe(403);
  });

  it('refuses a photo without alt text, naming the field, and stores nothing', async () => {
    const before = await storedObjects();
    const res = await postMultipart(owner.client, `${url}/photo`, [{ name: 'photo', value: await tinyPng(), filename: 'me.png', type: 'image/png' }]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-photoAlt-error"');
    expect(await storedObjects()).toBe(before);
    expect((await pageRow()).photoObjectId).toBeNull();
  });

  it('refuses a file that is not an image', async () => {
    const res = await postMultipart(owner.client, `${url}/photo`, [
      { name: 'photoAlt', value: 'Pat at the finish line' },
      { name: 'photo', value: Buffer.from('GIF89a-but-not-really'), filename: 'me.gif', type: 'image/gif' },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-photo-error"');
    expect((await pageRow()).photoObjectId).toBeNull();
  });

  it('shows the uploaded photo with its alt text, and hides it while the campaign is a draft', async () => {
    const res = await postMultipart(owner.client, `${url}/photo`, [
      { name: 'photoAlt', value: 'Pat at the finish line' },
      { name: 'photo', value: await tinyPng(), filename: 'me.png', type: 'image/png' },
    ]);
    expect(res.statusCode).toBe(303);
    const row = await pageRow();
    expect(row.photoAlt).toBe('Pat at the finish line');
    const guest = new TestClient(t.app);
    expect((await guest.get(url)).body).toContain(`<img class="page-photo" src="${url}/photo?v=${row.photoObjectId}" alt="Pat at the finish line"`);
    const image = await guest.get(`${url}/photo`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');

    await fundraiser.client.post(`${edit}/unpublish`);
    expect((await guest.get(`${url}/photo`)).statusCode).toBe(404);
    expect((await guest.get(url)).statusCode).toBe(404);
    await fundraiser.client.post(`${edit}/publish`);
  });
});

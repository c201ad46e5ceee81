import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { createI18n, type T } from '../../../platform/i18n/i18n.js';
import { multipartBody } from '../../../../test/support/multipart.js';

let t: TestApp;
let en: T;
beforeAll(async () => {
  t = await buildTestApp();
  en = (await createI18n()).t('en');
});
afterAll(() => t.close());

const profileOf = (accountId: string) => t.db.selectFrom('identityProfiles').selectAll().where('accountId', '=', accountId).executeTakeFirstOrThrow();
const localeOf = async (accountId: string) => (await t.db.selectFrom('identityAccounts').select('locale').where('id', '=', accountId).executeTakeFirstOrThrow()).locale;
const auditOf = (accountId: string, action?: string) => {
  let q = t.db.selectFrom('auditEvents').selectAll().where('actorAccountId', '=', accountId);
  if (action) q = q.where('action', '=', action);
  return q.orderBy('id').execute();
};
const countObjects = async () => Number((await t.db.selectFrom('storageObjects').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const setVisibility = (accountId: string, visibility: 'public' | 'organizations' | 'private') =>
  t.db.updateTable('identityProfiles').set({ visibility }).where('accountId', '=', accountId).execute();

/** A multipart body as a browser would send it. */

async function uploadAvatar(c: TestClient, file: { data: Buffer | string; filename?: string; type?: string; field?: string }, opts: { csrf?: boolean } = {}) {
  const { payload, contentType } = await multipartBody([
    { name: file.field ?? 'avatar', value: file.data, filename: file.filename ?? 'photo.jpg', type: file.type ?? 'image/jpeg' },
  ]);
  const url = opts.csrf === false ? '/account/avatar' : `/account/avatar?_csrf=${encodeURIComponent(await c.csrfToken())}`;
  return c.request({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
}

/**
 * A photo as a phone takes it: top half red, bottom half blue, stored sideways with an
 * orientation tag, and carrying the camera's make and a GPS position.
 */
async function phonePhoto(): Promise<Buffer> {
  const w = 400;
  const h = 400;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[(y * w + x) * 3 + (y < h / 2 ? 0 : 2)] = 255;
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'FoyerCam', Model: 'Pocket 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '73/1 34/1 0/1' },
    })
    .toBuffer();
}

/** The GPSInfo pointer tag (0x8825) in either byte order. */
const hasGpsTag = (exif: Buffer) => exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

const VALID = { displayName: 'Rosalie Tremblay', pronouns: 'elle', bioEn: 'Volunteer at the front desk.', bioFr: 'Bénévole à l’accueil.', visibility: 'organizations', locale: 'en' };

describe('editing my profile', () => {
  it('shows the form with my values, bilingual bio fields, and a link to my public profile', async () => {
    const a = await createAccount(t.db, { displayName: 'Ana Gomes' });
    const c = await signIn(t.app, a);
    const res = await c.get('/account/profile');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="Ana Gomes"');
    expect(res.body).toContain(`href="/people/${a.id}"`);
    expect(res.body).toMatch(/<textarea[^>]*name="bioEn"[^>]*lang="en"/);
    expect(res.body).toMatch(/<textarea[^>]*name="bioFr"[^>]*lang="fr"/);
    expect(res.body).toMatch(/<input[^>]*type="radio"[^>]*name="visibility"[^>]*value="organizations"[^>]*checked/);
    expect(res.body).toMatch(/action="\/account\/avatar\?_csrf=[^"]+" enctype="multipart\/form-data"/);
  });

  it('saves edits, audits them, and shows the saved notice after the redirect', async () => {
    const a = await createAccount(t.db);
    const c = await signIn(t.app, a);
    const res = await c.post('/account/profile', { ...VALID, bioEn: 'Line one.\r\nLine two.', locale: 'fr' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/profile');
    const p = await profileOf(a.id);
    expect(p).toMatchObject({ displayName: 'Rosalie Tremblay', pronouns: 'elle', bioEn: 'Line one.\nLine two.', bioFr: 'Bénévole à l’accueil.', visibility: 'organizations' });
    expect(await localeOf(a.id)).toBe('fr');
    const after = await c.get('/account/profile');
    expect(after.body).toContain('class="notice"');
    // The chosen language applies on this device at once.
    expect(after.body).toContain('<html lang="fr">');
    const updated = await auditOf(a.id, 'profile.updated');
    expect(updated).toHaveLength(1);
    expect(updated[0]!.data).toEqual({ fields: ['displayName', 'pronouns', 'bioEn', 'bioFr', 'locale'] });
    expect(await auditOf(a.id, 'profile.visibility_changed')).toHaveLength(0);
  });

  it('records a visibility change with where it went from and to', async () => {
    const a = await createAccount(t.db, { displayName: 'Rosalie Tremblay' });
    const c = await signIn(t.app, a);
    const res = await c.post('/account/profile', { displayName: 'Rosalie Tremblay', visibility: 'public', locale: 'en' });
    expect(res.statusCode).toBe(303);
    expect((await profileOf(a.id)).visibility).toBe('public');
    const changed = await auditOf(a.id, 'profile.visibility_changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.data).toEqual({ from: 'organizations', to: 'public' });
  });

  it('clears optional fields left empty', async () => {
    const a = await createAccount(t.db);
    const c = await signIn(t.app, a);
    await c.post('/account/profile', VALID);
    const res = await c.post('/account/profile', { ...VALID, pronouns: '  ', bioEn: '', bioFr: '' });
    expect(res.statusCode).toBe(303);
    expect(await profileOf(a.id)).toMatchObject({ pronouns: null, bioEn: null, bioFr: null });
  });

  it('sends anonymous visitors to sign in, and refuses their posts writing nothing', async () => {
    const a = await createAccount(t.db, { displayName: 'Untouched' });
    const before = await profileOf(a.id);
    const objects = await countObjects();
    const c = new TestClient(t.app);
    const page = await c.get('/account/profile');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Faccount%2Fprofile');
    expect((await c.post('/account/profile', VALID)).statusCode).toBe(401);
    expect((await uploadAvatar(c, { data: await phonePhoto() })).statusCode).toBe(401);
    expect((await c.post('/account/avatar/remove')).statusCode).toBe(401);
    expect(await profileOf(a.id)).toEqual(before);
    expect(await countObjects()).toBe(objects);
  });

  it('changes only the signed-in person’s own profile, whatever the form claims', async () => {
    const owner = await createAccount(t.db, { displayName: 'Owner Person' });
    const other = await createAccount(t.db, { displayName: 'Other Person' });
    const ownerClient = await signIn(t.app, owner);
    expect((await uploadAvatar(ownerClient, { data: await phonePhoto() })).statusCode).toBe(303);
    const ownerBefore = await profileOf(owner.id);

    const c = await signIn(t.app, other);
    const res = await c.post('/account/profile', { ...VALID, displayName: 'Hijacked', accountId: owner.id });
    expect(res.statusCode).toBe(303);
    expect((await c.post('/account/avatar/remove', { accountId: owner.id })).statusCode).toBe(303);
    expect(await profileOf(owner.id)).toEqual(ownerBefore);
    expect((await profileOf(other.id)).displayName).toBe('Hijacked');
    expect(await auditOf(owner.id, 'profile.updated')).toHaveLength(1);
  });

  it.each([
    ['empty', { displayName: '', visibility: '', locale: '' }, ['displayName', 'visibility', 'locale']],
    ['only spaces', { displayName: '   ' }, ['displayName']],
    ['too long', { displayName: 'x'.repeat(81), pronouns: 'x'.repeat(41), bioEn: 'x'.repeat(501), bioFr: 'x'.repeat(501) }, ['displayName', 'pronouns', 'bioEn', 'bioFr']],
    [
      'markup',
      { displayName: '<script>alert(1)</script>', pronouns: '<b>she</b>', bioEn: 'Hi <img src=x onerror=alert(1)>', bioFr: '<a href="x">lien</a>' },
      ['displayName', 'pronouns', 'bioEn', 'bioFr'],
    ],
    [
      'wrong types',
      { displayName: ['a', 'b'], pronouns: ['a', 'b'], bioEn: ['a', 'b'], bioFr: ['a', 'b'], visibility: ['public', 'private'], locale: ['en', 'fr'] },
      ['displayName', 'pronouns', 'bioEn', 'bioFr', 'visibility', 'locale'],
    ],
    ['unknown choices', { visibility: 'everyone', locale: 'de' }, ['visibility', 'locale']],
    ['control characters', { displayName: 'Name\u0007', bioEn: 'Bio\u0000' }, ['displayName', 'bioEn']],
  ])('refuses %s input with 400 naming each field, writing nothing', async (_label, bad, fields) => {
    const a = await createAccount(t.db, { displayName: 'Steady Person', locale: 'en' });
    const c = await signIn(t.app, a);
    const before = await profileOf(a.id);
    const audits = (await auditOf(a.id)).length;
    const res = await c.post('/account/profile', { ...VALID, ...bad } as Record<string, string | string[]>);
    expect(res.statusCode).toBe(400);
    for (const f of fields) expect(res.body).toContain(`id="f-${f}-error"`);
    expect(res.body.replace(/<textarea[^>]*>[^<]*<\/textarea>/g, '').replace(/value="[^"]*"/g, '')).not.toMatch(/<script>alert|<img src=x|<b>she/);
    expect(await profileOf(a.id)).toEqual(before);
    expect(await localeOf(a.id)).toBe('en');
    expect(await auditOf(a.id)).toHaveLength(audits);
  });

  it('refuses a post without its CSRF token', async () => {
    const a = await createAccount(t.db, { displayName: 'Guarded' });
    const c = await signIn(t.app, a);
    const res = await c.post('/account/profile', { ...VALID, displayName: 'Forged' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await profileOf(a.id)).displayName).toBe('Guarded');
  });
});

describe('avatar', () => {
  it('stores a 256×256 WebP upright and without EXIF or GPS, replacing the previous picture', async () => {
    const a = await createAccount(t.db, { displayName: 'Camille Roy' });
    const c = await signIn(t.app, a);
    const photo = await phonePhoto();
    const input = await sharp(photo).metadata();
    expect(input.orientation).toBe(6);
    expect(input.exif?.includes('FoyerCam')).toBe(true);
    expect(hasGpsTag(input.exif!)).toBe(true);

    const res = await uploadAvatar(c, { data: photo });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/profile');
    const first = (await profileOf(a.id)).avatarObjectId!;
    expect(first).toBeTruthy();
    const stored = await t.db.selectFrom('storageObjects').selectAll().where('id', '=', first).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ contentType: 'image/webp', ownerAccountId: a.id });
    const meta = await sharp(stored.data).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(stored.data.includes('FoyerCam')).toBe(false);
    // Turned as the camera meant: the red top half of the sideways-stored picture is on the right.
    const { data, info } = await sharp(stored.data).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3);
    expect(px(240, 128)[0]).toBeGreaterThan(200);
    expect(px(15, 128)[2]).toBeGreaterThan(200);
    expect((await auditOf(a.id, 'profile.updated')).at(-1)!.data).toEqual({ fields: ['avatar'] });

    const media = await c.get(`/media/${first}`);
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toBe('image/webp');
    const page = await c.get('/account/profile');
    expect(page.body).toContain(`<img class="avatar" src="/media/${first}" alt="Camille Roy"`);

    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: '#0b4f8a' } }).png().toBuffer();
    expect((await uploadAvatar(c, { data: png, filename: 'p.png', type: 'image/png' })).statusCode).toBe(303);
    const second = (await profileOf(a.id)).avatarObjectId!;
    expect(second).not.toBe(first);
    expect(await t.db.selectFrom('storageObjects').select('id').where('id', '=', first).executeTakeFirst()).toBeUndefined();
    expect((await c.get(`/media/${first}`)).statusCode).toBe(404);
  });

  it('removes the picture and its stored object', async () => {
    const a = await createAccount(t.db);
    const c = await signIn(t.app, a);
    await uploadAvatar(c, { data: await phonePhoto() });
    const id = (await profileOf(a.id)).avatarObjectId!;
    const res = await c.post('/account/avatar/remove');
    expect(res.statusCode).toBe(303);
    expect((await profileOf(a.id)).avatarObjectId).toBeNull();
    expect(await t.db.selectFrom('storageObjects').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
  });

  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>';
  it.each([
    ['a text file', { data: 'just some words, not a picture', filename: 'notes.jpg', type: 'image/jpeg' }, 'image_invalid'],
    ['an SVG drawing', { data: svg, filename: 'drawing.svg', type: 'image/svg+xml' }, 'image_invalid'],
    ['a truncated JPEG', { data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]), filename: 'broken.jpg' }, 'image_invalid'],
    ['an empty file', { data: Buffer.alloc(0), filename: 'empty.jpg' }, 'required'],
    ['a file over 5 MB', { data: Buffer.alloc(5 * 1024 * 1024 + 1, 7), filename: 'huge.jpg' }, 'file_too_large'],
    ['a file under another field name', { data: 'x', field: 'picture' }, 'required'],
  ])('refuses %s with 400 naming the avatar field, writing nothing', async (_label, file, code) => {
    const a = await createAccount(t.db);
    const c = await signIn(t.app, a);
    const objects = await countObjects();
    const audits = (await auditOf(a.id)).length;
    const res = await uploadAvatar(c, file);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-avatar-error"');
    expect(res.body).toContain('href="#f-avatar"');
    expect(res.body).toContain(en(`validation.${code}`));
    expect(await countObjects()).toBe(objects);
    expect((await profileOf(a.id)).avatarObjectId).toBeNull();
    expect(await auditOf(a.id)).toHaveLength(audits);
  });

  it('refuses a form that is not multipart, and one without its CSRF token', async () => {
    const a = await createAccount(t.db);
    const c = await signIn(t.app, a);
    const objects = await countObjects();
    const plain = await c.post('/account/avatar', { avatar: 'not a file' });
    expect(plain.statusCode).toBe(400);
    expect(plain.body).toContain('id="f-avatar-error"');
    const forged = await uploadAvatar(c, { data: await phonePhoto() }, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect(await countObjects()).toBe(objects);
    expect((await profileOf(a.id)).avatarObjectId).toBeNull();
  });
});

describe('public profile page', () => {
  // Hidden fields differ only by the CSRF token and the path the viewer asked for.
  const withoutTokens = (html: string) => html.replace(/value="[^"]*"/g, '');

  it('applies who may see it: public, members of my organizations, only me', async () => {
    const org = await createOrganization(t.db);
    const otherOrg = await createOrganization(t.db);
    const owner = await createAccount(t.db, { displayName: 'Visible Maybe', org, roles: ['member'] });
    const colleague = await createAccount(t.db, { org, roles: ['member'] });
    const stranger = await createAccount(t.db, { org: otherOrg, roles: ['admin'] });
    const viewers = {
      self: await signIn(t.app, owner),
      colleague: await signIn(t.app, colleague),
      stranger: await signIn(t.app, stranger),
      anonymous: new TestClient(t.app),
    };
    const expected = {
      public: { self: 200, colleague: 200, stranger: 200, anonymous: 200 },
      organizations: { self: 200, colleague: 200, stranger: 404, anonymous: 404 },
      private: { self: 200, colleague: 404, stranger: 404, anonymous: 404 },
    } as const;
    for (const [visibility, byViewer] of Object.entries(expected)) {
      await setVisibility(owner.id, visibility as keyof typeof expected);
      for (const [viewer, status] of Object.entries(byViewer)) {
        const res = await viewers[viewer as keyof typeof viewers].get(`/people/${owner.id}`);
        expect({ visibility, viewer, status: res.statusCode }).toEqual({ visibility, viewer, status });
        if (status === 200) expect(res.body).toContain('Visible Maybe');
        else expect(res.body).not.toContain('Visible Maybe');
      }
    }
    // A hidden profile answers exactly as one that does not exist.
    await setVisibility(owner.id, 'private');
    const hidden = await viewers.stranger.get(`/people/${owner.id}`);
    const missing = await viewers.stranger.get(`/people/${randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    expect(withoutTokens(hidden.body)).toBe(withoutTokens(missing.body));
    expect((await viewers.anonymous.get('/people/not-a-uuid')).statusCode).toBe(400);
  });

  it('hides the profile of a disabled account', async () => {
    const a = await createAccount(t.db, { displayName: 'Gone Away' });
    await setVisibility(a.id, 'public');
    await t.db.updateTable('identityAccounts').set({ disabledAt: new Date() }).where('id', '=', a.id).execute();
    expect((await new TestClient(t.app).get(`/people/${a.id}`)).statusCode).toBe(404);
  });

  it('shows name, pronouns, picture, bios in the viewer’s language first, and translated role badges', async () => {
    const org = await createOrganization(t.db, { nameEn: 'Riverside Hospital', nameFr: 'Hôpital Riverside' });
    const a = await createAccount(t.db, { displayName: 'Jordan Lee', org, roles: ['admin', 'staff', 'member'] });
    const c = await signIn(t.app, a);
    await c.post('/account/profile', { displayName: 'Jordan Lee', pronouns: 'they/them', bioEn: 'I run the clinic.', bioFr: 'Je dirige la clinique.', visibility: 'public', locale: 'en' });
    await uploadAvatar(c, { data: await phonePhoto() });
    const avatarId = (await profileOf(a.id)).avatarObjectId!;

    const en = await new TestClient(t.app, { 'accept-language': 'en-CA' }).get(`/people/${a.id}`);
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<h1>Jordan Lee</h1>');
    expect(en.body).toContain('Pronouns: they/them');
    expect(en.body).toContain(`src="/media/${avatarId}" alt="Jordan Lee"`);
    expect(en.body).toContain('<div class="bio" lang="en"><p>I run the clinic.</p></div>');
    expect(en.body).toContain('<div class="bio" lang="fr"><p>Je dirige la clinique.</p></div>');
    expect(en.body.indexOf('lang="en"><p>')).toBeLessThan(en.body.indexOf('lang="fr"><p>'));
    expect(en.body).toContain('Riverside Hospital');
    for (const role of ['Administrator', 'Staff', 'Member']) expect(en.body).toContain(`<span class="badge">${role}</span>`);
    expect(en.body).not.toContain('Moderator');
    expect(en.body).not.toContain('Verified staff');

    const fr = await new TestClient(t.app, { 'accept-language': 'fr-CA,fr;q=0.9' }).get(`/people/${a.id}`);
    expect(fr.body).toContain('<html lang="fr">');
    expect(fr.body.indexOf('lang="fr"><p>')).toBeLessThan(fr.body.indexOf('lang="en"><p>'));
    expect(fr.body).toContain('Hôpital Riverside');
    expect(fr.body).toContain('<span class="badge">Administration</span>');
    expect(fr.body).not.toContain('Personnel vérifié');
  });

  it('shows the verified-staff badge only where it was granted, in words', async () => {
    const org = await createOrganization(t.db, { nameEn: 'Verified Hospital' });
    const otherOrg = await createOrganization(t.db, { nameEn: 'Unverified Foundation' });
    const a = await createAccount(t.db, { displayName: 'Dr. Verified', org, roles: ['staff', 'member'] });
    await t.db.insertInto('identityMemberships').values({ id: randomUUID(), organizationId: otherOrg.id, accountId: a.id, roles: ['staff'], memberKind: null, staffKind: null, staffVerifiedAt: null, staffVerifiedBy: null }).execute();
    await setVisibility(a.id, 'public');
    const anon = new TestClient(t.app, { 'accept-language': 'en' });
    expect((await anon.get(`/people/${a.id}`)).body).not.toContain('Verified staff');

    await t.db.updateTable('identityMemberships').set({ staffVerifiedAt: new Date() }).where('accountId', '=', a.id).where('organizationId', '=', org.id).execute();
    const body = (await anon.get(`/people/${a.id}`)).body;
    expect(body.match(/Verified staff/g)).toHaveLength(1);
    const verifiedItem = body.slice(body.indexOf('Verified Hospital'), body.indexOf('</li>', body.indexOf('Verified Hospital')));
    expect(verifiedItem).toContain('<span class="badge verified">');
    expect(verifiedItem).toContain('Verified staff');
    const otherItem = body.slice(body.indexOf('Unverified Foundation'), body.indexOf('</li>', body.indexOf('Unverified Foundation')));
    expect(otherItem).not.toContain('Verified staff');
    expect((await new TestClient(t.app, { 'accept-language': 'fr-CA' }).get(`/people/${a.id}`)).body).toContain('Personnel vérifié');
  });

  it('offers me a link to edit my own profile, and no one else', async () => {
    const a = await createAccount(t.db);
    await setVisibility(a.id, 'public');
    const mine = await (await signIn(t.app, a)).get(`/people/${a.id}`);
    expect(mine.body).toMatch(/<main[\s\S]*href="\/account\/profile"/);
    const theirs = await new TestClient(t.app).get(`/people/${a.id}`);
    expect(theirs.body).not.toContain('href="/account/profile"');
  });
});

describe('language', () => {
  it('follows Accept-Language by default, and the chosen language after that', async () => {
    const c = new TestClient(t.app, { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' });
    expect((await c.get('/')).body).toContain('<html lang="fr">');
    const res = await c.post('/language', { lang: 'en', next: '/sign-in' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
    expect(c.cookies.get('foyer_lang')).toBe('en');
    expect((await c.get('/')).body).toContain('<html lang="en">');
  });

  it('remembers a signed-in person’s choice on the account, for a new device', async () => {
    const a = await createAccount(t.db);
    expect(await localeOf(a.id)).toBeNull();
    const c = await signIn(t.app, a);
    expect((await c.post('/language', { lang: 'fr', next: '/' })).statusCode).toBe(303);
    expect(await localeOf(a.id)).toBe('fr');

    const fresh = await signIn(t.app, a);
    expect(fresh.cookies.has('foyer_lang')).toBe(false);
    expect((await fresh.get('/', { 'accept-language': 'en-CA' })).body).toContain('<html lang="fr">');
    // This device's own choice still wins over the account's.
    await fresh.post('/language', { lang: 'en' });
    expect((await fresh.get('/')).body).toContain('<html lang="en">');
  });

  it('refuses an unknown language and leaves foreign redirects at home', async () => {
    const a = await createAccount(t.db, { locale: 'en' });
    const c = await signIn(t.app, a);
    const bad = await c.post('/language', { lang: 'de' });
    expect(bad.statusCode).toBe(400);
    expect(await localeOf(a.id)).toBe('en');
    expect(c.cookies.has('foyer_lang')).toBe(false);
    const away = await c.post('/language', { lang: 'fr', next: '//evil.example/' });
    expect(away.headers.location).toBe('/');
  });
});

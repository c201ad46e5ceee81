import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createPage } from '../support/factories/fundraising.js';
import { createReceiptingFoundation, pdfText } from '../support/factories/receipting.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let org: { id: string; slug: string };
beforeAll(async () => {
  h = await startBrowserHarness();
  org = await createReceiptingFoundation(h.db, { slug: 'lakeshore' });
  const campaign = await createCampaign(h.db, { organizationId: org.id, slug: 'new-wing', goalCents: 500_000, suggestedAmountsCents: [2500, 5000, 10000] });
  await createPage(h.db, { organizationId: org.id, campaignId: campaign.id, slug: 'marie', title: 'Marie court pour la nouvelle aile', goalCents: 20_000 });
});
afterAll(() => h?.close());

describe('a guest gives to a peer-to-peer page, in French, through the test gateway', () => {
  it('thanks them, e-mails their receipt and moves the page’s progress bar', async () => {
    const context = await h.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    await page.goto('/o/lakeshore/give/new-wing/p/marie?via=email&lang=fr');
    if ((await page.getAttribute('html', 'lang')) !== 'fr') {
      await page.getByRole('button', { name: 'Français' }).click();
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('fr');
    }
    await expectAccessible(page);
    const bar = page.getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuetext')).toContain('0,00');
    expect(await page.textContent('body')).toContain('TEST — aucun argent ne circule');

    await page.getByLabel('50,00 $').check();
    await page.getByLabel('Prénom', { exact: true }).fill('Élise');
    await page.getByLabel('Initiale du deuxième prénom (facultatif)').fill('R');
    await page.getByLabel('Nom de famille').fill('Côté');
    await page.getByLabel('Adresse courriel').fill('elise.cote@example.ca');
    await page.getByLabel('Adresse municipale').fill('44 rue Saint-Jean');
    await page.getByLabel('Ville', { exact: true }).fill('Québec');
    await page.getByLabel('Province ou territoire').selectOption('QC');
    await page.getByLabel('Code postal').fill('G1R 1N8');
    await page.getByRole('group', { name: 'Langue de votre reçu' }).getByLabel('Français', { exact: true }).check();
    await page.getByRole('button', { name: 'Passer au paiement' }).click();

    await page.waitForURL(/test-checkout/);
    await expectAccessible(page);
    expect(await page.textContent('body')).toContain('TEST — aucun argent ne circule');
    await page.getByRole('button', { name: /Payer 50,00/ }).click();

    await page.waitForURL(/\/gifts\/[0-9a-f-]+\?t=/);
    await expectAccessible(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Merci, Élise !');

    const mail = await h.inbox.waitFor('elise.cote@example.ca', (m) => m.attachments.some((a) => a.contentType === 'application/pdf'), 20_000);
    const text = await pdfText(mail.attachments.find((a) => a.contentType === 'application/pdf')!.content);
    expect(text).toContain('Élise R. Côté');

    await page.goto('/o/lakeshore/give/new-wing/p/marie');
    await expectAccessible(page);
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe('5000');
    expect(await page.getByRole('progressbar').getAttribute('aria-valuetext')).toContain('50,00');
    const gift = await h.db.selectFrom('fundraisingGifts').selectAll().executeTakeFirstOrThrow();
    expect(gift).toMatchObject({ channel: 'peer_to_peer', attributionChannel: 'email', status: 'succeeded', donorLanguage: 'fr' });
    await context.close();
  });
});

import { newId } from '../../platform/db/ids.js';
import type { Db } from '../../platform/db/types.js';
import { todayInToronto } from './days.js';
import { addToCampaignTotal, findOrganizationBySlug, insertCampaign, listCampaigns } from './db/queries.js';
import type { NewGiftRow } from './db/schema.js';

const daysFromToday = (n: number) => {
  const d = new Date(`${todayInToronto()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The demo foundation's campaign for the new paediatric wing, with a few gifts already in. */
export async function seedFundraisingDemo(db: Db): Promise<boolean> {
  const org = await findOrganizationBySlug(db, 'demo-foundation');
  if (!org || (await listCampaigns(db, org.id)).length > 0) return false;
  const fundraiser = await db.selectFrom('identityAccounts').select('id').where('email', '=', 'fundraiser@demo.foyer.test').executeTakeFirst();
  await db.transaction().execute(async (trx) => {
    const campaignId = newId();
    await insertCampaign(trx, {
      id: campaignId, organizationId: org.id, slug: 'paediatric-wing', createdBy: fundraiser?.id ?? null,
      titleEn: 'A new paediatric wing', titleFr: 'Une nouvelle aile pédiatrique',
      storyEn: 'Forty family-friendly rooms, a playroom and a quiet room for parents.\n\nEvery gift brings the wing closer to opening its doors to the children of our region.',
      storyFr: 'Quarante chambres adaptées aux familles, une salle de jeux et une salle calme pour les parents.\n\nChaque don rapproche l’ouverture de l’aile aux enfants de notre région.',
      goalCents: 25_000_000, startsOn: daysFromToday(-30), endsOn: daysFromToday(60), suggestedAmountsCents: JSON.stringify([2500, 5000, 10000, 25000]),
    });
    const donors: [string, string, string, 'name' | 'anonymous' | 'hidden', number, string | null][] = [
      ['Marie', 'Tremblay', 'marie.tremblay@example.ca', 'name', 10000, 'Pour tous les petits patients.'],
      ['John', 'Smith', 'john.smith@example.ca', 'anonymous', 5000, null],
      ['Aisha', 'Khan', 'aisha.khan@example.ca', 'name', 25000, 'Thank you to the nurses of 4 West.'],
      ['Luc', 'Gagnon', 'luc.gagnon@example.ca', 'hidden', 50000, null],
    ];
    let day = -20;
    for (const [first, last, email, wall, cents, message] of donors) {
      const gift: NewGiftRow = {
        id: newId(), organizationId: org.id, campaignId, status: 'succeeded', channel: 'web', method: 'card', amountCents: cents,
        donorEmail: email, donorFirstName: first, donorLastName: last, donorAddressLine1: '1 Main Street', donorCity: 'Ottawa', donorProvince: 'ON', donorPostalCode: 'K1A 0B1',
        donorLanguage: first === 'Marie' || first === 'Luc' ? 'fr' : 'en', wallDisplay: wall, wallName: wall === 'name' ? `${first} ${last}` : null, wallMessage: message,
        gateway: 'test', receivedOn: daysFromToday(day), succeededAt: new Date(`${daysFromToday(day)}T15:00:00Z`),
      };
      day += 5;
      await trx.insertInto('fundraisingGifts').values(gift).execute();
      await addToCampaignTotal(trx, campaignId, cents, 1);
    }
  });
  return true;
}

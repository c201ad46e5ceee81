import { createHmac, createSecretKey, hkdfSync } from 'node:crypto';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { ValidationError } from '../../../platform/http/errors.js';
import type { FundraisingDeps } from '../deps.js';
import type { OrgRef } from '../db/queries.js';
import type { PatientContactRow } from '../db/schema.js';
import { todayInToronto } from '../days.js';
import { createSignedLinks } from '../links.js';
import type { PatientOptOutBody, PatientTransferBody } from '../patient-schemas.js';
import { fundraisingPolicy } from '../policy.js';
import { patientOptOutUrl } from '../views/urls.js';
import { appendConsent } from './consents.js';
import { loadOrg, type RequestMeta } from './campaigns.js';

export type PatientContact = Pick<PatientContactRow, 'id' | 'firstName' | 'lastName' | 'addressLine1' | 'addressLine2' | 'city' | 'province' | 'postalCode'> & { optOutLink: string };
export type OptOutView = { hospitalNameEn: string; hospitalNameFr: string; foundationNameEn: string; foundationNameFr: string; done: boolean };

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ');
/** The mailing address as the consent ledger keys the `mail` channel. */
const mailKey = (c: { addressLine1: string; addressLine2?: string | null; city: string; province: string; postalCode: string }) =>
  [c.addressLine1, c.addressLine2, `${c.city} ${c.province} ${c.postalCode}`].filter(Boolean).map((x) => fold(x!)).join(', ');

/**
 * The grateful-patient program (PHIPA s.32, O. Reg. 329/04 s.10): a hospital passes its foundation
 * a patient's name and mailing address, only after notice at the time of service and only while the
 * patient has not opted out. An opt-out (by the link in every solicitation, or said by phone) is
 * honoured at once in both: the foundation's copy is deleted, the hospital keeps a keyed hash of
 * the person to refuse later transfers, and the ledger records the withdrawal.
 */
export function createPatientService(deps: Pick<FundraisingDeps, 'db' | 'config'>) {
  const { db, config } = deps;
  const links = createSignedLinks(config.secret, 'fundraising.patient-opt-out');
  const personKeyMac = createSecretKey(Buffer.from(hkdfSync('sha256', config.secret, 'foyer', 'fundraising.patient-person', 32)));
  const personKey = (p: { firstName: string; lastName: string; postalCode: string }) =>
    createHmac('sha256', personKeyMac).update(`${fold(p.firstName)}|${fold(p.lastName)}|${fold(p.postalCode).replace(/ /g, '')}`).digest('hex');
  const absolute = (path: string) => new URL(path, config.publicUrl).toString();

  /** The hospital's foundation (an organization whose "foundation of" names it), or null. */
  const foundationOf = (ex: Executor, hospitalId: string) =>
    ex.selectFrom('identityOrganizations').select(['id', 'slug', 'nameEn', 'nameFr', 'kind', 'craRegistrationNumber']).where('foundationOfId', '=', hospitalId).orderBy('nameEn').executeTakeFirst();

  async function hospitalOf(ex: Executor, actor: Actor, slug: string, action: 'patient.transfer' | 'patient.recordOptOut'): Promise<{ hospital: OrgRef; foundation: OrgRef | undefined }> {
    const hospital = await loadOrg(ex, slug);
    authorize(fundraisingPolicy, actor, action, { organizationId: hospital.id, kind: hospital.kind });
    return { hospital, foundation: hospital.kind === 'hospital' ? await foundationOf(ex, hospital.id) : undefined };
  }

  /** Opts the person out in the hospital and its foundation, in one transaction; twice is once. */
  async function optOut(trx: Executor, hospitalId: string, foundationId: string | null, p: { firstName: string; lastName: string; postalCode: string }, method: 'link' | 'phone', who: { actorAccountId: string | null; ip: string | null }) {
    const key = personKey(p);
    const inserted = await trx
      .insertInto('fundraisingPatientOptOuts')
      .values({ id: newId(), organizationId: hospitalId, personKey: key, method })
      .onConflict((oc) => oc.columns(['organizationId', 'personKey']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!foundationId) return;
    const held = await trx.selectFrom('fundraisingPatientContacts').selectAll().where('organizationId', '=', foundationId).where('sourceHospitalId', '=', hospitalId).execute();
    const theirs = held.filter((c) => personKey(c) === key);
    for (const c of theirs) {
      await appendConsent(trx, { organizationId: foundationId, channel: 'mail', address: mailKey(c), basis: 'withdrawn', granted: false, source: 'patient_opt_out', evidence: { method, at: new Date().toISOString(), program: 'grateful_patient' } });
    }
    if (theirs.length === 0 && inserted) {
      await appendConsent(trx, { organizationId: foundationId, channel: 'mail', address: `patient:${key}`, basis: 'withdrawn', granted: false, source: 'patient_opt_out', evidence: { method, at: new Date().toISOString(), program: 'grateful_patient' } });
    }
    if (theirs.length > 0) await trx.deleteFrom('fundraisingPatientContacts').where('id', 'in', theirs.map((c) => c.id)).execute();
    if (inserted || theirs.length > 0) {
      await recordAudit(trx, { action: 'fundraising.patient.opted_out', organizationId: hospitalId, actorAccountId: who.actorAccountId, ip: who.ip, targetType: 'patient_opt_out', targetId: inserted?.id ?? null, data: { method, foundationCopiesRemoved: theirs.length } });
    }
  }

  return {
    async transferForm(actor: Actor, hospitalSlug: string) {
      return hospitalOf(db, actor, hospitalSlug, 'patient.transfer');
    },

    /** Records the notice and hands name and address to the foundation; refused for a person who opted out. */
    async transfer(actor: Actor, hospitalSlug: string, input: PatientTransferBody, meta: RequestMeta): Promise<void> {
      const refused = await db.transaction().execute(async (trx) => {
        const { hospital, foundation } = await hospitalOf(trx, actor, hospitalSlug, 'patient.transfer');
        if (!foundation) throw new ValidationError('firstName', 'no_foundation');
        if (input.noticeGivenOn > todayInToronto()) throw new ValidationError('noticeGivenOn', 'date_in_future');
        const optedOut = await trx.selectFrom('fundraisingPatientOptOuts').select('id').where('organizationId', '=', hospital.id).where('personKey', '=', personKey(input)).executeTakeFirst();
        if (optedOut) return { hospitalId: hospital.id, optOutId: optedOut.id };
        const id = newId();
        await trx
          .insertInto('fundraisingPatientContacts')
          .values({ id, organizationId: foundation.id, sourceHospitalId: hospital.id, firstName: input.firstName, lastName: input.lastName, addressLine1: input.addressLine1, addressLine2: input.addressLine2 ?? null, city: input.city, province: input.province, postalCode: input.postalCode, noticeGivenOn: input.noticeGivenOn })
          .execute();
        // Who passed whose name and address to whom, and when; never the name itself.
        await recordAudit(trx, { action: 'fundraising.patient.transferred', organizationId: hospital.id, actorAccountId: actor.accountId, ip: meta.ip, targetType: 'patient_contact', targetId: id, data: { foundationId: foundation.id, information: 'name,mailing_address' } });
        return null;
      });
      if (refused) {
        // The attempt is kept in the audit log; nothing of the person is written anywhere.
        await recordAudit(db, { action: 'fundraising.patient.transfer_refused', organizationId: refused.hospitalId, actorAccountId: actor.accountId, ip: meta.ip, targetType: 'patient_opt_out', targetId: refused.optOutId, data: { reason: 'opted_out' } });
        throw new ValidationError('firstName', 'patient_opted_out');
      }
    },

    /** An opt-out said by phone, recorded by hospital staff or the foundation's fundraisers. */
    async recordOptOut(actor: Actor, orgSlug: string, input: PatientOptOutBody, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await loadOrg(trx, orgSlug);
        authorize(fundraisingPolicy, actor, 'patient.recordOptOut', { organizationId: org.id, kind: org.kind });
        const who = { actorAccountId: actor.accountId, ip: meta.ip };
        if (org.kind === 'hospital') {
          const foundation = await foundationOf(trx, org.id);
          await optOut(trx, org.id, foundation?.id ?? null, input, 'phone', who);
          return;
        }
        // At the foundation: the person is opted out with every hospital whose contacts it holds, and its own.
        const hospitals = await trx.selectFrom('identityOrganizations').select('foundationOfId').where('id', '=', org.id).executeTakeFirst();
        const sources = new Set<string>((await trx.selectFrom('fundraisingPatientContacts').select('sourceHospitalId').distinct().where('organizationId', '=', org.id).execute()).map((r) => r.sourceHospitalId));
        if (hospitals?.foundationOfId) sources.add(hospitals.foundationOfId);
        for (const hospitalId of sources) await optOut(trx, hospitalId, org.id, input, 'phone', who);
      });
    },

    optOutForm: (actor: Actor, orgSlug: string) =>
      loadOrg(db, orgSlug).then((org) => {
        authorize(fundraisingPolicy, actor, 'patient.recordOptOut', { organizationId: org.id, kind: org.kind });
        return org;
      }),

    /** The foundation's list for appeals: name, address and each person's opt-out link, nothing else. */
    async list(actor: Actor, foundationSlug: string, meta: RequestMeta): Promise<{ org: OrgRef; contacts: PatientContact[] }> {
      const org = await loadOrg(db, foundationSlug);
      authorize(fundraisingPolicy, actor, 'patient.list', { organizationId: org.id });
      const rows = await db.selectFrom('fundraisingPatientContacts').select(['id', 'firstName', 'lastName', 'addressLine1', 'addressLine2', 'city', 'province', 'postalCode']).where('organizationId', '=', org.id).orderBy('lastName').orderBy('firstName').orderBy('id').limit(5000).execute();
      await recordAudit(db, { action: 'fundraising.patient.listed', organizationId: org.id, actorAccountId: actor.accountId, ip: meta.ip, targetType: 'patient_contacts', data: { count: rows.length } });
      return { org, contacts: rows.map((r) => ({ ...r, optOutLink: absolute(patientOptOutUrl(links.token(r.id))) })) };
    },

    async optOutView(token: string): Promise<OptOutView | null> {
      const id = links.open(token);
      if (!id) return null;
      const contact = await db.selectFrom('fundraisingPatientContacts').select(['organizationId', 'sourceHospitalId']).where('id', '=', id).executeTakeFirst();
      if (!contact) return { hospitalNameEn: '', hospitalNameFr: '', foundationNameEn: '', foundationNameFr: '', done: true };
      const orgs = await db.selectFrom('identityOrganizations').select(['id', 'nameEn', 'nameFr']).where('id', 'in', [contact.organizationId, contact.sourceHospitalId]).execute();
      const f = orgs.find((o) => o.id === contact.organizationId)!;
      const h = orgs.find((o) => o.id === contact.sourceHospitalId)!;
      return { hospitalNameEn: h.nameEn, hospitalNameFr: h.nameFr, foundationNameEn: f.nameEn, foundationNameFr: f.nameFr, done: false };
    },

    /** The link in a solicitation: valid tokens only; a contact already gone has opted out already. */
    async optOutByLink(token: string, meta: RequestMeta): Promise<boolean> {
      const id = links.open(token);
      if (!id) return false;
      await db.transaction().execute(async (trx) => {
        const c = await trx.selectFrom('fundraisingPatientContacts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (c) await optOut(trx, c.sourceHospitalId, c.organizationId, c, 'link', { actorAccountId: null, ip: meta.ip });
      });
      return true;
    },
  };
}
export type PatientService = ReturnType<typeof createPatientService>;

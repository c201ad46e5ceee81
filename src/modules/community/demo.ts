import { newId } from '../../platform/db/ids.js';
import type { Db } from '../../platform/db/types.js';
import { renderMarkdown } from '../blog/index.js';
import { findOrganizationBySlug, organizationHasGroups } from './db/queries/groups.js';
import type { GroupKind, GroupRole } from './db/schema.js';
import { extractHashtags } from './text.js';

type DemoGroup = {
  slug: string;
  kind: GroupKind;
  nameEn: string;
  nameFr: string;
  descriptionEn: string;
  descriptionFr: string;
  rulesEn: string;
  rulesFr: string;
  noPhi: boolean;
  members: [string, GroupRole][];
  requests?: string[];
  posts: [string, string, number][];
};

const GROUPS: DemoGroup[] = [
  {
    slug: 'volunteers', kind: 'public', nameEn: 'Volunteers', nameFr: 'Bénévoles', noPhi: true,
    descriptionEn: 'Everyone who gives time to the hospital: shifts, training and thanks.',
    descriptionFr: 'Toutes celles et ceux qui donnent de leur temps à l’hôpital : quarts, formations et remerciements.',
    rulesEn: 'Be kind. Never share anything about a patient.', rulesFr: 'Soyez bienveillants. Ne partagez jamais rien sur un patient.',
    members: [['moderator@demo.foyer.test', 'owner'], ['member@demo.foyer.test', 'member'], ['staff@demo.foyer.test', 'member']],
    posts: [
      ['moderator@demo.foyer.test', 'Welcome to the **volunteers’** group! The winter schedule is on the board by the main entrance. #schedule', 48],
      ['member@demo.foyer.test', 'Thank you all for the gift-wrapping table last Saturday. We raised enough for two new wheelchairs. #thanks', 20],
    ],
  },
  {
    slug: 'parents', kind: 'private', nameEn: 'Parents of children with disabilities', nameFr: 'Parents d’enfants en situation de handicap', noPhi: false,
    descriptionEn: 'A place for parents to share what they learned, ask questions and support each other.',
    descriptionFr: 'Un lieu où les parents partagent ce qu’ils ont appris, posent leurs questions et s’entraident.',
    rulesEn: 'What is said here stays here. No medical advice: ask your care team.', rulesFr: 'Ce qui se dit ici reste ici. Aucun conseil médical : adressez-vous à votre équipe de soins.',
    members: [['moderator@demo.foyer.test', 'owner'], ['communicator@demo.foyer.test', 'member']],
    requests: ['member@demo.foyer.test'],
    posts: [['communicator@demo.foyer.test', 'Does anyone have tips for the first week back at school after a long stay? #school', 30]],
  },
  {
    slug: 'bereaved-families', kind: 'secret', nameEn: 'Bereaved families circle', nameFr: 'Cercle des familles endeuillées', noPhi: true,
    descriptionEn: 'An invitation-only circle, led by the spiritual care team.',
    descriptionFr: 'Un cercle sur invitation, animé par l’équipe des soins spirituels.',
    rulesEn: 'Members join by invitation only.', rulesFr: 'On y entre uniquement sur invitation.',
    members: [['moderator@demo.foyer.test', 'owner']],
    posts: [['moderator@demo.foyer.test', 'Our next gathering is Thursday at 7 p.m. in the chapel.', 12]],
  },
  {
    slug: 'clinical-staff', kind: 'staff', nameEn: 'Clinical staff network', nameFr: 'Réseau du personnel clinique', noPhi: true,
    descriptionEn: 'For verified staff of the hospital: rounds, rotas and good news.',
    descriptionFr: 'Pour le personnel vérifié de l’hôpital : tournées, horaires et bonnes nouvelles.',
    rulesEn: 'No patient information, ever. Use the clinical record for that.', rulesFr: 'Aucune information sur les patients, jamais. Le dossier clinique sert à cela.',
    members: [['staff@demo.foyer.test', 'owner']],
    posts: [['staff@demo.foyer.test', 'The new hand-hygiene audit results are in: 96 % on 4 West. Well done, everyone! #handhygiene', 6]],
  },
];

/** Four groups of the demo hospital, one of each kind, with a few posts and a request waiting. */
export async function seedCommunityDemo(db: Db): Promise<boolean> {
  const org = await findOrganizationBySlug(db, 'demo-hospital');
  if (!org || (await organizationHasGroups(db, org.id))) return false;
  const accounts = await db.selectFrom('identityAccounts').select(['id', 'email']).where('email', 'like', '%@demo.foyer.test').execute();
  const idOf = new Map(accounts.map((a) => [a.email, a.id]));
  if (!idOf.has('moderator@demo.foyer.test')) return false;
  await db.transaction().execute(async (trx) => {
    for (const g of GROUPS) {
      const groupId = newId();
      const { members, requests, posts, ...fields } = g;
      await trx.insertInto('communityGroups').values({ id: groupId, organizationId: org.id, createdBy: idOf.get(members[0]![0]) ?? null, ...fields }).execute();
      const rows = [
        ...members.map(([email, role]) => ({ groupId, organizationId: org.id, accountId: idOf.get(email)!, role, status: 'active' as const, invitedBy: null, decidedBy: null })),
        ...(requests ?? []).map((email) => ({ groupId, organizationId: org.id, accountId: idOf.get(email)!, role: 'member' as const, status: 'requested' as const, invitedBy: null, decidedBy: null })),
      ];
      await trx.insertInto('communityGroupMembers').values(rows).execute();
      const postRows = posts.map(([email, body, hoursAgo]) => ({ id: newId(), organizationId: org.id, groupId, authorId: idOf.get(email)!, parentId: null, bodyMd: body, bodyHtml: renderMarkdown(body), createdAt: new Date(Date.now() - hoursAgo * 3_600_000), editedAt: null }));
      await trx.insertInto('communityPosts').values(postRows).execute();
      const tags = postRows.flatMap((r) => extractHashtags(r.bodyMd).map((tag) => ({ postId: r.id, tag, organizationId: org.id, groupId, createdAt: r.createdAt })));
      if (tags.length) await trx.insertInto('communityHashtags').values(tags).execute();
    }
  });
  return true;
}

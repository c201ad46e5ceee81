import { newId } from '../../platform/db/ids.js';
import type { Db } from '../../platform/db/types.js';
import { findOrganizationBySlug, insertBlog, listBlogs, upsertAuthor } from './db/queries/blogs.js';
import { insertPost, insertRevision, replacePostAuthors, replacePostTags } from './db/queries/posts.js';
import { renderMarkdown } from './markdown.js';

type DemoPost = { slug: string; lang: 'en' | 'fr'; title: string; excerpt: string; body: string; tags: [string, string][]; group: string; daysAgo: number };

/** A newsroom and a parents' blog for the demo hospital, with a post and its French translation. */
export async function seedBlogDemo(db: Db): Promise<boolean> {
  const org = await findOrganizationBySlug(db, 'demo-hospital');
  if (!org || (await listBlogs(db, org.id)).length > 0) return false;
  const communicator = await db.selectFrom('identityAccounts').select('id').where('email', '=', 'communicator@demo.foyer.test').executeTakeFirst();
  if (!communicator) return false;
  const group = newId();
  const posts: DemoPost[] = [
    {
      slug: 'new-paediatric-wing-opens', lang: 'en', title: 'Our new paediatric wing opens its doors', group, daysAgo: 3,
      excerpt: 'Forty family-friendly rooms, a playroom and a quiet room for parents.',
      body: 'After three years of work, the **new paediatric wing** welcomes its first patients this week.\n\n## What families will find\n\n- forty single rooms with a bed for a parent\n- a playroom run by child-life specialists\n- a quiet room for parents\n\nThank you to every donor who made it possible.',
      tags: [['paediatrics', 'Paediatrics'], ['facilities', 'Facilities']],
    },
    {
      slug: 'ouverture-aile-pediatrique', lang: 'fr', title: 'Notre nouvelle aile pédiatrique ouvre ses portes', group, daysAgo: 3,
      excerpt: 'Quarante chambres adaptées aux familles, une salle de jeux et une salle calme pour les parents.',
      body: 'Après trois ans de travaux, la **nouvelle aile pédiatrique** accueille ses premiers patients cette semaine.\n\n## Ce que les familles y trouveront\n\n- quarante chambres individuelles avec un lit pour un parent\n- une salle de jeux animée par des spécialistes en milieu de vie de l’enfant\n- une salle calme pour les parents\n\nMerci à chaque donateur qui l’a rendue possible.',
      tags: [['pediatrie', 'Pédiatrie']],
    },
    {
      slug: 'flu-season-visiting-hours', lang: 'en', title: 'Flu season: visiting hours and masks', group: newId(), daysAgo: 10,
      excerpt: 'What to know before you visit this winter.',
      body: 'From December to March, visitors are asked to wear a mask in patient rooms.\n\nVisiting hours stay **9 a.m. to 9 p.m.** every day.',
      tags: [['visiting', 'Visiting']],
    },
  ];
  await db.transaction().execute(async (trx) => {
    const newsroom = newId();
    const parents = newId();
    await insertBlog(trx, { id: newsroom, organizationId: org.id, slug: 'newsroom', titleEn: 'Newsroom', titleFr: 'Salle de presse', descriptionEn: 'News from Demo General Hospital.', descriptionFr: 'Les nouvelles de l’Hôpital général Démo.', allowGuestComments: false });
    await insertBlog(trx, { id: parents, organizationId: org.id, slug: 'parents', titleEn: 'Parents’ blog', titleFr: 'Le blogue des parents', descriptionEn: 'Parents of children with disabilities share what they learned.', descriptionFr: 'Des parents d’enfants en situation de handicap partagent ce qu’ils ont appris.', allowGuestComments: true });
    await upsertAuthor(trx, newsroom, communicator.id, 'editor');
    await upsertAuthor(trx, parents, communicator.id, 'editor');
    for (const p of posts) {
      const id = newId();
      const publishedAt = new Date(Date.now() - p.daysAgo * 86_400_000);
      await insertPost(trx, {
        id, organizationId: org.id, blogId: newsroom, slug: p.slug, lang: p.lang, translationGroupId: p.group, title: p.title, excerpt: p.excerpt,
        bodyMd: p.body, bodyHtml: renderMarkdown(p.body), status: 'published', publishedAt, createdBy: communicator.id,
      });
      await replacePostAuthors(trx, id, [communicator.id]);
      await replacePostTags(trx, id, p.tags.map(([tag, label]) => ({ tag, label })));
      await insertRevision(trx, { id: newId(), postId: id, title: p.title, excerpt: p.excerpt, bodyMd: p.body, authorAccountId: communicator.id });
    }
  });
  return true;
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { AddAuthorBody, AuthorParams, BlogSettingsBody, ChangeAuthorBody, CreateBlogBody, EmptyBody } from '../manage-schemas.js';
import { BlogParams, OrgParams } from '../schemas.js';
import type { ManageService } from '../services/manage.js';
import { BlogAuthorsPage, BlogIndexAside, BlogListAside, BlogSettingsPage, NewBlogPage, settingsValues, type RowError } from '../views/manage-pages.js';
import { blogAuthorsUrl, blogSettingsUrl } from '../views/manage-urls.js';
import type { BlogIndexContributor, BlogListContributor } from './html-reading.js';

type OrgP = z.infer<typeof OrgParams>;
type BlogP = z.infer<typeof BlogParams>;

export const requestMeta = (request: FastifyRequest) => ({ ip: request.ip ?? null });

/** The "new blog" button and search box above an organization's blog list. */
export const blogListContributor =
  (manage: ManageService): BlogListContributor =>
  async (request, page) => {
    const { createBlog } = manage.listAbilities(request.actor, page.org);
    return { aside: BlogListAside({ ctx: request.viewCtx(), org: page.org, canCreate: createBlog }) };
  };

/** Management links and the search box on a blog's index. */
export const blogIndexContributor =
  (manage: ManageService): BlogIndexContributor =>
  async (request, page) => ({
    aside: BlogIndexAside({ ctx: request.viewCtx(), org: page.org, blog: page.blog, abilities: manage.blogAbilities(request.actor, { organizationId: page.org.id, authorRole: page.authorRole }) }),
  });

/** Creating a blog, its settings, and its authors. */
export function manageHtmlRoutes(deps: { manage: ManageService }) {
  const { manage } = deps;

  async function renderNew(request: FastifyRequest, org: string, input: FormInput): Promise<string> {
    const page = await manage.newBlogForm(request.actor, org);
    return NewBlogPage({ ctx: request.viewCtx(), org: page.org, input });
  }

  async function renderSettings(request: FastifyRequest, p: BlogP, input: FormInput | null): Promise<string> {
    const page = await manage.settingsForm(request.actor, p.org, p.blog);
    return BlogSettingsPage({ ctx: request.viewCtx(), ...page, input: input ?? { values: settingsValues(page.blog) } });
  }

  async function renderAuthors(request: FastifyRequest, p: BlogP, input: FormInput | null, rowError?: RowError): Promise<string> {
    const page = await manage.authorsPage(request.actor, p.org, p.blog);
    return BlogAuthorsPage({ ctx: request.viewCtx(), ...page, input: input ?? { values: {} }, rowError });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/blogs/new', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderNew(request, (request.params as OrgP).org, { values: { allowGuestComments: false } })),
    );
    formRoute(app, {
      url: '/o/:org/blogs/new',
      access: 'signed-in',
      params: OrgParams,
      body: CreateBlogBody,
      render: (request, input, params) => renderNew(request, params.org, input),
      async handle(request, reply, body, params) {
        const slug = await manage.createBlog(request.actor, params.org, body, requestMeta(request));
        return reply.seeOther(blogAuthorsUrl(params.org, slug), 'notices.blogCreated');
      },
    });

    app.get('/o/:org/blogs/:blog/settings', { config: { access: 'signed-in' }, schema: { params: BlogParams } }, async (request, reply) =>
      reply.page(await renderSettings(request, request.params as BlogP, null)),
    );
    formRoute(app, {
      url: '/o/:org/blogs/:blog/settings',
      access: 'signed-in',
      params: BlogParams,
      body: BlogSettingsBody,
      render: (request, input, params) => renderSettings(request, params, input),
      async handle(request, reply, body, params) {
        await manage.updateBlog(request.actor, params.org, params.blog, body, requestMeta(request));
        return reply.seeOther(blogSettingsUrl(params.org, params.blog), 'notices.saved');
      },
    });

    app.get('/o/:org/blogs/:blog/authors', { config: { access: 'signed-in' }, schema: { params: BlogParams } }, async (request, reply) =>
      reply.page(await renderAuthors(request, request.params as BlogP, null)),
    );
    formRoute(app, {
      url: '/o/:org/blogs/:blog/authors',
      access: 'signed-in',
      params: BlogParams,
      body: AddAuthorBody,
      render: (request, input, params) => renderAuthors(request, params, input),
      async handle(request, reply, body, params) {
        await manage.addAuthor(request.actor, params.org, params.blog, body, requestMeta(request));
        return reply.seeOther(blogAuthorsUrl(params.org, params.blog), 'notices.blogAuthorAdded');
      },
    });
    formRoute(app, {
      url: '/o/:org/blogs/:blog/authors/:accountId',
      access: 'signed-in',
      params: AuthorParams,
      body: ChangeAuthorBody,
      render: (request, input, params) => renderAuthors(request, params, null, { accountId: params.accountId, errors: input.errors ?? {} }),
      async handle(request, reply, body, params) {
        await manage.changeAuthorRole(request.actor, params.org, params.blog, params.accountId, body.role, requestMeta(request));
        return reply.seeOther(blogAuthorsUrl(params.org, params.blog), 'notices.blogAuthorRoleChanged');
      },
    });
    formRoute(app, {
      url: '/o/:org/blogs/:blog/authors/:accountId/remove',
      access: 'signed-in',
      params: AuthorParams,
      body: EmptyBody,
      render: (request, input, params) => renderAuthors(request, params, null, { accountId: params.accountId, errors: input.errors ?? {} }),
      async handle(request, reply, _body, params) {
        await manage.removeAuthor(request.actor, params.org, params.blog, params.accountId, requestMeta(request));
        return reply.seeOther(blogAuthorsUrl(params.org, params.blog), 'notices.blogAuthorRemoved');
      },
    });
  };
}


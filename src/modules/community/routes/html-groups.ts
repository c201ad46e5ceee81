import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { CreateGroupBody, DecideBody, EmptyBody, FeedQuery, GroupListQuery, GroupParams, InviteBody, MemberParams, ModerateMemberBody, ModeratePostBody, OrgParams, PostParams, WritePostBody } from '../schemas.js';
import type { ModerationService } from '../services/moderation.js';
import type { GroupService } from '../services/groups.js';
import type { PostService } from '../services/posts.js';
import { GroupListPage, GroupPage, ModerationPage, NewGroupPage, ReportsPage } from '../views/group-pages.js';
import { groupsUrl, groupUrl, moderationUrl } from '../views/urls.js';

/** Group pages: the list and search, starting a group, a group's page, joining, leaving, moderation of members. */
export function groupHtmlRoutes(deps: { groups: GroupService; posts: PostService; moderation: ModerationService }) {
  const { groups, posts, moderation } = deps;

  async function renderGroup(request: FastifyRequest, params: GroupParams, input: FormInput, before?: string, mustPost = false) {
    const page = await posts.groupPage(request.actor, params.org, params.group, before, mustPost);
    return GroupPage({ ctx: request.viewCtx(), org: page.org, group: page.group, status: page.membership?.status ?? null, abilities: page.abilities, posts: page.posts, replyCounts: page.replyCounts, images: page.images, reactions: page.reactions, next: page.next, input });
  }

  async function renderModeration(request: FastifyRequest, params: GroupParams, input: FormInput) {
    const page = await groups.moderationPage(request.actor, params.org, params.group);
    const queue = await moderation.groupQueue(request.actor, params.org, params.group);
    return ModerationPage({ ctx: request.viewCtx(), org: page.org, group: page.group, members: page.members, reports: queue.reports, held: queue.held, input });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/groups', { config: { access: 'public' }, schema: { params: OrgParams, querystring: GroupListQuery } }, async (request, reply) => {
      const { org } = request.params as OrgParams;
      const { q, after } = request.query as GroupListQuery;
      const list = await groups.listGroups(request.actor, org, { q, after });
      return reply.page(GroupListPage({ ctx: request.viewCtx(), org: list.org, groups: list.groups, q, canCreate: list.creatableKinds.length > 0, next: list.next }));
    });

    app.get('/o/:org/groups/new', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const form = await groups.newGroupForm(request.actor, (request.params as OrgParams).org);
      return reply.page(NewGroupPage({ ctx: request.viewCtx(), org: form.org, kinds: form.kinds, input: { values: {} } }));
    });

    formRoute(app, {
      url: '/o/:org/groups',
      access: 'signed-in',
      params: OrgParams,
      body: CreateGroupBody,
      async render(request, input, params) {
        const form = await groups.newGroupForm(request.actor, params.org);
        return NewGroupPage({ ctx: request.viewCtx(), org: form.org, kinds: form.kinds, input });
      },
      async handle(request, reply, body, params) {
        const created = await groups.createGroup(request.actor, params.org, body, { ip: request.ip ?? null });
        return reply.seeOther(groupUrl(params.org, created.slug), 'notices.communityGroupCreated');
      },
    });

    app.get('/o/:org/groups/:group', { config: { access: 'public' }, schema: { params: GroupParams, querystring: FeedQuery } }, async (request, reply) =>
      reply.page(await renderGroup(request, request.params as GroupParams, { values: {} }, (request.query as FeedQuery).before)),
    );

    formRoute(app, {
      url: '/o/:org/groups/:group/posts',
      access: 'public',
      params: GroupParams,
      body: WritePostBody,
      render: (request, input, params) => renderGroup(request, params, input, undefined, true),
      async handle(request, reply, body, params) {
        const post = await posts.createPost(request.actor, params.org, params.group, body.body, body.confirmPhi);
        return reply.seeOther(`${groupUrl(params.org, params.group)}/posts/${post.id}`, post.held ? 'notices.communityHeld' : 'notices.communityPosted');
      },
    });

    app.post('/o/:org/groups/:group/join', { config: { access: 'public' }, schema: { params: GroupParams, body: EmptyBody } }, async (request, reply) => {
      const p = request.params as GroupParams;
      const outcome = await groups.join(request.actor, p.org, p.group);
      return reply.seeOther(groupUrl(p.org, p.group), outcome === 'joined' ? 'notices.communityJoined' : 'notices.communityRequested');
    });

    app.post('/o/:org/groups/:group/leave', { config: { access: 'public' }, schema: { params: GroupParams, body: EmptyBody } }, async (request, reply) => {
      const p = request.params as GroupParams;
      await groups.leave(request.actor, p.org, p.group);
      return reply.seeOther(groupsUrl(p.org), 'notices.communityLeft');
    });

    app.get('/o/:org/groups/:group/moderation', { config: { access: 'public' }, schema: { params: GroupParams } }, async (request, reply) =>
      reply.page(await renderModeration(request, request.params as GroupParams, { values: {} })),
    );

    app.post('/o/:org/groups/:group/moderation/requests/:account', { config: { access: 'public' }, schema: { params: MemberParams, body: DecideBody } }, async (request, reply) => {
      const p = request.params as MemberParams;
      const { decision } = request.body as DecideBody;
      await groups.decideRequest(request.actor, p.org, p.group, p.account, decision, { ip: request.ip ?? null });
      return reply.seeOther(moderationUrl(p.org, p.group), decision === 'approve' ? 'notices.communityApproved' : 'notices.communityDeclined');
    });

    app.post('/o/:org/groups/:group/moderation/posts/:post', { config: { access: 'public' }, schema: { params: PostParams, body: ModeratePostBody } }, async (request, reply) => {
      const p = request.params as PostParams;
      const body = request.body as ModeratePostBody;
      await moderation.resolve(request.actor, p.org, p.group, p.post, body.action, body.reason, { ip: request.ip ?? null });
      return reply.seeOther(moderationUrl(p.org, p.group), 'notices.communityModerated');
    });

    app.post('/o/:org/groups/:group/moderation/members/:account', { config: { access: 'public' }, schema: { params: MemberParams, body: ModerateMemberBody } }, async (request, reply) => {
      const p = request.params as MemberParams;
      await moderation.moderateMember(request.actor, p.org, p.group, p.account, (request.body as ModerateMemberBody).action, { ip: request.ip ?? null });
      return reply.seeOther(moderationUrl(p.org, p.group), 'notices.communityModerated');
    });

    app.get('/o/:org/community/reports', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const queue = await moderation.orgQueue(request.actor, (request.params as OrgParams).org);
      return reply.page(ReportsPage({ ctx: request.viewCtx(), org: queue.org, reports: queue.reports }));
    });

    formRoute(app, {
      url: '/o/:org/groups/:group/moderation/invitations',
      access: 'public',
      params: GroupParams,
      body: InviteBody,
      render: (request, input, params) => renderModeration(request, params, input),
      async handle(request, reply, body, params) {
        await groups.invite(request.actor, params.org, params.group, body.email);
        return reply.seeOther(moderationUrl(params.org, params.group), 'notices.communityInvited');
      },
    });
  };
}

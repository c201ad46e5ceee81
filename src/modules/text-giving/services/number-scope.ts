import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import type { Executor } from '../../../platform/db/types.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { findNumber, findOrganizationBySlug } from '../db/queries/programs.js';
import { textGivingPolicy, type TextGivingAction } from '../policy.js';

/** The organization and one of its numbers a staff URL names, once the policy allows `action` there. */
export async function numberScope(db: Executor, actor: Actor, slug: string, numberId: string, action: TextGivingAction) {
  const org = await findOrganizationBySlug(db, slug);
  if (!org) throw new NotFoundError();
  authorize(textGivingPolicy, actor, action, { organizationId: org.id });
  const number = await findNumber(db, org.id, numberId);
  if (!number) throw new NotFoundError();
  return { org, number };
}

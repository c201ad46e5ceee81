import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../http/errors.js';
import type { Actor, ActorMembership } from './actor.js';

/** allow; deny → 403; hide → 404 for things whose existence must not leak. */
export type Decision = 'allow' | 'deny' | 'hide';
export type Rule<R = unknown, C = unknown> = (actor: Actor, resource: R, context: C) => Decision;
export type Policy = Record<string, Rule<any, any>>;

type ResourceOf<P extends Policy, A extends keyof P> = Parameters<P[A]>[1];
type ContextOf<P extends Policy, A extends keyof P> = Parameters<P[A]>[2];

export function decide<P extends Policy, A extends keyof P & string>(
  policy: P,
  actor: Actor,
  action: A,
  resource: ResourceOf<P, A>,
  context?: ContextOf<P, A>,
): Decision {
  const rule = policy[action];
  if (!rule) throw new Error(`No policy rule named ${action}`);
  return rule(actor, resource, context);
}

export function authorize<P extends Policy, A extends keyof P & string>(
  policy: P,
  actor: Actor,
  action: A,
  resource: ResourceOf<P, A>,
  context?: ContextOf<P, A>,
): void {
  const decision = decide(policy, actor, action, resource, context);
  if (decision === 'allow') return;
  if (decision === 'hide') throw new NotFoundError();
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  throw new ForbiddenError();
}

export function can<P extends Policy, A extends keyof P & string>(
  policy: P,
  actor: Actor,
  action: A,
  resource: ResourceOf<P, A>,
  context?: ContextOf<P, A>,
): boolean {
  return decide(policy, actor, action, resource, context) === 'allow';
}

/** Memberships whose organization the actor administers, for navigation; decisions still go through a module policy. */
export function administeredMemberships(actor: Actor): readonly ActorMembership[] {
  return actor.memberships.filter((m) => m.roles.includes('admin'));
}

import { sql } from 'kysely';
import { newId } from '../db/ids.js';
import type { Db, Executor } from '../db/types.js';
import type { AuditEventRow } from './schema.js';

export type AuditEntry = {
  action: string;
  organizationId?: string | null;
  actorAccountId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  data?: Record<string, string | number | boolean | null | string[]>;
};

const SECRET_KEY = /pass|token|secret|code|otp|key|hash/i;

/** Appends one audit row in the caller's transaction. Keys that could hold a secret are dropped. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  const data = Object.fromEntries(Object.entries(entry.data ?? {}).filter(([k]) => !SECRET_KEY.test(k)));
  await executor
    .insertInto('auditEvents')
    .values({
      id: newId(),
      action: entry.action,
      organizationId: entry.organizationId ?? null,
      actorAccountId: entry.actorAccountId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      data: JSON.stringify(data),
    })
    .execute();
}

export type AuditFilter = {
  organizationId: string;
  action?: string | undefined;
  actorAccountId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset cursor: rows older than this id. */
  before?: string | undefined;
  limit: number;
};

/**
 * Events of one organization, plus the account-level events (sign-in, 2FA) of its members,
 * newest first, keyset-paginated.
 */
export async function listAuditEvents(db: Db, f: AuditFilter): Promise<AuditEventRow[]> {
  let q = db
    .selectFrom('auditEvents')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('organizationId', '=', f.organizationId),
        eb.and([
          eb('organizationId', 'is', null),
          eb(
            'actorAccountId',
            'in',
            eb.selectFrom('identityMemberships').select('accountId').where('organizationId', '=', f.organizationId),
          ),
        ]),
      ]),
    );
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actorAccountId) q = q.where('actorAccountId', '=', f.actorAccountId);
  if (f.from) q = q.where('createdAt', '>=', f.from);
  if (f.to) q = q.where('createdAt', '<', f.to);
  if (f.before) q = q.where('id', '<', f.before);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

export async function listAuditActions(db: Db, organizationId: string): Promise<string[]> {
  const rows = await sql<{ action: string }>`select distinct action from audit_events where organization_id = ${organizationId} or organization_id is null order by action`.execute(db);
  return rows.rows.map((r) => r.action);
}

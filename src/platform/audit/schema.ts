import type { ColumnType, Generated, Selectable } from 'kysely';

export interface AuditEventsTable {
  id: string;
  organizationId: string | null;
  actorAccountId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  data: ColumnType<Record<string, unknown>, string, never>;
  createdAt: Generated<Date>;
}
export type AuditEventRow = Selectable<AuditEventsTable>;
export type AuditTables = { auditEvents: AuditEventsTable };

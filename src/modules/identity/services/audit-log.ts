import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { listAuditActions, listAuditEvents } from '../../../platform/audit/audit.js';
import type { AuditEventRow } from '../../../platform/audit/schema.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { AUDIT_PAGE_SIZE, type AuditQuery } from '../admin-schemas.js';
import type { IdentityDeps } from '../deps.js';
import { findAccountByEmail } from '../db/queries/accounts.js';
import { listPeopleByIds, type PersonSummary } from '../db/queries/memberships.js';
import { findOrganizationBySlug } from '../db/queries/organizations.js';
import type { OrganizationRow } from '../db/schema.js';
import { identityPolicy } from '../policy.js';

/** Pages show times in this zone (see platform/i18n formatters), so a typed date means a day there. */
const DISPLAY_ZONE = 'America/Toronto';

function zoneOffsetMs(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a calendar day (YYYY-MM-DD) starts in a time zone, daylight saving included. */
export function startOfDay(isoDate: string, zone = DISPLAY_ZONE, addDays = 0): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(y, m - 1, d + addDays);
  let instant = wallMidnight - zoneOffsetMs(zone, new Date(wallMidnight));
  // The offset at the guess may differ from the offset at the answer across a DST change.
  instant = wallMidnight - zoneOffsetMs(zone, new Date(instant));
  return new Date(instant);
}

export type AuditPageData = {
  org: OrganizationRow;
  events: AuditEventRow[];
  people: PersonSummary[];
  actions: string[];
  /** Cursor for the next, older page; null on the last page. */
  olderBefore: string | null;
};

export function createAuditLogService(deps: IdentityDeps) {
  const { db } = deps;
  return {
    /** One page of the organization's audit trail, newest first, with the people it names. */
    async listEvents(actor: Actor, slug: string, query: AuditQuery): Promise<AuditPageData> {
      const org = await findOrganizationBySlug(db, slug);
      if (!org) throw new NotFoundError();
      authorize(identityPolicy, actor, 'audit.read', org);
      const actions = await listAuditActions(db, org.id);
      const person = query.person ? await findAccountByEmail(db, query.person) : undefined;
      if (query.person && !person) return { org, events: [], people: [], actions, olderBefore: null };
      const rows = await listAuditEvents(db, {
        organizationId: org.id,
        action: query.action,
        actorAccountId: person?.id,
        from: query.from ? startOfDay(query.from) : undefined,
        to: query.to ? startOfDay(query.to, DISPLAY_ZONE, 1) : undefined,
        before: query.before,
        limit: AUDIT_PAGE_SIZE + 1,
      });
      const events = rows.slice(0, AUDIT_PAGE_SIZE);
      const ids = events.flatMap((e) => [e.actorAccountId, e.targetType === 'account' ? e.targetId : null]).filter((x): x is string => x !== null);
      return {
        org,
        events,
        people: await listPeopleByIds(db, ids),
        actions,
        olderBefore: rows.length > AUDIT_PAGE_SIZE ? events[events.length - 1]!.id : null,
      };
    },
  };
}
export type AuditLogService = ReturnType<typeof createAuditLogService>;

import type { Actor } from '../../platform/auth/actor.js';
import type { Decision, Policy } from '../../platform/auth/policy.js';

const allowIf = (ok: boolean, otherwise: Decision = 'deny'): Decision => (ok ? 'allow' : otherwise);
/** The foundation's people who keep its books: fundraisers and administrators. */
/** The organization's administrators: they alone install the certificate receipts are signed with. */
const administers = (actor: Actor, orgId: string) => actor.rolesIn(orgId).includes('admin');
const keepsReceipts = (actor: Actor, orgId: string) => actor.rolesIn(orgId).some((r) => r === 'admin' || r === 'fundraiser');

export type OrgResource = { organizationId: string };
export type ReceiptResource = { organizationId: string; donorAccountId: string | null };

/** Every authorization rule of the receipting module. Roles are read here and nowhere else. */
export const receiptingPolicy = {
  'settings.manage': (actor: Actor, org: OrgResource) => allowIf(keepsReceipts(actor, org.organizationId)),
  'signing.manage': (actor: Actor, org: OrgResource) => allowIf(administers(actor, org.organizationId)),
  'register.view': (actor: Actor, org: OrgResource) => allowIf(keepsReceipts(actor, org.organizationId)),
  'receipt.replace': (actor: Actor, receipt: ReceiptResource) => allowIf(keepsReceipts(actor, receipt.organizationId)),
  'receipt.send': (actor: Actor, receipt: ReceiptResource) => allowIf(keepsReceipts(actor, receipt.organizationId)),
  /** A receipt is seen by its donor and the foundation's bookkeepers; to anyone else it does not exist. */
  'receipt.view': (actor: Actor, receipt: ReceiptResource): Decision => {
    if (actor.kind !== 'account') return 'deny';
    if (keepsReceipts(actor, receipt.organizationId)) return 'allow';
    return allowIf(receipt.donorAccountId !== null && receipt.donorAccountId === actor.accountId, 'hide');
  },
  'receipt.listOwn': (actor: Actor) => allowIf(actor.kind === 'account'),
} satisfies Policy;

export type ReceiptingAction = keyof typeof receiptingPolicy;

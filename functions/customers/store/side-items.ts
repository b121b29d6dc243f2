import type { ComplaintAccess, SideItem } from './customer-store.js';
import {
  agentGrantKey,
  COMPLAINT_ACCESS_PREFIX,
  complaintAccessKey,
  complaintGrantKey,
  ENTITY,
  identityLockKey,
  SHRED_DUE,
  shredScheduleKey,
} from './keys.js';

/** The daily shredder's entry for a customer: due when the retention period ends. */
export function shredSchedule(customerId: string, dueAt: string): SideItem {
  return {
    key: shredScheduleKey(customerId),
    attributes: { entityType: 'SHRED', customerId, dueKey: SHRED_DUE, dueAt },
  };
}

/** The uniqueness lock of an identity document (blind index): a second holder fails the write. */
export function identityLock(idDocumentIndex: string, customerId: string): SideItem {
  return {
    key: identityLockKey(idDocumentIndex),
    attributes: { entityType: 'LOCK', customerId },
    mustNotExist: true,
  };
}

/** A service agent's read grant on a customer found by search, until `expiresAt` (DynamoDB TTL too). */
export function agentGrant(agentSub: string, customerId: string, expiresAt: Date): SideItem {
  return {
    key: agentGrantKey(agentSub, customerId),
    attributes: { entityType: 'GRANT', customerId, expiresAt: Math.floor(expiresAt.getTime() / 1000) },
  };
}

/** The assignee's read grant while the complaint is open: no expiry, deleted when it closes. */
export function complaintGrant(agentSub: string, customerId: string, complaintId: string): SideItem {
  return {
    key: complaintGrantKey(agentSub, customerId, complaintId),
    attributes: { entityType: ENTITY.grant, customerId, complaintId },
  };
}

/**
 * The state of one complaint about the customer. A closed one is kept as a tombstone for
 * `tombstoneDays` (DynamoDB TTL), long past any redelivery of the complaint's events.
 */
export function complaintAccessItem(customerId: string, access: ComplaintAccess, expiresAt?: Date): SideItem {
  return {
    key: complaintAccessKey(customerId, access.complaintId),
    attributes: {
      entityType: ENTITY.complaintAccess,
      customerId,
      complaintId: access.complaintId,
      open: access.open,
      ...(access.assignee === undefined ? {} : { assignee: access.assignee }),
      ...(access.assignedOrder === undefined ? {} : { assignedOrder: access.assignedOrder }),
      ...(expiresAt === undefined ? {} : { expiresAt: Math.floor(expiresAt.getTime() / 1000) }),
    },
  };
}

/** Reads a complaint access item back; undefined for anything else. */
export function complaintAccessFromItem(
  item: Record<string, unknown> | undefined,
): ComplaintAccess | undefined {
  if (item === undefined || typeof item.sk !== 'string' || !item.sk.startsWith(COMPLAINT_ACCESS_PREFIX)) {
    return undefined;
  }
  if (typeof item.complaintId !== 'string' || typeof item.open !== 'boolean') return undefined;
  return {
    complaintId: item.complaintId,
    open: item.open,
    assignee: typeof item.assignee === 'string' ? item.assignee : undefined,
    assignedOrder: typeof item.assignedOrder === 'string' ? item.assignedOrder : undefined,
  };
}

import type { SideItem } from './customer-store.js';
import { agentGrantKey, identityLockKey, SHRED_DUE, shredScheduleKey } from './keys.js';

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

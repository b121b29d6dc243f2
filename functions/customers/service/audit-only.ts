import { ConflictError } from '../../../shared/http/problem.js';
import type { CustomerAuditAction } from '../domain/audit-actions.js';
import type { CustomerRecord } from '../domain/customer.js';
import type { SideItem } from '../store/customer-store.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';

/** How often an audit-only record is tried again when the customer changed under it. */
const AUDIT_ATTEMPTS = 3;

/**
 * Appends an audit record that changes nothing of the customer but its audit head (a reveal,
 * a read of the trail, a search grant written beside it), in one transaction. A concurrent
 * change moves the head: the record is built again on the new head, up to 3 times, then 409
 * `concurrent-change`. `prepare` runs before each attempt on the record it is built on (the
 * reveal decrypts there), so what the caller gets matches what was audited.
 */
export async function appendAuditOnly<T>(
  deps: Pick<CustomerDeps, 'store' | 'clock'>,
  start: CustomerRecord,
  actor: Actor,
  audit: {
    readonly action: CustomerAuditAction;
    readonly fields: readonly string[];
    readonly purpose?: string | undefined;
    readonly sideItems?: readonly SideItem[];
  },
  prepare: (record: CustomerRecord) => Promise<T>,
): Promise<{ record: CustomerRecord; prepared: T }> {
  let record = start;
  for (let attempt = 0; attempt < AUDIT_ATTEMPTS; attempt += 1) {
    const prepared = await prepare(record);
    const outcome = await deps.store.change({
      customerId: record.customerId,
      base: record,
      expectedAuditSeq: record.audit?.seq ?? 0,
      bumpVersion: false,
      set: [],
      audit: auditEntry(
        deps.clock.now(),
        record.customerId,
        record.audit,
        actor,
        audit.action,
        audit.fields,
        audit.purpose,
      ),
      events: [],
      ...(audit.sideItems === undefined ? {} : { sideItems: audit.sideItems }),
    });
    if (outcome.ok) return { record: outcome.record, prepared };
    const current = await deps.store.get(record.customerId);
    if (current === undefined) break;
    record = current;
  }
  throw new ConflictError('The customer is being changed; try again', { code: 'concurrent-change' });
}

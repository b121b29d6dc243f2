import { appendAuditRecord } from '../../shared/audit/index.js';

/**
 * An unsigned audit record at seq 7 of a customer's chain (a compliance officer revealing an id
 * number), for tests of what is done with a record rather than of how one is built.
 */
export const revealedRecord = appendAuditRecord(
  { seq: 6, hash: 'a'.repeat(64) },
  {
    subject: 'customer#cus_01KDVDNA00BBBBBBBBBBBBBBBB',
    at: '2026-03-01T08:00:00.000Z',
    actor: 'officer-1',
    role: 'compliance-officer',
    action: 'customer.revealed',
    fields: ['idNumber'],
    purpose: 'AML case 2026-117',
  },
);

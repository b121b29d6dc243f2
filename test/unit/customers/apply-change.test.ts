import { describe, expect, it } from 'vitest';
import { applyChange } from '../../../functions/customers/store/apply-change.js';
import type { CustomerChange } from '../../../functions/customers/store/customer-store.js';
import { appendAuditRecord } from '../../../shared/audit/index.js';
import { individualRecord } from './fixtures.js';

describe('applyChange', () => {
  it('applies nested sets and removes, bumps the version and moves the audit head, leaving the base untouched', () => {
    // Prepare
    const base = individualRecord();
    const before = structuredClone(base);
    const audit = appendAuditRecord(base.audit, {
      subject: `customer#${base.customerId}`,
      at: '2026-11-24T00:00:00.000Z',
      actor: 'user-rm-1',
      role: 'relationship-manager',
      action: 'customer.updated',
      fields: ['mobile', 'email'],
    });
    const change: CustomerChange = {
      customerId: base.customerId,
      base,
      expectedVersion: base.version,
      expectedAuditSeq: base.audit?.seq ?? 0,
      bumpVersion: true,
      set: [
        [['sealed', 'mobile'], 'v1.new.sealed'],
        [['masked', 'mobile'], '139****0000'],
        [['occupation'], 'teacher'],
      ],
      remove: [
        ['sealed', 'email'],
        ['masked', 'email'],
      ],
      audit,
      events: [],
    };

    // Act
    const next = applyChange(base, change);

    // Assess
    expect(next.version).toBe(base.version + 1);
    expect(next.audit).toEqual({ seq: audit.seq, hash: audit.hash });
    expect(next.sealed.mobile).toBe('v1.new.sealed');
    expect(next.masked.mobile).toBe('139****0000');
    expect(next.sealed.email).toBeUndefined();
    expect(next.masked.email).toBeUndefined();
    expect(next.sealed.name).toBe(base.sealed.name);
    expect(next.occupation).toBe('teacher');
    expect(base).toEqual(before);
  });
});

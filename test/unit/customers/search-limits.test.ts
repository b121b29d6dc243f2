import { describe, expect, it } from 'vitest';
import {
  lockoutEnd,
  searchAuditFields,
  searchWindow,
  secondsUntil,
} from '../../../functions/customers/domain/search-limits.js';
import { searcherSubject } from '../../../functions/customers/service/search-guard.js';
import { appendAuditRecord } from '../../../shared/audit/index.js';

const at = (iso: string) => new Date(iso);

describe('search windows and lockouts', () => {
  it('puts every instant of a window in the same window, and the next minute in the next', () => {
    const policies = { searchWindowMinutes: 5 };

    const first = searchWindow(at('2030-01-07T09:00:00.000Z'), policies);
    const last = searchWindow(at('2030-01-07T09:04:59.999Z'), policies);
    const next = searchWindow(at('2030-01-07T09:05:00.000Z'), policies);

    expect(last.start).toBe(first.start);
    expect(next.start).toBe(first.start + 300);
    // Kept a day past its end, for whoever investigates a lockout.
    expect(first.expiresAt).toBe(first.start + 300 + 86_400);
  });

  it('ends a lockout after the lockout time, and answers Retry-After in whole seconds, at least 1', () => {
    const now = at('2030-01-07T09:00:00.000Z');

    const until = lockoutEnd(now, { searchLockoutMinutes: 30 });

    expect(until.toISOString()).toBe('2030-01-07T09:30:00.000Z');
    expect(secondsUntil(until, now)).toBe(1800);
    expect(secondsUntil(until, at('2030-01-07T09:29:59.400Z'))).toBe(1);
    expect(secondsUntil(until, until)).toBe(1);
  });
});

describe('the search audit record', () => {
  it('names the index and the result count as fields the audit chain accepts, never a value', () => {
    for (const results of [0, 1, 50]) {
      const record = appendAuditRecord(undefined, {
        subject: searcherSubject('user-rm-1'),
        at: '2030-01-07T09:00:00.000Z',
        actor: 'user-rm-1',
        role: 'relationship-manager',
        action: 'search.answered',
        fields: searchAuditFields('mobile', results),
      });
      expect(record.fields).toEqual(['mobile', `results.count-${results}`]);
    }
  });

  it('keeps a searcher chain per caller, hashing a sub an audit subject cannot hold', () => {
    expect(searcherSubject('user-rm-1')).toBe('searcher#user-rm-1');
    expect(searcherSubject('auth0|5f7c8ec7')).toMatch(/^searcher#sha256\.[0-9a-f]{64}$/);
    expect(searcherSubject('auth0|5f7c8ec7')).not.toBe(searcherSubject('auth0|5f7c8ec8'));
  });
});

import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from '../../../functions/customers/domain/customer.js';
import { DEFAULT_CUSTOMER_POLICIES } from '../../../functions/customers/domain/policies.js';
import { searchCustomers } from '../../../functions/customers/service/queries.js';
import type { SearchDeps } from '../../../functions/customers/service/search-guard.js';
import type { CustomerStore } from '../../../functions/customers/store/customer-store.js';
import type { SearcherState, SearchLedger } from '../../../functions/customers/store/search-ledger.js';
import type { AuditRecord } from '../../../shared/audit/index.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { individualRecord, PRC_ID } from './fixtures.js';

/** Every store and ledger call a search makes, with how many items it read. */
type Call = readonly [string, number?];

function unused(): never {
  throw new Error('a search does not call this');
}

/** A store that holds at most one customer behind every index and logs each read. */
function countingStore(holder: CustomerRecord | undefined, calls: Call[]): CustomerStore {
  return {
    findByIdentityDocument: async () => {
      calls.push(['findByIdentityDocument']);
      return holder?.customerId;
    },
    findByMobile: async () => {
      calls.push(['findByMobile']);
      return holder === undefined ? [] : [holder.customerId];
    },
    getMany: async (ids) => {
      calls.push(['getMany', ids.length]);
      return holder !== undefined && ids.includes(holder.customerId) ? [holder] : [];
    },
    get: unused,
    create: unused,
    change: unused,
    findIdempotency: unused,
    list: unused,
    hasAgentAccess: unused,
    hasOpenComplaint: unused,
    complaintAccess: unused,
    auditTrail: unused,
    dueForReview: unused,
    dueForShredding: unused,
    seniorDayPage: unused,
    dataKeyOf: unused,
  };
}

function countingLedger(calls: Call[]): SearchLedger {
  let state: SearcherState = {};
  return {
    state: async () => {
      calls.push(['ledger.state']);
      return state;
    },
    count: async () => {
      calls.push(['ledger.count']);
      return true;
    },
    lockOut: unused,
    appendAudit: async (_sub, record: AuditRecord) => {
      calls.push(['ledger.appendAudit']);
      state = { audit: { seq: record.seq, hash: record.hash } };
      return true;
    },
  };
}

const rm: AuthContext = {
  sub: 'user-rm-1',
  role: 'relationship-manager',
  branch: 'BJ01',
  rmId: 'rm-1',
  scopes: [],
};
const actor = { sub: rm.sub, role: rm.role };

async function searchWith(
  holder: CustomerRecord | undefined,
  body: { mobile: string } | { idType: 'prc-id'; idNumber: string },
) {
  const calls: Call[] = [];
  const deps: SearchDeps = {
    store: countingStore(holder, calls),
    searchLedger: countingLedger(calls),
    blindIndexKey: { getKey: async () => Buffer.alloc(32, 7) },
    policies: DEFAULT_CUSTOMER_POLICIES,
    clock: new ControlledClock(new Date('2030-01-07T09:00:00Z')),
  };
  const outcome = await searchCustomers(deps, rm, actor, body);
  return { calls, outcome };
}

describe('a search does the same work whatever it finds', () => {
  const mine = individualRecord({ branch: 'BJ01', rmId: 'rm-1' });
  const theirs = individualRecord({ customerId: 'cus_01TESTOTHERBRANCH', branch: 'SH01', rmId: 'rm-9' });

  it.each([
    ['an ID number', { idType: 'prc-id', idNumber: PRC_ID } as const],
    ['a mobile', { mobile: '13800135678' }],
  ])('by %s: in scope, out of scope and not there read the same items', async (_name, body) => {
    const inScope = await searchWith(mine, body);
    const outOfScope = await searchWith(theirs, body);
    const missing = await searchWith(undefined, body);

    expect(inScope.outcome).toMatchObject({ answered: true, items: [{ customerId: mine.customerId }] });
    expect(outOfScope.outcome).toEqual({ answered: true, items: [] });
    expect(missing.outcome).toEqual({ answered: true, items: [] });
    expect(outOfScope.calls).toEqual(inScope.calls);
    expect(missing.calls).toEqual(inScope.calls);
    expect(inScope.calls).toContainEqual(['getMany', 1]);
  });
});

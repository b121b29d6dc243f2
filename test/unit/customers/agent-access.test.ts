import { describe, expect, it } from 'vitest';
import { grantsAccess } from '../../../functions/customers/store/agent-access.js';

const now = new Date('2026-11-24T12:00:00.000Z');
const inSeconds = (seconds: number): number => Math.floor(now.getTime() / 1000) + seconds;

describe('grantsAccess', () => {
  it('grants access on a search grant until it expires, even before TTL deletes it', () => {
    // Prepare
    const live = [{ sk: 'CUSTOMER#c-1', expiresAt: inSeconds(60) }];
    const expired = [{ sk: 'CUSTOMER#c-1', expiresAt: inSeconds(-60) }];

    // Act / Assess
    expect(grantsAccess(live, 'agent-1', 'c-1', now)).toBe(true);
    expect(grantsAccess(expired, 'agent-1', 'c-1', now)).toBe(false);
  });

  it('grants access on a complaint grant, which has no expiry', () => {
    // Prepare
    const items = [{ sk: 'CUSTOMER#c-1#COMPLAINT#k-1' }];

    // Act / Assess
    expect(grantsAccess(items, 'agent-1', 'c-1', now)).toBe(true);
  });

  it("does not take another customer's grant whose id starts with this one's for a grant on this one", () => {
    // Prepare: what the prefix query on CUSTOMER#c-1 also returns
    const items = [{ sk: 'CUSTOMER#c-10', expiresAt: inSeconds(60) }, { sk: 'CUSTOMER#c-10#COMPLAINT#k-1' }];

    // Act / Assess
    expect(grantsAccess(items, 'agent-1', 'c-1', now)).toBe(false);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { setup } from '../../../functions/complaints/setup.js';
import { DynamoComplaintStore } from '../../../functions/complaints/store/dynamo-complaint-store.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import type { TaskTokenGateway } from '../../../shared/workflows/task-gateway.js';

const runtime = (env: Record<string, string>) => ({
  env,
  clock: new ControlledClock(new Date('2026-03-02T02:00:00.000Z')),
});
const TABLES = {
  COMPLAINTS_TABLE: 'Complaints',
  COMPLAINT_AUDIT_TABLE: 'ComplaintAudit',
  COMPLAINT_KEYS_TABLE: 'ComplaintKeys',
};

describe('complaints setup', () => {
  it('builds the DynamoDB store, the settings and the clock from the runtime', () => {
    const { deps } = setup(runtime({ ...TABLES, COMPLAINT_ACKNOWLEDGE_HOURS: '12' }));
    expect(deps.store).toBeInstanceOf(DynamoComplaintStore);
    expect(deps.settings.acknowledgeHours).toBe(12);
    expect(deps.clock.now().toISOString()).toBe('2026-03-02T02:00:00.000Z');
  });

  it('builds Step Functions once, on first use, and only when the handler passed it', () => {
    // Prepare
    const gateway: TaskTokenGateway = {
      start: async () => undefined,
      completeTask: async () => true,
      failTask: async () => true,
    };
    const workflows = vi.fn(() => gateway);

    // Act
    const { deps } = setup(runtime(TABLES), { workflows });
    const before = workflows.mock.calls.length;
    const first = deps.workflows;
    const second = deps.workflows;

    // Assess
    expect(before).toBe(0);
    expect(first).toBe(gateway);
    expect(second).toBe(gateway);
    expect(workflows).toHaveBeenCalledTimes(1);
    expect(() => setup(runtime(TABLES)).deps.workflows).toThrow(/not given Step Functions/);
    expect(() => setup(runtime(TABLES)).deps.cipher).toThrow(/not given data keys/);
  });

  it('refuses to start without the Complaints table, or with a bad setting (at cold start, not on a request)', () => {
    expect(() => setup(runtime({}))).toThrow(/COMPLAINTS_TABLE/);
    expect(() => setup(runtime({ ...TABLES, COMPLAINT_ACKNOWLEDGE_HOURS: 'soon' }))).toThrow(
      /COMPLAINT_ACKNOWLEDGE_HOURS/,
    );
  });
});

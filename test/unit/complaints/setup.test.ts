import { describe, expect, it, vi } from 'vitest';
import type { ComplaintSettings } from '../../../functions/complaints/domain/settings.js';
import { setup } from '../../../functions/complaints/setup.js';
import { DynamoComplaintStore } from '../../../functions/complaints/store/dynamo-complaint-store.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import type { TaskTokenGateway } from '../../../shared/workflows/task-gateway.js';

// A stand-in for the settings parser until the settings work lands in this branch: setup is
// tested for what it builds, not for how settings are read.
const settings: ComplaintSettings = {
  acknowledgeHours: 24,
  initialHandlingWorkingDays: 3,
  decisionDays: 15,
  firstExtensionDays: 15,
  secondExtensionDays: 30,
  maxDecisionDays: 60,
  reviewRequestDays: 30,
  reviewDecisionDays: 30,
  rollRestDays: true,
  backfillDays: 30,
  priorityAmounts: new Map([['*', 5_000_000]]),
  compensationApprovalAmounts: new Map([['*', 100_000]]),
  complaintsUnits: new Map(),
  rootCauses: ['other'],
};
vi.mock('../../../functions/complaints/domain/settings.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  complaintSettingsFromEnv: () => settings,
}));

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
    const { deps } = setup(runtime(TABLES));
    expect(deps.store).toBeInstanceOf(DynamoComplaintStore);
    expect(deps.settings).toBe(settings);
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

  it('refuses to start without the Complaints table', () => {
    expect(() => setup(runtime({}))).toThrow(/COMPLAINTS_TABLE/);
  });
});

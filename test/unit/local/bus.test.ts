import { describe, expect, it } from 'vitest';
import { LocalBus } from '../../../infra/local/bus.js';
import type { RuleSpec } from '../../../shared/capability/types.js';
import { ControlledClock } from '../../../shared/time/clock.js';

const rules: RuleSpec[] = [
  {
    id: 'HighRisk',
    description: 'High churn risk to the retention function.',
    eventPattern: { source: ['crm.churn'], detail: { level: ['high'] } },
    target: { kind: 'function', functionId: 'Retention' },
  },
  {
    id: 'AnyChurn',
    description: 'Every churn event to a workflow.',
    eventPattern: { source: [{ prefix: 'crm.churn' }] },
    target: { kind: 'stateMachine', stateMachineId: 'Review' },
  },
];

function setup(failFunction: (attempt: number) => boolean = () => false) {
  const clock = new ControlledClock(new Date('2026-03-02T08:00:00.123Z'));
  const invoked: { functionId: string; event: unknown }[] = [];
  const started: { id: string; input: unknown }[] = [];
  let attempts = 0;
  const bus = new LocalBus({
    rules,
    clock,
    retryDelayMs: 1,
    targets: {
      invokeFunction: async (functionId, event) => {
        attempts += 1;
        invoked.push({ functionId, event });
        if (failFunction(attempts)) throw new TypeError('boom');
        return {};
      },
      startExecution: async (id, input) => {
        started.push({ id, input });
        return {};
      },
    },
  });
  return { bus, invoked, started };
}

const entry = (detail: unknown) => ({
  EventBusName: 'fincrm-local',
  Source: 'crm.churn',
  DetailType: 'ChurnRiskAssessed',
  Detail: JSON.stringify(detail),
});

describe('the local bus', () => {
  it('wraps entries in the EventBridge envelope and delivers them to every matching rule', async () => {
    const { bus, invoked, started } = setup();
    const result = bus.putEvents([entry({ customerId: 'c-1', level: 'high' }), entry({ level: 'low' })]);
    await bus.whenIdle();

    expect(result.FailedEntryCount).toBe(0);
    expect(invoked).toHaveLength(1);
    expect(invoked[0]?.event).toEqual({
      version: '0',
      id: result.Entries[0]?.EventId,
      'detail-type': 'ChurnRiskAssessed',
      source: 'crm.churn',
      account: '000000000000',
      time: '2026-03-02T08:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { customerId: 'c-1', level: 'high' },
    });
    expect(started.map((start) => start.id)).toEqual(['Review', 'Review']);
  });

  it('fails bad entries one by one, as PutEvents does', () => {
    const { bus } = setup();
    const result = bus.putEvents([
      entry({ level: 'high' }),
      { ...entry({}), Detail: 'not json' },
      { ...entry({}), EventBusName: 'default' },
      { ...entry({}), Source: '' },
    ]);
    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries.map((item) => item.ErrorCode)).toEqual([
      undefined,
      'MalformedDetail',
      'NotFoundException',
      'InvalidArgument',
    ]);
    expect(() => bus.putEvents([])).toThrow(RangeError);
  });

  it('refuses a crm.* entry put from outside the CRM (POST /local/events), as the bus policy does in AWS', async () => {
    const { bus, invoked, started } = setup();
    const result = bus.putEvents(
      [entry({ customerId: 'c-1', level: 'high' }), { ...entry({ level: 'high' }), Source: 'core-banking' }],
      { fromOutside: true },
    );
    await bus.whenIdle();

    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries[0]?.ErrorCode).toBe('AccessDeniedException');
    expect(result.Entries[1]?.EventId).toEqual(expect.any(String));
    expect(invoked).toEqual([]);
    expect(started).toEqual([]);
    expect(bus.recentEvents.map((event) => event.source)).toEqual(['core-banking']);
  });

  it('retries a failed function target twice, then keeps the event in the DLQ', async () => {
    const { bus, invoked } = setup(() => true);
    bus.putEvents([entry({ level: 'high' })]);
    await bus.whenIdle();

    expect(invoked).toHaveLength(3);
    expect(bus.deadLetters).toHaveLength(1);
    expect(bus.deadLetters[0]).toMatchObject({
      source: 'rule:HighRisk',
      target: 'function:Retention',
      attempts: 3,
      error: { name: 'TypeError', message: 'boom' },
    });
  });

  it('does not dead-letter an event a retry delivered', async () => {
    const { bus, invoked } = setup((attempt) => attempt === 1);
    bus.putEvents([entry({ level: 'high' })]);
    await bus.whenIdle();
    expect(invoked).toHaveLength(2);
    expect(bus.deadLetters).toEqual([]);
  });

  it('refuses a rule with an unsupported operator when it is built', () => {
    const bad: RuleSpec = {
      ...rules[0],
      id: 'Bad',
      eventPattern: { source: [{ wildcard: 'crm.*' }] },
    } as RuleSpec;
    expect(
      () =>
        new LocalBus({
          rules: [bad],
          clock: new ControlledClock(),
          targets: { invokeFunction: async () => ({}), startExecution: async () => ({}) },
        }),
    ).toThrow(/Rule Bad: .*'wildcard'/);
  });
});

import { describe, expect, it } from 'vitest';
import { capabilityReference } from '../../../infra/docs/capability-reference.js';
import { capabilityProblems, synchronousOnlyFunctions } from '../../../shared/capability/define.js';
import type { CapabilityDefinition, CoalescedWorkSpec } from '../../../shared/capability/types.js';
import { maxDelaySeconds } from '../../../shared/coalescing/max-delay.js';
import { talliesCapability } from '../../fixtures/tallies/index.js';

const [work] = talliesCapability.coalescedWork;

/** The fixture with its one coalesced work changed. */
function withWork(
  change: Partial<CoalescedWorkSpec>,
  more: Partial<CapabilityDefinition> = {},
): CapabilityDefinition {
  return { ...talliesCapability, ...more, coalescedWork: [{ ...work, ...change }] };
}

describe('a coalesced work in a capability definition', () => {
  it('holds together when its functions, sender variable, concurrency and longest delay are declared', () => {
    expect(capabilityProblems(talliesCapability)).toEqual([]);
  });

  it('is refused, one line per problem, when it names what the capability does not declare', () => {
    // Act
    const problems = capabilityProblems(
      withWork({
        functionId: 'Nobody',
        senders: ['Ghost'],
        envVar: 'lower-case',
        maxConcurrency: 1,
        maxDelaySetting: 'UNDECLARED_SECONDS',
      }),
    );

    // Assess
    expect(problems).toEqual([
      'coalesced work Tallying is done by unknown function Nobody',
      'coalesced work Tallying is requested by unknown function Ghost',
      'coalesced work Tallying: lower-case is not UPPER_SNAKE',
      'coalesced work Tallying: maxConcurrency is a whole number from 2 to 1000',
      'coalesced work Tallying: its longest delay UNDECLARED_SECONDS is not a setting of the capability',
    ]);
  });

  it('needs its longest delay to be a positive-integer setting the worker receives', () => {
    // Prepare: the same setting, of another kind and given to the sender only.
    const [setting] = talliesCapability.settings;
    if (setting === undefined) throw new Error('the fixture has no setting');
    const definition = withWork(
      {},
      { settings: [{ ...setting, kind: 'non-negative-integer', functions: ['TalliesConsumer'] }] },
    );

    // Act, Assess
    expect(capabilityProblems(definition)).toEqual([
      'coalesced work Tallying: TALLYING_MAX_DELAY_SECONDS is not a positive-integer setting (seconds)',
      'coalesced work Tallying: TALLYING_MAX_DELAY_SECONDS is not given to TalliesWorker, which counts late requests',
    ]);
  });

  it('refuses two works of one id or one queue variable, and a work nobody requests', () => {
    const definition: CapabilityDefinition = {
      ...talliesCapability,
      coalescedWork: [work, { ...work, senders: [] }],
    };
    expect(capabilityProblems(definition)).toEqual([
      'coalesced work Tallying is declared twice',
      'coalesced work Tallying has no sender',
      "coalesced work Tallying: TALLYING_QUEUE_URL names another work's queue too",
    ]);
  });

  it("keeps the worker's dead-letter queue even when it also serves as a workflow task", () => {
    // A worker only a mapping feeds still dead-letters what is not a request.
    const definition: CapabilityDefinition = {
      ...talliesCapability,
      stateMachines: [{ id: 'Flow', definition: {}, invokes: ['TalliesWorker'] }],
    };
    expect(synchronousOnlyFunctions(definition).has('TalliesWorker')).toBe(false);
  });
});

describe('the reference documentation of a coalesced work', () => {
  it('says who requests it, who does it, how many batches run at once and which setting bounds the wait', () => {
    const reference = capabilityReference([talliesCapability]);
    expect(reference).toContain('### Coalesced work (SQS FIFO, one message group per customer)');
    expect(reference).toContain(
      "- Tallying: A customer's tally, coalesced per customer. Requested by TalliesConsumer; done by TalliesWorker, once per customer of each batch (up to 10 requests, at most 2 batches at once). A request should wait at most `TALLYING_MAX_DELAY_SECONDS` seconds",
    );
  });
});

describe('the longest delay a coalesced work allows', () => {
  it('is 60 seconds unless set, and only a whole number of seconds above 0 is taken', () => {
    expect(maxDelaySeconds('GRADING_MAX_DELAY_SECONDS', {})).toBe(60);
    expect(maxDelaySeconds('GRADING_MAX_DELAY_SECONDS', { GRADING_MAX_DELAY_SECONDS: '300' })).toBe(300);
    for (const refused of ['0', '-5', '1.5', 'sixty', ' 60']) {
      expect(() =>
        maxDelaySeconds('GRADING_MAX_DELAY_SECONDS', { GRADING_MAX_DELAY_SECONDS: refused }),
      ).toThrow('GRADING_MAX_DELAY_SECONDS must be a whole number of seconds above 0');
    }
  });
});

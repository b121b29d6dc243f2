import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type PassWorker,
  passSegmentHandler,
  UnknownPassJobError,
} from '../../../shared/lambda/pass-segment.js';
import type { PassSegmentInput } from '../../../shared/passes/segment.js';
import * as z from '../../../shared/zod.js';
import { captureOutput } from '../../support/captured-output.js';
import { lambdaContext } from '../../support/lambda-context.js';

const SEGMENT: PassSegmentInput = {
  pass: 'DailyRegrade',
  job: 'regrade',
  segment: 2,
  totalSegments: 8,
  startedAt: '2026-03-02T17:00:00.000Z',
};

describe('the pass segment handler', () => {
  let output: ReturnType<typeof captureOutput>;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
  });

  it("hands the segment to its job's worker and returns the cursor to go on from", async () => {
    // Prepare
    const seen: PassSegmentInput[] = [];
    const regrade: PassWorker = async (input) => {
      seen.push(input);
      return { processed: 100, failed: 2, cursor: 'next-page' };
    };
    const handler = passSegmentHandler({ regrade });

    // Act
    const result = await handler({ ...SEGMENT, cursor: 'this-page' }, lambdaContext('Worker'));

    // Assess
    expect(seen).toEqual([{ ...SEGMENT, cursor: 'this-page' }]);
    expect(result).toEqual({ processed: 100, failed: 2, cursor: 'next-page' });
  });

  it('counts processed and failed customers per pass, the pass as the only extra dimension', async () => {
    // Prepare
    const handler = passSegmentHandler({ regrade: async () => ({ processed: 7, failed: 1 }) });

    // Act
    const result = await handler(SEGMENT, lambdaContext('Worker'));

    // Assess
    expect(result).toEqual({ processed: 7, failed: 1 });
    const lines = output.lines();
    const processed = lines.find((line) => 'PassCustomersProcessed' in line);
    const failed = lines.find((line) => 'PassCustomersFailed' in line);
    expect(processed).toMatchObject({ PassCustomersProcessed: 7, pass: 'DailyRegrade' });
    expect(failed).toMatchObject({ PassCustomersFailed: 1, pass: 'DailyRegrade' });
    expect(lines.find((line) => line.message === 'Pass segment invocation finished')).toMatchObject({
      pass: 'DailyRegrade',
      segment: 2,
      processed: 7,
      failed: 1,
      more: false,
    });
  });

  it('tells the worker to stop once the time left falls under the safety margin', async () => {
    // Prepare
    const answers: boolean[] = [];
    const regrade: PassWorker = async (_input, stillHasTime) => {
      answers.push(stillHasTime());
      return { processed: 0, failed: 0 };
    };
    const handler = passSegmentHandler({ regrade }, undefined, { safetyMs: 5_000 });

    // Act
    await handler(SEGMENT, lambdaContext('Worker', 60_000));
    await handler(SEGMENT, lambdaContext('Worker', 4_000));

    // Assess
    expect(answers).toEqual([true, false]);
  });

  it('refuses a malformed segment or an unknown job without running any worker', async () => {
    // Prepare
    const regrade = vi.fn<PassWorker>(async () => ({ processed: 0, failed: 0 }));
    const handler = passSegmentHandler({ regrade });

    // Act
    const extraField = handler({ ...SEGMENT, customerId: 'cus_1' }, lambdaContext('Worker'));
    const segmentOutOfRange = handler({ ...SEGMENT, segment: 1000 }, lambdaContext('Worker'));
    const unknownJob = handler({ ...SEGMENT, job: 'shred' }, lambdaContext('Worker'));

    // Assess
    await expect(extraField).rejects.toThrow('The request body is not valid');
    await expect(segmentOutOfRange).rejects.toThrow('The request body is not valid');
    await expect(unknownJob).rejects.toBeInstanceOf(UnknownPassJobError);
    expect(regrade).not.toHaveBeenCalled();
  });

  it("sends any other input of a function that also runs scheduled jobs to those, by the input's shape", async () => {
    // Prepare
    const regrade = vi.fn<PassWorker>(async () => ({ processed: 1, failed: 0 }));
    const handler = passSegmentHandler(
      { regrade },
      {
        schema: z.strictObject({ job: z.literal('expire-parked') }),
        run: async () => ({ expired: 3 }),
      },
    );

    // Act
    const scheduled = await handler({ job: 'expire-parked' }, lambdaContext('Worker'));
    const segment = await handler(SEGMENT, lambdaContext('Worker'));
    const neither = handler({ job: 'regrade' }, lambdaContext('Worker'));

    // Assess
    expect(scheduled).toEqual({ expired: 3 });
    expect(segment).toEqual({ processed: 1, failed: 0 });
    await expect(neither).rejects.toThrow('The request body is not valid');
    expect(regrade).toHaveBeenCalledTimes(1);
  });
});

import type { PassSegmentInput, PassSegmentOutput } from '../../shared/passes/segment.js';

/** A worker's invocation as a test sees it: the segment's output and whatever it counted. */
export type SegmentInvocation<R extends { readonly output: PassSegmentOutput }> = (
  input: PassSegmentInput,
  stillHasTime: () => boolean,
) => Promise<R>;

/**
 * A whole pass run in process as the pass machine runs it: every segment, each invoked again
 * with the cursor it handed back until it hands back none. Returns every invocation's result,
 * in order. For tests of a worker's job; the machine itself is tested on its own.
 */
export async function runPassToEnd<R extends { readonly output: PassSegmentOutput }>(
  invoke: SegmentInvocation<R>,
  pass: {
    readonly pass: string;
    readonly job: string;
    readonly startedAt: Date;
    readonly totalSegments?: number;
  },
  stillHasTime: () => boolean = () => true,
): Promise<R[]> {
  const totalSegments = pass.totalSegments ?? 1;
  const runs: R[] = [];
  for (let segment = 0; segment < totalSegments; segment += 1) {
    let cursor: string | undefined;
    do {
      const input: PassSegmentInput = {
        pass: pass.pass,
        job: pass.job,
        segment,
        totalSegments,
        startedAt: pass.startedAt.toISOString(),
        ...(cursor === undefined ? {} : { cursor }),
      };
      const run = await invoke(input, stillHasTime);
      runs.push(run);
      cursor = run.output.cursor;
    } while (cursor !== undefined);
  }
  return runs;
}

import { redactString } from './observability/redaction.js';
import type * as z from './zod.js';

/** One failed check: where (a dotted path, '' for the value itself) and which rule. Never the value. */
export interface IssueSummary {
  readonly path: string;
  readonly message: string;
}

/**
 * zod's issues as paths and rules, the one way the product reports what failed (a 422's
 * `errors`, a rejected event's reason and fields). An unknown field becomes an issue at its own
 * path, so the field is named without zod's message that lists them. zod's own messages never
 * quote the input; custom messages are scrubbed as a second net.
 * @example issueSummaries(result.error.issues, ['detail']) // [{ path: 'detail.name', message: 'Unknown field' }]
 */
export function issueSummaries(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly string[] = [],
): IssueSummary[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map((segment) => String(segment))];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: joinPath([...path, key]), message: 'Unknown field' }));
    }
    return [{ path: joinPath(path), message: redactString(issue.message) }];
  });
}

function joinPath(segments: readonly string[]): string {
  return segments.filter((segment) => segment !== '').join('.');
}

import type { CapabilityDefinition } from '../capability/types.js';

/** The event source mapping's MaximumConcurrency: Lambda takes 2 to 1000. */
const MAX_CONCURRENCY = { min: 2, max: 1000 };

/**
 * What is wrong with a definition's coalesced work (docs/architecture.md, "Coalesced work"), one
 * line per problem: part of `capabilityProblems`, so a definition that does not hold together
 * fails when it is imported, before CDK or the local cloud read it.
 */
export function coalescedWorkProblems(definition: CapabilityDefinition): string[] {
  const works = definition.coalescedWork ?? [];
  const functions = new Set(definition.functions.map((fn) => fn.id));
  const settings = new Map((definition.settings ?? []).map((setting) => [setting.name, setting]));
  const problems: string[] = [];
  const seenIds = new Set<string>();
  const seenVars = new Set<string>();
  for (const work of works) {
    const where = `coalesced work ${work.id}`;
    if (seenIds.has(work.id)) problems.push(`${where} is declared twice`);
    seenIds.add(work.id);
    // The queue is named after the id (`<stack>-<id>.fifo` at most 80 characters).
    if (!/^[A-Z][A-Za-z0-9]{1,39}$/.test(work.id))
      problems.push(`${where}: the id is not PascalCase of at most 40`);
    if (!functions.has(work.functionId))
      problems.push(`${where} is done by unknown function ${work.functionId}`);
    if (work.senders.length === 0) problems.push(`${where} has no sender`);
    for (const sender of work.senders) {
      if (!functions.has(sender)) problems.push(`${where} is requested by unknown function ${sender}`);
    }
    if (!/^[A-Z][A-Z0-9_]{1,63}$/.test(work.envVar))
      problems.push(`${where}: ${work.envVar} is not UPPER_SNAKE`);
    if (seenVars.has(work.envVar)) problems.push(`${where}: ${work.envVar} names another work's queue too`);
    seenVars.add(work.envVar);
    if (
      !Number.isInteger(work.maxConcurrency) ||
      work.maxConcurrency < MAX_CONCURRENCY.min ||
      work.maxConcurrency > MAX_CONCURRENCY.max
    ) {
      problems.push(
        `${where}: maxConcurrency is a whole number from ${MAX_CONCURRENCY.min} to ${MAX_CONCURRENCY.max}`,
      );
    }
    const setting = settings.get(work.maxDelaySetting);
    if (setting === undefined) {
      problems.push(`${where}: its longest delay ${work.maxDelaySetting} is not a setting of the capability`);
    } else {
      if (setting.kind !== 'positive-integer')
        problems.push(`${where}: ${work.maxDelaySetting} is not a positive-integer setting (seconds)`);
      if (!setting.functions.includes(work.functionId))
        problems.push(
          `${where}: ${work.maxDelaySetting} is not given to ${work.functionId}, which counts late requests`,
        );
    }
  }
  return problems;
}

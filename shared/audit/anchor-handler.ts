import { requiredEnv } from '../config/env.js';
import { documentClient } from '../dynamodb/client.js';
import { scheduledHandler } from '../lambda/schedule.js';
import { logger, MetricUnit, metrics } from '../observability/index.js';
import type { Runtime } from '../runtime/runtime.js';
import * as z from '../zod.js';
import { anchorSinkFor, writeAuditAnchor } from './anchor-job.js';
import { auditSignerFor } from './signer-material.js';

/** A capability's audit table: its id in the capability and the variable holding its deployed name. */
export interface AnchoredTable {
  readonly id: string;
  readonly envVar: string;
}

/**
 * The scheduled handler of a capability's anchor function: the head of every chain of its own
 * audit table, signed, to the write-once anchor bucket (docs/operations.md §9). It reads only
 * that table; the capability's setup is not built.
 */
export function auditAnchorHandler(runtime: Runtime, table: AnchoredTable) {
  const deps = {
    db: documentClient(),
    table: { name: requiredEnv(runtime.env, table.envVar), id: table.id },
    signer: auditSignerFor(runtime),
    sink: anchorSinkFor(runtime),
    clock: runtime.clock,
  };
  return scheduledHandler(z.strictObject({}), async () => {
    const written = await writeAuditAnchor(deps);
    metrics.addMetric('AuditChainsAnchored', MetricUnit.Count, written.subjects);
    logger.info('Audit anchor written', { key: written.key, subjects: written.subjects });
    return written;
  });
}

import { anchorSinkFor, writeAuditAnchor } from '../../../shared/audit/anchor-job.js';
import { auditSignerFor } from '../../../shared/audit/signer-material.js';
import { requiredEnv } from '../../../shared/config/env.js';
import { documentClient } from '../../../shared/dynamodb/client.js';
import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';

/**
 * Daily: the head of every customer's audit chain, signed, to the write-once anchor bucket
 * (docs/operations.md §9). Reads only the audit table; the customers setup is not built.
 */
export function createHandler(runtime: Runtime) {
  const deps = {
    db: documentClient(),
    table: { name: requiredEnv(runtime.env, 'CUSTOMER_AUDIT_TABLE'), id: 'CustomerAudit' },
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

export const handler = createHandler(lambdaRuntime());

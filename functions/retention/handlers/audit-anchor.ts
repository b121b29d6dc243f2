import { auditAnchorHandler } from '../../../shared/audit/anchor-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';

/** Daily: the head of every retention audit chain (`RetentionAudit`), signed, to the anchor bucket. */
export function createHandler(runtime: Runtime) {
  return auditAnchorHandler(runtime, { id: 'RetentionAudit', envVar: 'RETENTION_AUDIT_TABLE' });
}

export const handler = createHandler(lambdaRuntime());

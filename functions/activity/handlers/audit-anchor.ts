import { auditAnchorHandler } from '../../../shared/audit/anchor-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';

/** Daily: the head of the segmentation configuration's audit chain (`ActivityAudit`), signed, to the anchor bucket. */
export function createHandler(runtime: Runtime) {
  return auditAnchorHandler(runtime, { id: 'ActivityAudit', envVar: 'ACTIVITY_AUDIT_TABLE' });
}

export const handler = createHandler(lambdaRuntime());

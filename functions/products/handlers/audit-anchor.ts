import { auditAnchorHandler } from '../../../shared/audit/anchor-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';

/** Daily: the head of every product's audit chain (`ProductAudit`), signed, to the anchor bucket. */
export function createHandler(runtime: Runtime) {
  return auditAnchorHandler(runtime, { id: 'ProductAudit', envVar: 'PRODUCT_AUDIT_TABLE' });
}

export const handler = createHandler(lambdaRuntime());

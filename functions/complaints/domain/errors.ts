import type { ComplaintStatus } from './model.js';

/**
 * The stable codes a complaints rule refuses with (docs/domain-rules.md, complaints). Each maps
 * to one HTTP status in `api/route-handlers.ts`; the message never holds a value the client sent.
 */
export const COMPLAINT_ERROR_STATUS = {
  'complaint-not-found': 404,
  'customer-not-found': 404,
  'invalid-transition': 409,
  'extension-pending': 409,
  'extension-not-allowed': 422,
  'extension-approval-level': 403,
  'compensation-approval-required': 403,
  'root-cause-required': 422,
  'remediation-required': 422,
  'received-at-out-of-range': 422,
  // Not in the shared list: an agent taking someone else's or an assigned complaint, an
  // extension id the complaint does not have, an extension request already decided.
  'not-assignable': 403,
  'extension-not-found': 404,
  'extension-decided': 409,
} as const;
export type ComplaintErrorCode = keyof typeof COMPLAINT_ERROR_STATUS;

/** A business rule of the complaints capability refused the request. */
export class ComplaintRuleError extends Error {
  override readonly name = 'ComplaintRuleError';
  constructor(
    readonly code: ComplaintErrorCode,
    message: string,
    /** The request field the refusal is about, for a 422's field error. */
    readonly path?: string,
  ) {
    super(message);
  }
}

/** The one answer for a complaint that does not exist and one the caller may not see. */
export function complaintNotFound(): ComplaintRuleError {
  return new ComplaintRuleError('complaint-not-found', 'No complaint with this id is visible to you');
}

/** A step out of order: the problem says which status the complaint is in (a code, not data). */
export function invalidTransition(status: ComplaintStatus, step: string): ComplaintRuleError {
  return new ComplaintRuleError(
    'invalid-transition',
    `A complaint in status ${status} cannot take the step ${step}`,
  );
}

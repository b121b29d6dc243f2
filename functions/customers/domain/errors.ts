/** A business rule of the customers capability refused the request. */
export class CustomerRuleError extends Error {
  override readonly name = 'CustomerRuleError';
  constructor(
    readonly code:
      | 'EVIDENCE_REQUIRED'
      | 'RELATIONSHIP_CLOSED'
      | 'CUSTOMER_SHREDDED'
      | 'FIELD_NOT_APPLICABLE'
      | 'BIRTH_DATE_MISMATCH'
      | 'INVALID_VALUE'
      | 'REVIEW_NOT_OPEN'
      | 'RM_NOT_IN_BRANCH',
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

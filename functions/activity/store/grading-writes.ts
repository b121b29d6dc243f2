import type { TransactWriteCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { FactsChange } from '../domain/customer-facts.js';
import { erasedKey, factsKey } from './grading-keys.js';

/**
 * The conditional writes of a customer's grading facts (key layout in grading-keys.ts): how each
 * kind of facts change is written, and the erasure marker's check that registration and
 * parking depend on.
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction item that holds only while the customer has not been erased. */
export function notErased(tableName: string, customerId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: erasedKey(customerId),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function factsUpdate(tableName: string, customerId: string, change: FactsChange): UpdateCommandInput {
  const base = { TableName: tableName, Key: factsKey(customerId) };
  switch (change.kind) {
    case 'registered':
      // Registration creates the facts once; the assignment facts then move by version.
      return {
        ...base,
        UpdateExpression:
          'SET customerId = :id, customerType = :t, branch = :b, rmId = :r, onboardedAt = :o, #rel = :active, profileVersion = :one',
        ConditionExpression: 'attribute_not_exists(pk)',
        ExpressionAttributeNames: { '#rel': 'relationship' },
        ExpressionAttributeValues: {
          ':id': customerId,
          ':t': change.customerType,
          ':b': change.branch,
          ':r': change.rmId,
          ':o': change.onboardedAt,
          ':active': 'active',
          ':one': 1,
        },
      };
    case 'assignment':
      return {
        ...base,
        UpdateExpression: 'SET branch = :b, rmId = :r, #rel = :rel, profileVersion = :v',
        // A profile change never moves a customer to another branch (PATCH has no branch):
        // an assignment that would is not believed (docs/domain-rules.md §13.2).
        ConditionExpression: 'attribute_exists(pk) AND profileVersion < :v AND branch = :b',
        ExpressionAttributeNames: { '#rel': 'relationship' },
        ExpressionAttributeValues: {
          ':b': change.branch,
          ':r': change.rmId,
          ':rel': change.relationship,
          ':v': change.version,
        },
      };
    case 'credit':
      return {
        ...base,
        UpdateExpression: 'SET creditGrade = :g, creditAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(creditAt) OR creditAt < :at)',
        ExpressionAttributeValues: { ':g': change.grade, ':at': change.at },
      };
    case 'compliance':
      return {
        ...base,
        UpdateExpression: 'SET complianceStatus = :s, complianceAt = :at',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(complianceAt) OR complianceAt < :at)',
        ExpressionAttributeValues: { ':s': change.status, ':at': change.at },
      };
  }
}

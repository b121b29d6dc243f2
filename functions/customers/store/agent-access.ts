import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { agentGrantKey } from './keys.js';

/**
 * An agent's access to a customer: the search grant (sk CUSTOMER#<id>) and the complaint
 * grants (CUSTOMER#<id>#COMPLAINT#…) sort together, so one query reads them all and
 * `grantsAccess` judges what it read.
 */

export function agentGrantsQuery(tableName: string, agentSub: string, customerId: string): QueryCommandInput {
  const { pk, sk } = agentGrantKey(agentSub, customerId);
  return {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
    ExpressionAttributeValues: { ':pk': pk, ':sk': sk },
    ConsistentRead: true,
  };
}

/** Whether the grant items read by `agentGrantsQuery` give the agent access to the customer at `now`. */
export function grantsAccess(
  items: readonly Record<string, unknown>[],
  agentSub: string,
  customerId: string,
  now: Date,
): boolean {
  const { sk } = agentGrantKey(agentSub, customerId);
  return items.some((item) => {
    // Another customer whose id starts with this one's is not a grant on this one.
    if (item.sk === sk) {
      // TTL deletion is lazy (up to days late), so the expiry is checked here too.
      return typeof item.expiresAt === 'number' && item.expiresAt * 1000 > now.getTime();
    }
    return typeof item.sk === 'string' && item.sk.startsWith(`${sk}#COMPLAINT#`);
  });
}

import type { CustomerRecord } from '../domain/customer.js';
import { agentGrant } from '../store/side-items.js';
import { appendAuditOnly } from './audit-only.js';
import type { Actor, CustomerDeps } from './deps.js';

/**
 * Gives a service agent a read grant on each customer a search found. Each grant is written
 * with an `agent-grant.created` record in that customer's audit chain, in one transaction, so
 * no one reads a customer through a grant the trail does not show (docs/domain-rules.md §4.4).
 */
export async function grantAgentAccess(
  deps: Pick<CustomerDeps, 'store' | 'clock' | 'policies'>,
  actor: Actor,
  records: readonly CustomerRecord[],
): Promise<void> {
  const expiresAt = new Date(deps.clock.now().getTime() + deps.policies.agentSearchGrantHours * 3_600_000);
  await Promise.all(
    records.map((record) =>
      appendAuditOnly(
        deps,
        record,
        actor,
        {
          action: 'agent-grant.created',
          fields: [],
          sideItems: [agentGrant(actor.sub, record.customerId, expiresAt)],
        },
        async () => undefined,
      ),
    ),
  );
}

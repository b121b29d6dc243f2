import type { ResourceAttributes } from '../../../shared/auth/policy.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { complaintNotFound } from '../domain/errors.js';
import type { Complaint } from '../domain/model.js';
import { type ComplaintsAction, complaintsPolicy } from '../policy.js';
import type { StoredComplaint } from '../store/complaint-store.js';
import type { ComplaintDeps } from './deps.js';

/**
 * The attributes the policy decides on for a complaint (docs/domain-rules.md, complaints:
 * access). A service agent's `agent-access` to read: the complaint is assigned to them, or it is
 * unassigned and in their queue (their `branch` claim is the queue they work).
 */
export function complaintAccessOf(auth: AuthContext, complaint: Complaint): ResourceAttributes {
  const agentAccess =
    auth.role === 'service-agent' &&
    (complaint.assignee === auth.sub ||
      (complaint.assignee === undefined &&
        auth.branch !== undefined &&
        auth.branch !== '' &&
        complaint.queue === auth.branch));
  return { branch: complaint.branch, rmId: complaint.rmId, agentAccess };
}

/**
 * The attributes for acting on a complaint: only its assignee acts through `agent-access`; an
 * unassigned complaint of the agent's queue may only be taken (`assign`).
 */
function actingAccessOf(
  auth: AuthContext,
  complaint: Complaint,
  action: ComplaintsAction,
): ResourceAttributes {
  const read = complaintAccessOf(auth, complaint);
  if (action === 'complaint:assign' || auth.role !== 'service-agent') return read;
  return { ...read, agentAccess: complaint.assignee === auth.sub };
}

/** Whether the caller may read the complaint at all (else it is the 404 of a missing one). */
export function mayRead(auth: AuthContext, complaint: Complaint): boolean {
  return complaintsPolicy.decide(auth, 'complaint:read', complaintAccessOf(auth, complaint)).allowed;
}

/**
 * Loads a complaint the caller may perform `action` on. One it may not read is a 404, the same
 * as one that does not exist; so is one a service agent may read but not act on (it is not
 * theirs); any other role that may read but not act gets a 403.
 */
export async function loadAuthorised(
  deps: Pick<ComplaintDeps, 'store'>,
  auth: AuthContext,
  action: ComplaintsAction,
  complaintId: string,
): Promise<StoredComplaint> {
  const stored = await deps.store.get(complaintId);
  if (stored === undefined || !mayRead(auth, stored.complaint)) throw complaintNotFound();
  if (action === 'complaint:read') return stored;
  const resource = actingAccessOf(auth, stored.complaint, action);
  if (auth.role === 'service-agent' && !complaintsPolicy.decide(auth, action, resource).allowed) {
    throw complaintNotFound();
  }
  complaintsPolicy.authorize(auth, action, resource);
  return stored;
}

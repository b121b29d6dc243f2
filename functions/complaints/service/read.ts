import type { AuthContext } from '../../../shared/auth/types.js';
import { ConflictError } from '../../../shared/http/problem.js';
import { type ComplaintTextView, type ComplaintView, complaintView, timelineOf } from '../domain/views.js';
import { complaintsPolicy } from '../policy.js';
import type { StoredComplaint } from '../store/complaint-store.js';
import { complaintAccessOf, loadAuthorised } from './access.js';
import { complaintAuditEntry } from './audit-entry.js';
import { clockRules } from './clock-rules.js';
import type { Actor, ComplaintDeps } from './deps.js';
import { openComplaintKey, openText } from './text.js';

export interface ReadResult {
  readonly view: ComplaintView;
  readonly version: number;
}

/**
 * Reads a complaint: the C1 view with each deadline's SLA state, the timeline and the linked
 * repeats. The roles that handle complaints also get the free text and the notes, after the read
 * was appended to the complaint's audit chain: no record, no text (fail closed).
 */
export async function readComplaint(
  deps: ComplaintDeps,
  auth: AuthContext,
  actor: Actor,
  complaintId: string,
): Promise<ReadResult> {
  const stored = await loadAuthorised(deps, auth, 'complaint:read', complaintId);
  const { complaint } = stored;
  const mayReadText =
    !complaint.textErased &&
    complaintsPolicy.decide(auth, 'complaint:text:read', complaintAccessOf(auth, complaint)).allowed;
  const text = mayReadText ? await readText(deps, actor, stored) : undefined;
  const [trail, rules] = await Promise.all([deps.store.auditTrail(complaintId), clockRules(deps)]);
  return {
    view: complaintView(complaint, { sla: rules.slaAt(deps.clock.now()), timeline: timelineOf(trail), text }),
    version: complaint.version,
  };
}

async function readText(
  deps: ComplaintDeps,
  actor: Actor,
  stored: StoredComplaint,
): Promise<ComplaintTextView | undefined> {
  const { complaintId } = stored.complaint;
  const entry = complaintAuditEntry(deps.clock.now(), complaintId, actor, 'complaint.text-read', [
    'description',
    'customerRequest',
    'representatives',
    'notes',
  ]);
  if (!(await deps.store.appendAudit(complaintId, stored.auditSeq, entry))) {
    throw new ConflictError('The complaint changed while it was read; read it again', {
      code: 'audit-conflict',
    });
  }
  const opened = await openComplaintKey(deps, complaintId);
  if (opened === undefined) return undefined;
  return openText(opened.sealer, complaintId, opened.sealed, opened.notes);
}

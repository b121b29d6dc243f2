import type { AuditHead } from '../../../shared/audit/index.js';
import { type Complaint, OPEN_STATUSES } from '../domain/model.js';
import {
  assigneeKey,
  branchKey,
  COMPLAINT_ENTITY,
  complaintKey,
  DUE_OPEN,
  listKey,
  queueKey,
  rmKey,
} from './keys.js';

/**
 * The whole item a complaint is stored as: its attributes, the head of its audit chain, and the
 * index attributes that follow from them (keys.ts). A change writes the whole item again, so a
 * sparse index attribute that no longer applies (`queueKey` once assigned, `dueKey` once closed)
 * is simply not there any more.
 */
export function complaintItem(complaint: Complaint, head: AuditHead): Record<string, unknown> {
  const open = OPEN_STATUSES.includes(complaint.status);
  return {
    ...complaintKey(complaint.complaintId),
    ...complaint,
    audit: { seq: head.seq, hash: head.hash },
    entityType: COMPLAINT_ENTITY,
    listKey: listKey(complaint.receivedAt, complaint.complaintId),
    branchKey: branchKey(complaint.branch),
    rmKey: rmKey(complaint.branch, complaint.rmId),
    ...(complaint.assignee === undefined ? {} : { assigneeKey: assigneeKey(complaint.assignee) }),
    ...(open && complaint.assignee === undefined ? { queueKey: queueKey(complaint.queue) } : {}),
    ...(open && complaint.nextDueAt !== undefined ? { dueKey: DUE_OPEN } : {}),
  };
}

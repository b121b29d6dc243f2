import { deadlineOf, decisionDaysOf } from './deadlines.js';
import { ComplaintRuleError } from './errors.js';
import type { Complaint, ComplaintStatus, ExtensionLevel, ExtensionRequest } from './model.js';
import type { ExtensionDecisionInput, ExtensionRequestInput } from './schemas.js';

import { moved, requireStatus, retimed, type StepContext, type Transition } from './transition.js';

/** Extensions of the decision deadline: requested, then approved or refused (docs/domain-rules.md §17.6). */
const EXTENSION_STATUSES: readonly ComplaintStatus[] = ['investigating', 'paused'];

/** Asks for more time: one request at a time, level 1 before level 2, never past the cap. */
export function requestExtension(
  complaint: Complaint,
  input: ExtensionRequestInput & { readonly extensionId: string },
  ctx: StepContext,
): Transition {
  requireStatus(complaint, EXTENSION_STATUSES, 'request an extension');
  if (complaint.extensions.some((extension) => extension.state === 'requested')) {
    throw new ComplaintRuleError(
      'extension-pending',
      'An extension request is already waiting for a decision',
    );
  }
  const approved = complaint.clock.approvedExtensions;
  const expected: ExtensionLevel | undefined = approved.includes(2)
    ? undefined
    : approved.includes(1)
      ? 2
      : 1;
  if (input.level !== expected) {
    throw new ComplaintRuleError(
      'extension-not-allowed',
      expected === undefined
        ? 'Both extensions were already approved'
        : `The next extension of this complaint is level ${expected}`,
      'level',
    );
  }
  if (decisionDaysOf(ctx.settings, [...approved, input.level]) > ctx.settings.maxDecisionDays) {
    throw new ComplaintRuleError(
      'extension-not-allowed',
      `An extension may not take the decision past ${ctx.settings.maxDecisionDays} days`,
      'level',
    );
  }
  const request: ExtensionRequest = {
    extensionId: input.extensionId,
    level: input.level,
    reason: input.reason,
    requestedBy: ctx.actor.sub,
    requestedAt: ctx.now.toISOString(),
    state: 'requested',
  };
  return moved(
    { ...complaint, extensions: [...complaint.extensions, request] },
    ctx,
    { action: 'complaint.extension-requested', fields: ['extensions'] },
    [],
  );
}

/**
 * Approves or refuses the pending extension. Level 1: a supervisor or the complaints unit;
 * level 2: the complaints unit only, once the customer was told.
 */
export function decideExtension(
  complaint: Complaint,
  input: ExtensionDecisionInput & { readonly extensionId: string },
  ctx: StepContext,
): Transition {
  requireStatus(complaint, EXTENSION_STATUSES, 'decide an extension');
  const request = complaint.extensions.find((extension) => extension.extensionId === input.extensionId);
  if (request === undefined) {
    throw new ComplaintRuleError(
      'extension-not-found',
      'No extension request with this id on this complaint',
    );
  }
  if (request.state !== 'requested') {
    throw new ComplaintRuleError('extension-decided', 'This extension request was already decided');
  }
  if (request.level === 2 && ctx.actor.role !== 'complaints-manager') {
    throw new ComplaintRuleError(
      'extension-approval-level',
      'A second extension is decided by the head-office complaints unit',
    );
  }
  const at = ctx.now.toISOString();
  if (input.approve && request.level === 2) {
    const toldAt = input.customerToldAt === undefined ? Number.NaN : Date.parse(input.customerToldAt);
    if (Number.isNaN(toldAt) || toldAt > ctx.now.getTime()) {
      throw new ComplaintRuleError(
        'extension-not-allowed',
        'A second extension is approved once the customer was told (customerToldAt, not in the future)',
        'customerToldAt',
      );
    }
  }
  const decided: ExtensionRequest = {
    ...request,
    state: input.approve ? 'approved' : 'refused',
    decidedBy: ctx.actor.sub,
    decidedAt: at,
    ...(input.approve && request.level === 2 && input.customerToldAt !== undefined
      ? { customerToldAt: new Date(Date.parse(input.customerToldAt)).toISOString() }
      : {}),
  };
  const extensions = complaint.extensions.map((extension) =>
    extension.extensionId === request.extensionId ? decided : extension,
  );
  if (!input.approve) {
    return moved(
      { ...complaint, extensions },
      ctx,
      { action: 'complaint.extension-refused', fields: ['extensions'] },
      [],
    );
  }
  const clock = {
    ...complaint.clock,
    approvedExtensions: [...complaint.clock.approvedExtensions, request.level],
  };
  const next = retimed({ ...complaint, extensions, clock }, ctx);
  const decisionDue = deadlineOf(next.deadlines, 'decision')?.due ?? at;
  return moved(
    next,
    ctx,
    { action: 'complaint.extension-approved', fields: ['extensions', 'clock.approvedExtensions'] },
    [{ type: 'ComplaintDeadlineExtended', level: request.level, decisionDue }],
    { stage: 'investigation', kind: 'deadlines-changed' },
  );
}

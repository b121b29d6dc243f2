/**
 * A customer's assignment facts as a mirror keeps them from CustomerRegistered (version 1) and
 * CustomerProfileChanged (which carries them after every change): the branch and RM (the scope
 * the policies decide on) and the relationship, ordered by the record `version`, so an older or
 * repeated profile change changes nothing (docs/domain-rules.md §18.6, §19.2).
 */
export interface MirroredAssignment {
  readonly branch?: string | undefined;
  readonly rmId?: string | undefined;
  readonly relationship: 'active' | 'closed';
  /** The record version applied (1 after the registration, 0 before any). */
  readonly profileVersion: number;
}

export interface AssignmentChange {
  readonly version: number;
  readonly branch: string;
  readonly rmId: string;
  readonly relationship: 'active' | 'closed';
}

/**
 * The facts with the assignment of a profile change, or undefined when the mirror holds its
 * version or a later one already.
 * @example applyAssignment(facts, { version: 3, branch: 'SH02', rmId: 'rm-9', relationship: 'active' })
 */
export function applyAssignment<F extends MirroredAssignment>(
  facts: F,
  change: AssignmentChange,
): F | undefined {
  if (change.version <= facts.profileVersion) return undefined;
  return {
    ...facts,
    branch: change.branch,
    rmId: change.rmId,
    relationship: change.relationship,
    profileVersion: change.version,
  };
}

import { parseBranchLists, SETTING_MAX_LENGTH } from '../../../shared/capability/setting-readers.js';
import { CustomerRuleError } from './errors.js';

/**
 * Which relationship managers work in which branch (docs/domain-rules.md §4.2): the authority
 * for placing a customer in a book the caller does not own. A caller's own `custom:branch` and
 * `custom:rmId` claims vouch for the caller only; nothing in a token says where anybody else
 * works, so a supervisor's choice of RM is checked against this directory, which the bank
 * configures per deployment (`RM_DIRECTORY`). An RM belongs to one branch.
 */
export interface RmDirectory {
  /** The branch the RM works in, if the directory lists the RM. */
  branchOf(rmId: string): string | undefined;
}

/**
 * At most this many characters: a Lambda function's environment holds 4 KB in all, and the
 * directory shares it with the other settings and the platform's variables.
 */
export const RM_DIRECTORY_MAX_LENGTH = SETTING_MAX_LENGTH;

/** The directory that lists nobody: no supervisor may assign any RM until one is configured. */
export const EMPTY_RM_DIRECTORY: RmDirectory = { branchOf: () => undefined };

/**
 * Reads `RM_DIRECTORY`: branches separated by `;`, each `<branch>:<rmId>,<rmId>,…` (the shared
 * `branch-lists` reading). Refuses (naming the problem, never a value) a malformed entry, a
 * branch listed twice and an RM listed in two branches. Empty means nobody.
 * @example parseRmDirectory('BJ01:rm-1,rm-2;SH01:rm-9').branchOf('rm-2') // 'BJ01'
 */
export function parseRmDirectory(value: string): RmDirectory {
  const branchOfRm = new Map<string, string>();
  [...parseBranchLists('RM_DIRECTORY', value, RM_DIRECTORY_MAX_LENGTH)].forEach(([branch, rmIds], index) => {
    for (const rmId of rmIds) {
      if (branchOfRm.has(rmId)) {
        throw new Error(`RM_DIRECTORY lists an RM in two branches (entry ${index + 1})`);
      }
      branchOfRm.set(rmId, branch);
    }
  });
  return { branchOf: (rmId) => branchOfRm.get(rmId) };
}

/** The caller's own claims, which vouch for the caller's own book. */
export interface AssigningCaller {
  readonly branch?: string | undefined;
  readonly rmId?: string | undefined;
}

/**
 * Whether a customer may sit in `rmId`'s book at `branch`: the caller's own book (the identity
 * provider vouches for it), or an RM the directory lists in that branch. Anything else is 422
 * `rm-not-in-branch`, which names the field, never the value.
 */
export function checkAssignment(
  directory: RmDirectory,
  caller: AssigningCaller,
  branch: string,
  rmId: string,
): void {
  const ownBook = caller.rmId !== undefined && caller.rmId === rmId && caller.branch === branch;
  if (ownBook || directory.branchOf(rmId) === branch) return;
  throw new CustomerRuleError(
    'RM_NOT_IN_BRANCH',
    "rmId is not a relationship manager of the customer's branch",
    'rmId',
  );
}

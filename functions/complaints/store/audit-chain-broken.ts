import type { ChainBreak } from '../../../shared/audit/index.js';

/**
 * A complaint's audit chain failed verification (a record missing, rewritten, unsigned, or the
 * complaint's head not the chain's last record): the trail is not shown as if it held. Names
 * the first bad record's position and why, never a value.
 */
export class AuditChainBrokenError extends Error {
  override readonly name = 'AuditChainBrokenError';
  constructor(
    readonly brokenAtSeq: number,
    readonly reason: ChainBreak,
  ) {
    super(`The complaint's audit chain is broken at record ${brokenAtSeq} (${reason})`);
  }
}

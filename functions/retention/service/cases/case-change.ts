import { CaseNotFoundError } from '../ports.js';
import type { CaseChange, StoredCase } from './case-store.js';
import type { CaseDeps } from './deps.js';

/** How often a change reads the case again when another write won the race. */
const ATTEMPTS = 3;

/**
 * Writes the change `build` makes of the current case (no change: nothing to write), reading
 * again when the case moved between the read and the write (an attempt recorded while the
 * workflow stored its token, say), so every decision is taken on the case as it is.
 * @throws CaseNotFoundError when there is no such case.
 */
export async function changeCase<T>(
  deps: Pick<CaseDeps, 'store'>,
  caseId: string,
  build: (
    stored: StoredCase,
  ) => Promise<{ change?: CaseChange; result: T }> | { change?: CaseChange; result: T },
): Promise<T> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const stored = await deps.store.get(caseId);
    if (stored === undefined) throw new CaseNotFoundError('No such retention case');
    const { change, result } = await build(stored);
    if (change === undefined) return result;
    const outcome = await deps.store.change(change);
    if (outcome === 'written') return result;
    if (outcome === 'not-found') throw new CaseNotFoundError('No such retention case');
  }
  throw new Error('The retention case kept changing while it was written');
}

import { logger } from '../../../shared/observability/index.js';
import { type ContactPathDeps, decideAgain } from './contacts.js';

/**
 * The minute job's share of the contact path (docs/domain-rules.md §18.2): every deferred
 * contact whose due time came is decided again with the facts as they are now (byDue, CONTACT).
 * One contact failing does not stop the others: it stays due and the next run takes it again.
 * Counts only: no id in the log.
 */
export async function decideDueContacts(
  deps: ContactPathDeps,
  now: string,
): Promise<{ contactsDecided: number; contactsFailed: number }> {
  let contactsDecided = 0;
  let contactsFailed = 0;
  for (const ref of await deps.store.dueContacts(now)) {
    try {
      if ((await decideAgain(deps, ref)) === 'decided') contactsDecided += 1;
    } catch (error) {
      contactsFailed += 1;
      logger.warn('A due contact could not be decided again; it stays due', {
        errorName: error instanceof Error ? error.name : 'Error',
      });
    }
  }
  return { contactsDecided, contactsFailed };
}

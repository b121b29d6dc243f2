import { hasInvisibleCharacter } from '../../../shared/text.js';

// A person's name (docs/domain-rules.md §6.1). Invisible characters are refused in every text
// field (`shared/text.ts`); a name must also be made of letters: one of zero-width spaces looks
// blank yet passes a length check.
const PERSON_NAME = /^\p{L}[\p{L}\p{M}\p{Zs}·•・'’.-]*$/u;

/**
 * A person's name: starts with a letter, then letters, combining marks, spaces and the
 * separators names use (`·` in 买买提·艾力, `-`, `'`, `’`, `.`). No digits, no symbols.
 * @example isPersonName('Mary-Jane O’Neil') // true
 * @example isPersonName('\u200b\u200b') // false
 */
export function isPersonName(name: string): boolean {
  return PERSON_NAME.test(name) && !hasInvisibleCharacter(name);
}

/** What a refused person's name is told (the value is never repeated). */
export const PERSON_NAME_MESSAGE =
  'must be a person’s name: letters, with spaces, "·", "-", "\'" or "." between them';

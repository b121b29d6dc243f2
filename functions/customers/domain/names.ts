/**
 * What text the customers API stores (docs/domain-rules.md §6.1). Invisible characters are
 * refused everywhere: a name of zero-width spaces looks blank yet passes a length check, and a
 * right-to-left override (U+202E) makes a name or address display as something else.
 */

/**
 * Control (Cc), format (Cf: zero-width spaces and joiners, bidirectional overrides and
 * isolates, the byte-order mark, soft hyphen), lone surrogate (Cs) and private-use (Co)
 * characters, and the line and paragraph separators.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\u2028\u2029]/u;

/** True when the text holds a control or invisible formatting character. */
export function hasInvisibleCharacter(text: string): boolean {
  return INVISIBLE.test(text);
}

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

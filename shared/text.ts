/**
 * Characters no one-line text a person typed should hold: control characters (Cc), format
 * characters (Cf: zero-width spaces and joiners, bidirectional overrides and isolates such as
 * U+202E that make text display as something else, the byte-order mark, the soft hyphen), lone
 * surrogates that cannot be stored as UTF-8 (Cs), private-use characters (Co), and the line and
 * paragraph separators (Zl, Zp).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

/**
 * True when the text holds a control or invisible formatting character.
 * @example hasInvisibleCharacter('张三\u202e丰') // true
 */
export function hasInvisibleCharacter(text: string): boolean {
  return INVISIBLE.test(text);
}

// A person's name (docs/domain-rules.md §6.1). Invisible characters are refused in every text
// field; a name must also be made of letters: one of zero-width spaces looks blank yet passes a
// length check.
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

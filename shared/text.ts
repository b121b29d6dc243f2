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

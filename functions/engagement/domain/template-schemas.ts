import { looksLikePersonalIdentifier } from '../../../shared/identity/identifier-like.js';
import { hasInvisibleCharacter } from '../../../shared/text.js';
import * as z from '../../../shared/zod.js';
import { CONTACT_PURPOSES, localeField } from '../events.js';
import { PARAMETER_NAME } from './templates.js';

/**
 * Request schemas of the template admin API (docs/domain-rules.md §18.4). Strict objects; the
 * messages never echo the value sent. A text names its parameters in braces (`{reference}`),
 * each named like `[a-z][A-Za-z0-9]{0,31}`; a brace pair holding anything else is refused, and
 * so is a literal that looks like a personal identifier (a template is sent to many customers:
 * a mobile or ID number in one is a mistake or a leak). Built on first use (`z.lazy`).
 */

export const TEXT_MAX = 1000;
export const SMS_TEXT_MAX = 500;
export const SUBJECT_MAX = 200;
/** Distinct parameters a template may use (besides `name`). */
export const PARAMETERS_MAX = 10;

/** A template id: a lower-case code, as callers name it in a contact request. */
export const templateIdSchema = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a lower-case code (letters, digits, "-")'));

export const templateParamsSchema = z.lazy(() => z.strictObject({ templateId: templateIdSchema }));

const BRACED = /\{([^{}]*)\}/g;

function placeholdersAreNames(value: string): boolean {
  return [...value.matchAll(BRACED)].every((match) => PARAMETER_NAME.test(match[1] ?? ''));
}

function bracesPaired(value: string): boolean {
  return !/[{}]/.test(value.replace(BRACED, ''));
}

// Line breaks are allowed in a text (an e-mail has paragraphs), nothing else invisible.
function templateText(max: number, lines: boolean) {
  return z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine(
      (value) => !hasInvisibleCharacter(lines ? value.replace(/\n/g, '') : value),
      lines
        ? 'must not contain control or invisible formatting characters (line breaks are allowed)'
        : 'must not contain control or invisible formatting characters',
    ),
    z.refine(bracesPaired, 'must use braces only around a parameter name, as in {reference}'),
    z.refine(
      placeholdersAreNames,
      'must name parameters like {reference}: a lower-case letter, then letters and digits',
    ),
    z.refine(
      (value) => !looksLikePersonalIdentifier(value.replace(BRACED, ' ')),
      'must not contain anything that looks like a personal identifier (ID, mobile or card number)',
    ),
  );
}

/** The body of `PUT /v1/engagement/templates/{templateId}`: the whole next version. */
export const templateBodySchema = z.lazy(() =>
  z.strictObject({
    purpose: z.enum(CONTACT_PURPOSES),
    locale: localeField,
    variants: z
      .strictObject({
        sms: z.optional(z.strictObject({ text: templateText(SMS_TEXT_MAX, false) })),
        email: z.optional(
          z.strictObject({ subject: templateText(SUBJECT_MAX, false), text: templateText(TEXT_MAX, true) }),
        ),
        'app-push': z.optional(z.strictObject({ text: templateText(TEXT_MAX, false) })),
      })
      .check(
        z.refine(
          (variants) => Object.values(variants).some((variant) => variant !== undefined),
          'must hold a variant for at least one channel (sms, email, app-push)',
        ),
      ),
  }),
);
export type TemplateBody = z.infer<typeof templateBodySchema>;

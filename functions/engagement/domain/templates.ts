import { looksLikePersonalIdentifier } from '../../../shared/identity/identifier-like.js';
import type { TemplateVariant, TemplateVersion } from '../service/ports.js';

/**
 * Templates and their named parameters (docs/domain-rules.md §18.4). A text names its
 * parameters in braces (`{reference}`); `{name}` is reserved: the customers capability fills it
 * at delivery, so engagement never holds a customer's name. Parameter values are non-personal:
 * one that looks like an ID, mobile or card number is refused, like an unknown or missing one.
 */

/** The parameter the customers capability fills at delivery (the customer's name or a greeting). */
export const RESERVED_PARAMETER = 'name';

/** How a parameter is named, in a text (`{reference}`) and in a request. */
export const PARAMETER_NAME = /^[a-z][A-Za-z0-9]{0,31}$/;
const PLACEHOLDER = /\{([a-z][A-Za-z0-9]{0,31})\}/g;

/** The named parameters `text` uses, `{name}` included, in order of first use. */
export function placeholdersOf(text: string): string[] {
  const names = [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
  return [...new Set(names)];
}

/**
 * The parameters a request must give for a template with these variants: every placeholder of
 * every variant (subject and text), but `{name}`, sorted.
 */
export function templateParameters(
  variants: Readonly<Record<string, TemplateVariant | undefined>>,
): string[] {
  const names = new Set<string>();
  for (const variant of Object.values(variants)) {
    if (variant === undefined) continue;
    for (const name of placeholdersOf(`${variant.subject ?? ''} ${variant.text}`)) names.add(name);
  }
  names.delete(RESERVED_PARAMETER);
  return [...names].sort();
}

function fill(text: string, parameters: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (placeholder, name: string) => {
    if (name === RESERVED_PARAMETER || !Object.hasOwn(parameters, name)) return placeholder;
    return parameters[name] ?? placeholder;
  });
}

/**
 * The variant with every given named parameter filled in; `{name}` and any parameter not given
 * are left as they are (the request was checked with {@link parameterProblems} first).
 * @example renderTemplate({ text: '{name}, case {reference} is closed.' }, { reference: 'cmp-1' }).text // '{name}, case cmp-1 is closed.'
 */
export function renderTemplate(
  variant: TemplateVariant,
  parameters: Readonly<Record<string, string>>,
): { subject?: string; text: string } {
  const text = fill(variant.text, parameters);
  return variant.subject === undefined ? { text } : { subject: fill(variant.subject, parameters), text };
}

/**
 * The longest text and subject a dispatched contact carries (ContactDispatched): a template's
 * text (at most 1,000) with ten parameters of 200 characters each could exceed them.
 */
export const RENDERED_TEXT_MAX = 2000;
export const RENDERED_SUBJECT_MAX = 200;

/**
 * What is wrong with a request's parameters for `template`: a missing parameter, one the
 * template does not use, the reserved `name`, a value that looks like a personal identifier, a
 * rendered variant longer than a dispatched contact may carry. Paths and messages only, never a
 * value. Empty: the parameters fit.
 */
export function parameterProblems(
  template: TemplateVersion,
  parameters: Readonly<Record<string, string>> | undefined,
): { path: string; message: string }[] {
  const given = parameters ?? {};
  const problems: { path: string; message: string }[] = [];
  for (const name of template.parameters) {
    if (!Object.hasOwn(given, name)) {
      problems.push({
        path: `parameters.${name}`,
        message: `is required by template ${template.templateId}`,
      });
    }
  }
  for (const [name, value] of Object.entries(given)) {
    const path = `parameters.${name}`;
    if (name === RESERVED_PARAMETER) {
      problems.push({ path, message: 'is reserved: the name is filled in at delivery' });
    } else if (!template.parameters.includes(name)) {
      problems.push({ path, message: `is not a parameter of template ${template.templateId}` });
    } else if (looksLikePersonalIdentifier(value)) {
      problems.push({
        path,
        message: 'must not look like a personal identifier (ID, mobile or card number)',
      });
    }
  }
  if (problems.length > 0) return problems;
  for (const [channel, variant] of Object.entries(template.variants)) {
    if (variant === undefined) continue;
    const rendered = renderTemplate(variant, given);
    if (rendered.text.length > RENDERED_TEXT_MAX || (rendered.subject?.length ?? 0) > RENDERED_SUBJECT_MAX) {
      problems.push({
        path: 'parameters',
        message: `make the ${channel} text of template ${template.templateId} longer than a contact may be (${RENDERED_TEXT_MAX} characters, subject ${RENDERED_SUBJECT_MAX})`,
      });
    }
  }
  return problems;
}

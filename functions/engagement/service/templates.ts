import { canonicalJson } from '../../../shared/audit/index.js';
import { type IfMatchVersion, staleVersion, versionMatches } from '../../../shared/http/headers.js';
import { NotFoundError, PreconditionRequiredError, ValidationError } from '../../../shared/http/problem.js';
import { parseWith } from '../../../shared/http/validation.js';
import type { Clock } from '../../../shared/time/clock.js';
import { builtInTemplate, builtInTemplates } from '../domain/default-templates.js';
import { PARAMETERS_MAX, type TemplateBody, templateBodySchema } from '../domain/template-schemas.js';
import { templateParameters } from '../domain/templates.js';
import type { SavedTemplate, TemplateStore } from '../store/template-store.js';
import type { TemplateReader, TemplateVersion } from './ports.js';

/**
 * The template use cases (docs/domain-rules.md §18.4): the templates as contacts use them
 * (the current saved version, else the built-in one), and the admin's list, read and save.
 */
export interface TemplateDeps {
  readonly store: TemplateStore;
  readonly clock: Clock;
}

/** A template as the admin API shows it: the current version, saved or built in. */
export type TemplateView = TemplateVersion &
  (
    | { readonly source: 'built-in' }
    | { readonly source: 'saved'; readonly savedAt: string; readonly savedBy: string }
  );

function savedView(saved: SavedTemplate): TemplateView {
  return { ...versionOf(saved), source: 'saved', savedAt: saved.savedAt, savedBy: saved.savedBy };
}

function versionOf(template: TemplateVersion): TemplateVersion {
  return {
    templateId: template.templateId,
    version: template.version,
    purpose: template.purpose,
    locale: template.locale,
    variants: template.variants,
    parameters: template.parameters,
  };
}

/**
 * The current template `templateId` for the contact path: the version an admin saved last, else
 * the built-in one, else undefined (the contact is refused `unknown-template`).
 */
export function templateReader(store: TemplateStore): TemplateReader {
  return {
    current: async (templateId) => {
      const saved = await store.current(templateId);
      return saved === undefined ? builtInTemplate(templateId) : versionOf(saved);
    },
  };
}

/** Every template, saved or built in, each at its current version, by id. */
export async function listTemplates(deps: TemplateDeps): Promise<TemplateView[]> {
  const saved = new Map(
    (await deps.store.list()).map((template) => [template.templateId, savedView(template)]),
  );
  const builtIn = builtInTemplates()
    .filter((template) => !saved.has(template.templateId))
    .map((template): TemplateView => ({ ...template, source: 'built-in' }));
  return [...saved.values(), ...builtIn].sort((a, b) => a.templateId.localeCompare(b.templateId));
}

/** The template `templateId` at its current version, or a 404 `template-not-found`. */
export async function getTemplate(deps: TemplateDeps, templateId: string): Promise<TemplateView> {
  const saved = await deps.store.current(templateId);
  if (saved !== undefined) return savedView(saved);
  const builtIn = builtInTemplate(templateId);
  if (builtIn !== undefined) return { ...builtIn, source: 'built-in' };
  throw new NotFoundError('No template has this id, neither saved nor built in', {
    code: 'template-not-found',
  });
}

/**
 * What a new version may not change: callers request a template for its purpose and send exactly
 * its parameters, so a version that changed either would have every request of theirs refused.
 */
function contractProblems(
  body: TemplateBody,
  parameters: readonly string[],
  before: TemplateVersion | undefined,
) {
  const problems: { path: string; message: string }[] = [];
  if (parameters.length > PARAMETERS_MAX) {
    problems.push({ path: 'variants', message: `must use at most ${PARAMETERS_MAX} distinct parameters` });
  }
  if (before === undefined) return problems;
  if (body.purpose !== before.purpose) {
    problems.push({
      path: 'purpose',
      message: `must stay ${before.purpose}: callers request this template for it`,
    });
  }
  if (canonicalJson(parameters) !== canonicalJson([...before.parameters].sort())) {
    const expected = before.parameters.length === 0 ? 'none' : before.parameters.join(', ');
    problems.push({
      path: 'variants',
      message: `must use the parameters callers send (${expected}); a template with others needs a new id`,
    });
  }
  return problems;
}

function variantsOf(body: TemplateBody): TemplateVersion['variants'] {
  return Object.fromEntries(Object.entries(body.variants).filter(([, variant]) => variant !== undefined));
}

/**
 * Saves `body` as the next version of `templateId`. Once a version is saved, If-Match must name
 * it (428 without, 412 when it moved); the first save of a template needs none (or the built-in
 * version's ETag). A built-in template's first save is version 2. The purpose and the parameters
 * of an existing template stay (422). A body equal to the current saved version writes nothing.
 */
export async function putTemplate(
  deps: TemplateDeps,
  templateId: string,
  expected: IfMatchVersion | undefined,
  body: unknown,
  savedBy: string,
): Promise<TemplateView> {
  const parsed = parseWith(templateBodySchema, body, 'body');
  const current = await deps.store.current(templateId);
  const before: TemplateVersion | undefined = current ?? builtInTemplate(templateId);
  const currentVersion = before?.version ?? 0;
  if (current !== undefined && expected === undefined) {
    throw new PreconditionRequiredError('The If-Match header is required: send the ETag you read');
  }
  if (expected !== undefined && !versionMatches(expected, currentVersion)) {
    throw staleVersion(`template ${templateId}`, expected, currentVersion);
  }
  const variants = variantsOf(parsed);
  const parameters = templateParameters(variants);
  const problems = contractProblems(parsed, parameters, before);
  if (problems.length > 0) throw new ValidationError(problems, 'The template is not valid');

  const next: TemplateVersion = {
    templateId,
    version: currentVersion + 1,
    purpose: parsed.purpose,
    locale: parsed.locale,
    variants,
    parameters,
  };
  // A retried PUT of what is already saved: nothing to write.
  if (current !== undefined && canonicalJson(contentOf(current)) === canonicalJson(contentOf(next))) {
    return savedView(current);
  }
  const saved: SavedTemplate = { ...next, savedAt: deps.clock.now().toISOString(), savedBy };
  const outcome = await deps.store.save(current?.version, saved);
  if (!outcome.ok) {
    const winner = await deps.store.current(templateId);
    throw staleVersion(`template ${templateId}`, expected ?? currentVersion, winner?.version);
  }
  return savedView(saved);
}

function contentOf(template: TemplateVersion) {
  return { purpose: template.purpose, locale: template.locale, variants: template.variants };
}

import type { AnyRouteContract } from '../../../shared/http/contract.js';
import { defineRoute } from '../../../shared/http/contract.js';
import { templateBodySchema, templateParamsSchema } from '../domain/template-schemas.js';
import {
  builtInTemplateExample,
  savedTemplateExample,
  templateListExample,
  templateListSchema,
  templateViewSchema,
} from './template-responses.js';

/** The path of one template. */
export const TEMPLATE_PATH = '/v1/engagement/templates/{templateId}';

/**
 * The template admin API (docs/domain-rules.md §18.4): every operation's contract.
 * `api/template-handlers.ts` implements them.
 */
export const templateRoutes = {
  listTemplates: defineRoute({
    method: 'GET',
    path: '/v1/engagement/templates',
    summary: 'List the contact templates',
    description:
      'Every template at its current version: those an admin saved (`source: "saved"`) and the built-in ones no admin has replaced (`source: "built-in"`, version 1), by id. Any staff role may read them.',
    action: 'template:list',
    responses: {
      200: { description: 'Every template, by id', schema: templateListSchema, example: templateListExample },
    },
  }),
  getTemplate: defineRoute({
    method: 'GET',
    path: TEMPLATE_PATH,
    summary: 'Read one contact template',
    description:
      'The current version, saved or built in, with its version as ETag (send it back in If-Match to save the next one). An id neither saved nor built in is a 404 `template-not-found`.',
    action: 'template:list',
    params: templateParamsSchema,
    responses: {
      200: {
        description: 'The template at its current version',
        schema: templateViewSchema,
        example: builtInTemplateExample,
        headers: ['etag'],
      },
    },
    problems: [404],
  }),
  putTemplate: defineRoute({
    method: 'PUT',
    path: TEMPLATE_PATH,
    summary: 'Save the next version of a contact template',
    description:
      'The whole version: purpose, locale and one variant per channel (`sms` text ≤ 500 characters; `email` subject ≤ 200 and text ≤ 1,000; `app-push` text ≤ 1,000). Texts name parameters in braces, `{reference}` (a lower-case letter, then letters and digits, at most 10 per template); `{name}` is reserved and filled in with the customer’s name at delivery. A literal that looks like an ID, mobile or card number is refused. Once a version is saved, If-Match must name it (428 without it, 412 when it moved); the first save needs none, or the built-in version’s ETag (a built-in template’s first saved version is 2). The purpose and the parameters of an existing template cannot change (422): callers send exactly those. Old versions are kept; a body equal to the current version writes nothing.',
    action: 'template:write',
    params: templateParamsSchema,
    body: templateBodySchema,
    headers: { 'if-match': 'optional' },
    responses: {
      200: {
        description: 'The template as now saved, with its new version',
        schema: templateViewSchema,
        example: savedTemplateExample,
        headers: ['etag'],
      },
    },
    problems: [412, 428],
  }),
} satisfies Readonly<Record<string, AnyRouteContract>>;

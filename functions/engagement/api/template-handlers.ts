import { callerOf } from '../../../shared/http/caller.js';
import { etag, headerValue, ifMatchVersion } from '../../../shared/http/headers.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import type { ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import {
  getTemplate,
  listTemplates,
  putTemplate,
  type TemplateDeps,
  type TemplateView,
} from '../service/templates.js';
import { templateRoutes } from './template-routes.js';

function templateResult(view: TemplateView): ApiResult {
  // An admin editing a template must see the stored version, not a cached copy.
  return { statusCode: 200, body: view, headers: { etag: etag(view.version), 'cache-control': 'no-store' } };
}

/** The template admin API: each contract of `api/template-routes.ts` bound to its use case. */
export function templateApi(deps: TemplateDeps): RouteDefinition[] {
  return implementRoutes(templateRoutes, {
    listTemplates: async () => ({ statusCode: 200, body: { items: await listTemplates(deps) } }),
    getTemplate: async (request) => templateResult(await getTemplate(deps, request.params.templateId)),
    putTemplate: async (request) => {
      const { auth } = callerOf(request);
      // Optional here: the first save of a template has no version to name (the use case
      // requires it once one exists).
      const expected =
        headerValue(request.headers, 'if-match') === undefined ? undefined : ifMatchVersion(request.headers);
      return templateResult(
        await putTemplate(deps, request.params.templateId, expected, request.body, auth.sub),
      );
    },
  });
}

import { createHttpApi } from '../../../shared/http/api-handler.js';
import { customerDepsFromEnv } from '../runtime.js';
import { keyMaterialFromEnv } from '../runtime-keys.js';
import { stepFunctionsFromEnv } from '../runtime-workflows.js';
import { customerRoutes } from './api-routes.js';

/** The customers API Lambda: every route of the capability, dispatched by the HTTP router. */
export const handler = createHttpApi(
  customerRoutes(
    customerDepsFromEnv(process.env, { keys: keyMaterialFromEnv, workflows: stepFunctionsFromEnv }),
  ),
);

import { createHttpApi } from '../../../shared/http/index.js';
import { customerDepsFromEnv } from '../runtime.js';
import { customerRoutes } from './api-routes.js';

/** The customers API Lambda: every route of the capability, dispatched by the HTTP router. */
export const handler = createHttpApi(customerRoutes(customerDepsFromEnv()));

import { createHttpApi } from '../../../shared/http/api-handler.js';
import { activityRuntimeFromEnv } from '../runtime.js';
import { activityRoutes } from './api-routes.js';
import { segmentationConfigRoutes } from './config-routes.js';

const { deps, configStore } = activityRuntimeFromEnv(process.env);

/** The activity API Lambda: profile, segment summary, transaction batches, segmentation configuration. */
export const handler = createHttpApi([...activityRoutes(deps), ...segmentationConfigRoutes({ configStore })]);

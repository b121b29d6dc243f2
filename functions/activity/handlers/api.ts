import { createHttpApi } from '../../../shared/http/api-handler.js';
import { activityRuntimeFromEnv } from '../runtime.js';
import { activityRoutes } from './api-routes.js';
import { segmentationConfigRoutes } from './config-routes.js';

const { deps, configStore } = activityRuntimeFromEnv(process.env);

/** The activity API Lambda: profile, segment summary, transaction batches, segmentation configuration. */
export const handler = createHttpApi(
  [...activityRoutes(deps), ...segmentationConfigRoutes({ configStore })],
  {
    // A batch of 500 transactions is about 150 KB; 1 MiB leaves room and stays far below
    // API Gateway's 10 MB.
    maxBodyBytes: 1024 * 1024,
  },
);

import { callerOf } from '../../../shared/http/caller.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import { etag, ifMatchVersion } from '../../../shared/http/index.js';
import type { ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { readKpis } from '../service/kpis.js';
import type { TaskDeps } from '../service/task-deps.js';
import { attempt, listTasks } from '../service/tasks.js';
import { taskRoutes } from './task-routes.js';

const json = (statusCode: number, body: unknown, headers?: Record<string, string>): ApiResult => ({
  statusCode,
  body,
  ...(headers === undefined ? {} : { headers }),
});

/** The return-visit and KPI routes bound to their use cases. */
export function taskApi(deps: TaskDeps): RouteDefinition[] {
  return implementRoutes(taskRoutes, {
    listReturnVisits: async (request) =>
      json(200, await listTasks(deps, callerOf(request).auth, request.query)),
    recordVisitAttempt: async (request) => {
      const { auth, actor } = callerOf(request);
      const expected = ifMatchVersion(request.headers);
      const result = await attempt(
        deps,
        { auth, actor, taskId: request.params.taskId, expected },
        request.body,
      );
      return json(200, { task: result.task, history: result.attempts }, { etag: etag(result.task.version) });
    },
    readEngagementKpis: async (request) =>
      json(200, await readKpis(deps, callerOf(request).auth, request.query), { 'cache-control': 'no-store' }),
  });
}

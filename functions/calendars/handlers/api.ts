import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { calendarsApi } from '../api/route-handlers.js';
import { calendarsPolicy } from '../policy.js';
import { setup } from '../setup.js';

/** The calendars API Lambda: read and load one year of the working-day calendar. */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  return createHttpApi(calendarsApi(deps), { policy: calendarsPolicy });
}

export const handler = createHandler(lambdaRuntime());

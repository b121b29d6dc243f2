import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { engagementAreas } from '../service/areas.js';
import { setup } from '../setup.js';
import { keyMaterial } from '../setup-keys.js';
import { surveyTokenSigner } from '../setup-survey-tokens.js';

/**
 * EventBridge target of every engagement subscription: customer facts and consents, delivery
 * results, grades, complaints, calendar years, other capabilities' contact requests, retention
 * cases' survey requests and engagement's own SurveyAnswered. Each area applies what is its own, idempotently; an
 * unprocessable event goes to this function's DLQ with its reason (eventBridgeHandler).
 */
export function createHandler(runtime: Runtime) {
  const base = setup(runtime, { keys: keyMaterial, surveyTokens: surveyTokenSigner });
  const areas = engagementAreas(base);
  return eventBridgeHandler(
    async (event) => {
      for (const area of areas) await area.consume(event);
    },
    { env: runtime.env },
  );
}

export const handler = createHandler(lambdaRuntime());

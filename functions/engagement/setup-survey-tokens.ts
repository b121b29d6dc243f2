import { macSignerFor } from '../../shared/crypto/mac-signer.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { SURVEY_TOKEN_LABEL } from './domain/survey.js';
import type { SurveyTokenSigner } from './service/ports.js';

/**
 * The survey token signer: KMS GenerateMac/VerifyMac with the dedicated HMAC key in
 * `SURVEY_TOKEN_KEY_ID` in a deployed function (EngagementApi may only verify; the consumer and
 * the scheduler, which send links, may sign), the local cloud's survey token key file locally.
 * Imported only by the handlers that sign or check links, so no other bundle carries the client.
 */
export const surveyTokenSigner = (runtime: Runtime): SurveyTokenSigner =>
  macSignerFor(runtime, {
    label: SURVEY_TOKEN_LABEL,
    keyIdVariable: 'SURVEY_TOKEN_KEY_ID',
    localKeyFile: (keys) => keys.surveyTokenKeyFile,
    purpose: 'sign or check survey links',
  });

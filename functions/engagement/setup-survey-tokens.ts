import type { Runtime } from '../../shared/runtime/runtime.js';
import type { SurveyTokenSigner } from './service/ports.js';

// SKELETON (helper: surveys): the survey token signer (KMS HMAC in AWS, a local key file locally).
export const surveyTokenSigner = (_runtime: Runtime): SurveyTokenSigner => {
  throw new Error('not built yet');
};

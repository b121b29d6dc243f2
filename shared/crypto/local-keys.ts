import { isDeployedLambda, type Runtime } from '../runtime/runtime.js';
import { CryptoConfigError } from './errors.js';

/**
 * Local key files are for the local cloud only: refused in a deployed Lambda function however
 * they got into its runtime (the product builds a function's runtime from `process.env` alone,
 * where they cannot be named; this is the second lock).
 */
export function localKeysOf(runtime: Runtime): Runtime['localKeys'] {
  if (runtime.localKeys !== undefined && isDeployedLambda(runtime.env)) {
    throw new CryptoConfigError('Local key files are refused in a deployed Lambda function');
  }
  return runtime.localKeys;
}

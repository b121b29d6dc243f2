import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';

/** SKELETON: replaced by its owner (see /work/briefs/t-design.md). */
export function createHandler(_runtime: Runtime): () => Promise<never> {
  return async () => {
    throw new Error('Not built yet');
  };
}

export const handler = createHandler(lambdaRuntime());

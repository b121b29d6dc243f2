import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { bundleFunction } from './bundling.js';

/** Repository root: every `FunctionSpec.entry` is relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A function's code: its entry bundled by esbuild in process ({@link bundleFunction}, the same
 * build the bench measures), entry module plus chunks. The asset is hashed by its output, so an
 * unchanged bundle is not uploaded again. The image is never pulled: the local build always
 * succeeds or throws. `cdk synth` with an empty `aws:cdk:bundling-stacks` skips the build.
 */
export function functionCode(entry: string): Code {
  return Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // The build's input, named here because CDK keys its staging cache on the options it can
      // serialise (not the local hook): without it every function got the first one's bundle.
      environment: { FUNCTION_ENTRY: entry },
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: {
        tryBundle(outputDir) {
          bundleFunction(`${REPO_ROOT}${entry}`, outputDir);
          return true;
        },
      },
    },
  });
}

import type { ResolveHook } from 'node:module';

/**
 * Module resolve hook (registered with `module.register` by generate-api-client.ts): gives
 * openapi-typescript the TypeScript 5 compiler API it prints with (`ts.factory`,
 * `ts.createPrinter`). The repository's own `typescript` is TypeScript 7, which no longer has
 * that API, so openapi-typescript crashes on import next to it; TypeScript 5.9 is installed
 * beside it under the npm alias `typescript5`. Only imports made from inside
 * openapi-typescript are redirected: everything else keeps TypeScript 7.
 */
export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (specifier === 'typescript' && context.parentURL?.includes('/node_modules/openapi-typescript/')) {
    return nextResolve('typescript5', context);
  }
  return nextResolve(specifier, context);
};

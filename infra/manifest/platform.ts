import type { CapabilityManifest } from './types.js';

/** Platform-level endpoints that belong to no business capability. */
export const platformManifest: CapabilityManifest = {
  name: 'platform',
  tables: [],
  functions: [
    {
      id: 'Health',
      entry: 'functions/health/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 3,
      tables: [],
    },
  ],
  api: {
    functionId: 'Health',
    routes: [{ method: 'GET', path: '/v1/health', authorized: false }],
  },
};

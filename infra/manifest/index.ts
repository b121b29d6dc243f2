import { activityManifest } from '../../functions/activity/manifest.js';
import { customersManifest } from '../../functions/customers/manifest.js';
import { platformManifest } from './platform.js';
import type { CapabilityManifest } from './types.js';

export type * from './types.js';

/** Every capability the app deploys, in deployment order. */
export const capabilities: readonly CapabilityManifest[] = [
  platformManifest,
  customersManifest,
  activityManifest,
];

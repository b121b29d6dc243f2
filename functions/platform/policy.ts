import { definePolicy } from '../../shared/auth/policy.js';

/** The platform's routes are public (the health check): it declares no action. */
export const platformPolicy = definePolicy({});

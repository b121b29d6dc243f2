/**
 * The zod the product uses: zod mini (functional checks, tree-shakable, a fraction of zod
 * classic's bytes in every Lambda bundle) with zod's English messages.
 *
 * Zod mini loads no locale, so without this every issue would read "Invalid input". The
 * English locale is imported by its own path: `z.locales.en()` would bundle every locale.
 * Classic and mini share one global config, so this agrees with any classic schema in tests.
 * Product code imports zod from here, never from 'zod' or 'zod/mini' directly.
 *
 * @example
 *   import * as z from '../zod.js';
 *   const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

import * as z from '../../../shared/zod.js';
import { DEFAULT_SEGMENTATION_CONFIG, segmentationConfigSchema } from '../domain/segmentation/config.js';
import { instant } from './responses.js';

/**
 * Response schema of `GET` and `PUT /v1/config/segmentation`, strict like every activity
 * response (responses.ts) and built on first use. The examples are synthetic.
 */

/**
 * `GET` and `PUT /v1/config/segmentation` (200, the version as ETag; admins only): the
 * configuration in force. Version 0 is the defaults (docs/domain-rules.md §14.1), never saved:
 * no `updatedAt`/`updatedBy`. A saved version says when and by whom (the admin's subject). A
 * PUT of a configuration equal to the current one answers the current version unchanged.
 *
 * This document is also what `PUT` takes (`segmentationConfigDocumentSchema`): a client edits
 * `config` and sends the whole document back; `version`, `updatedAt` and `updatedBy` are
 * read-only and accepted as read.
 */
export const segmentationConfigViewSchema = z.lazy(() =>
  z
    .union([
      z.strictObject({ version: z.literal(0), config: segmentationConfigSchema }),
      z.strictObject({
        version: z.number().check(z.int(), z.positive()),
        config: segmentationConfigSchema,
        updatedAt: instant(),
        updatedBy: z.string().check(z.minLength(1)),
      }),
    ])
    .check(z.describe('The segmentation configuration in force and its version (0: the defaults)')),
);

/** Example: the defaults, before any admin changed them. */
export const defaultSegmentationConfigViewExample = {
  version: 0,
  config: DEFAULT_SEGMENTATION_CONFIG,
} satisfies z.input<typeof segmentationConfigViewSchema>;

/** Example: version 3, the high-asset threshold raised to 800,000 CNY. */
export const segmentationConfigViewExample = {
  version: 3,
  config: {
    ...DEFAULT_SEGMENTATION_CONFIG,
    assets: { ...DEFAULT_SEGMENTATION_CONFIG.assets, highMinMinor: 80_000_000 },
  },
  updatedAt: '2026-03-02T01:00:00.000Z',
  updatedBy: 'user-admin-1',
} satisfies z.input<typeof segmentationConfigViewSchema>;

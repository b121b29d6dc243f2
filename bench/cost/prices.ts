import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Region } from './profile.js';

/**
 * List prices as data (bench/cost/prices/<region>.json), each with its source and how far it
 * can be trusted: `aws` (read on an AWS pricing page), `third-party` (a pricing guide quoting
 * it), `unverified` (not found in the stored pages; where it was recalled from is said).
 */
export const PRICE_ITEMS = [
  'dynamodb.writeRequestUnits',
  'dynamodb.readRequestUnits',
  'dynamodb.storageGbMonth',
  'dynamodb.pitrGbMonth',
  'lambda.requests',
  'lambda.armGbSeconds',
  'kms.requests',
  'kms.keyMonths',
  'stepfunctions.stateTransitions',
  'eventbridge.customEvents',
  'eventbridge.archiveGb',
  'scheduler.invocations',
  'sqs.standardRequests',
  'sqs.fifoRequests',
  'apigateway.httpRequests',
  'cloudwatch.logsIngestedGb',
  'cloudwatch.metricMonths',
  'cloudwatch.alarmMetricMonths',
  'cloudwatch.dashboardMonths',
  'secretsmanager.secretMonths',
  'xray.traces',
] as const;

export type PriceItem = (typeof PRICE_ITEMS)[number];

const priceSchema = z.strictObject({
  price: z.number().nonnegative(),
  /** The price is for this many units. */
  per: z.number().positive(),
  unit: z.string().min(1),
  provenance: z.enum(['aws', 'third-party', 'unverified']),
  source: z.string().min(1),
});

export type Price = z.infer<typeof priceSchema>;

export const priceListSchema = z.strictObject({
  region: z.string(),
  currency: z.enum(['USD', 'CNY']),
  /** The day the prices were read. */
  asOf: z.iso.date(),
  note: z.string(),
  items: z
    .record(z.enum(PRICE_ITEMS), priceSchema)
    .refine((items) => PRICE_ITEMS.every((item) => item in items), 'every price item needs a price'),
});

export type PriceList = z.infer<typeof priceListSchema>;

const PRICES_DIR = join(import.meta.dirname, 'prices');

export async function loadPrices(region: Region): Promise<PriceList> {
  const text = await readFile(join(PRICES_DIR, `${region}.json`), 'utf8');
  return priceListSchema.parse(JSON.parse(text));
}

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Infrastructure } from './infrastructure.js';
import type { Measurement } from './measure.js';
import { type Quantities, type QuantityKey, splitKey } from './model.js';

/**
 * What `npm run cost` keeps of a run in bench/results/cost.json, read back by `--reuse-counts`
 * (another profile or region priced without running the local cloud again).
 */
const quantitiesSchema = z.record(z.string(), z.number());

const storedRunSchema = z.object({
  measurement: z.object({
    counts: z.object({
      perUnit: z.object({
        customer: quantitiesSchema,
        onboarding: quantitiesSchema,
        transaction: quantitiesSchema,
        apiCall: quantitiesSchema,
        complaint: quantitiesSchema,
        contact: quantitiesSchema,
      }),
      fixedPerMonth: quantitiesSchema,
    }),
    samples: z.object({
      customer: z.number(),
      onboarding: z.number(),
      transaction: z.number(),
      apiCall: z.number(),
      complaint: z.number(),
      contact: z.number(),
    }),
    periodicJobs: z.array(z.object({ id: z.string(), expression: z.string(), runsPerMonth: z.number() })),
    customMetrics: z.number(),
    notes: z.array(z.string()),
  }),
  infra: z.object({ fixedPerMonth: quantitiesSchema, counts: z.record(z.string(), z.number()) }),
});

/** Keys checked against the price items (an unknown one is refused). */
function quantities(stored: Readonly<Record<string, number>>): Quantities {
  const result: Partial<Record<QuantityKey, number>> = {};
  for (const [key, value] of Object.entries(stored)) {
    const { item, detail } = splitKey(key);
    result[`${item}|${detail}`] = value;
  }
  return result;
}

export function readStoredRun(file: string): { measurement: Measurement; infra: Infrastructure } {
  const { measurement, infra } = storedRunSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const perUnit = measurement.counts.perUnit;
  return {
    measurement: {
      ...measurement,
      counts: {
        perUnit: {
          customer: quantities(perUnit.customer),
          onboarding: quantities(perUnit.onboarding),
          transaction: quantities(perUnit.transaction),
          apiCall: quantities(perUnit.apiCall),
          complaint: quantities(perUnit.complaint),
          contact: quantities(perUnit.contact),
        },
        fixedPerMonth: quantities(measurement.counts.fixedPerMonth),
      },
    },
    infra: { fixedPerMonth: quantities(infra.fixedPerMonth), counts: infra.counts },
  };
}

import type { FactsRecord } from '../domain/facts-mirror.js';
import type { KpiAddition } from './contact-store.js';

/** The facts mirror's item per customer (`CUSTOMER#<id>`/`FACTS`). */
export interface FactsStore {
  get(customerId: string): Promise<FactsRecord | undefined>;
  /**
   * Writes `facts` if the stored revision is still `expectedRevision` (0: none stored), with
   * the KPI counters the change adds. False when another write came first: read and apply again.
   */
  put(facts: FactsRecord, expectedRevision: number, kpi?: KpiAddition): Promise<boolean>;
}

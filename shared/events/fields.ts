import * as z from '../zod.js';

/**
 * Field types that events may carry. They are deliberately narrow: ids and codes are ASCII
 * tokens, so a name, an address or free text cannot be passed off as one.
 */

/** An opaque id or code (customer id, RM id, branch code): ASCII letters, digits, `_ . : -`. */
export const idField = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'Expected an id: ASCII letters, digits and _ . : -'));

/** An instant in ISO 8601 UTC, e.g. `2026-03-01T08:00:00.000Z`. */
export const instantField = z.iso.datetime();

/** The name of a record field (camelCase, dotted for nested ones), never its value. */
export const fieldNameField = z
  .string()
  .check(z.regex(/^[a-z][A-Za-z0-9]{0,63}(\.[a-z][A-Za-z0-9]{0,63}){0,3}$/, 'Expected a field name'));

/** The part every event detail carries: its own id (consumers deduplicate on it) and time. */
export const envelopeShape = {
  /** Unique per event; consumers are idempotent on it (delivery is at least once). */
  eventId: idField,
  /** When the state change happened, ISO 8601 UTC. */
  occurredAt: instantField,
};
export type EventEnvelope = { eventId: string; occurredAt: string };

import { newId } from '../ids.js';
import * as z from '../zod.js';
import { issueSummaries } from '../zod-issues.js';
import { type EventEnvelope, envelopeShape } from './fields.js';

/** A strict zod object: unknown keys are rejected, so nothing undeclared reaches the bus. */
export type StrictObjectSchema = z.ZodMiniObject<z.core.$ZodLooseShape, z.core.$strict>;

/** One event type of the catalogue: where it comes from, its name, and its detail's schema. */
export interface EventDefinition<Schema extends StrictObjectSchema = StrictObjectSchema> {
  /** `crm.<capability>` for our own events. */
  readonly source: string;
  /** PascalCase name, EventBridge's `detail-type`. */
  readonly detailType: string;
  readonly schema: Schema;
  /** What happened and what a consumer may rely on (the event catalogue document shows it). */
  readonly description: string;
}

/** The validated detail of an event, as consumers receive it. */
export type EventDetail<D extends EventDefinition> = z.output<D['schema']> & EventEnvelope;

/** What a producer supplies: the detail, with the envelope (`eventId`, `occurredAt`) optional. */
export type EventDetailInput<D extends EventDefinition> = Omit<z.input<D['schema']>, keyof EventEnvelope> &
  Partial<EventEnvelope>;

/** An event ready for the outbox or the bus. */
export interface CrmEvent<Detail extends EventEnvelope = EventEnvelope & Record<string, unknown>> {
  readonly source: string;
  readonly detailType: string;
  readonly detail: Detail;
}

/** An event's detail did not match its schema. Carries paths and messages, never values. */
export class InvalidEventError extends Error {
  readonly code = 'EVENT_INVALID';
  override readonly name = 'InvalidEventError';

  constructor(
    readonly detailType: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(
      `Invalid ${detailType} event: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
}

/**
 * Declares an event type: its detail is the common envelope plus `shape`, strict; the
 * description says what happened and what a consumer may rely on, never personal data.
 *
 * @example
 *   const Ping = defineEvent('crm.platform', 'Ping', { target: idField }, 'The platform was pinged.');
 */
export function defineEvent<
  const Source extends string,
  const DetailType extends string,
  Shape extends z.core.$ZodLooseShape,
>(source: Source, detailType: DetailType, shape: Shape, description: string) {
  return {
    source,
    detailType,
    schema: z.strictObject({ ...envelopeShape, ...shape }),
    description,
  } as const;
}

/** Validates `detail` against `definition`, throwing {@link InvalidEventError}. */
export function parseEventDetail<D extends EventDefinition>(definition: D, detail: unknown): EventDetail<D> {
  const result = definition.schema.safeParse(detail);
  if (!result.success) {
    throw new InvalidEventError(definition.detailType, issueSummaries(result.error.issues));
  }
  // Every definition's schema includes the envelope (defineEvent adds it).
  return result.data as EventDetail<D>;
}

/**
 * Builds an event of `definition`, filling `eventId` (`evt_<ULID>`) and `occurredAt` (`now`,
 * the producer's clock) when absent, and validates it: a producer cannot emit an undeclared
 * field.
 *
 * @example
 *   const event = buildEvent(CustomerErased, { customerId: 'cus_01J…', at: now.toISOString() }, now);
 *   // { source: 'crm.customers', detailType: 'CustomerErased', detail: { eventId, occurredAt, … } }
 */
export function buildEvent<D extends EventDefinition>(
  definition: D,
  detail: EventDetailInput<D>,
  now: Date,
): CrmEvent<EventDetail<D>> {
  const withEnvelope = {
    ...detail,
    eventId: detail.eventId ?? newId('evt', now),
    occurredAt: detail.occurredAt ?? now.toISOString(),
  };
  const parsed = parseEventDetail(definition, withEnvelope);
  return { source: definition.source, detailType: definition.detailType, detail: parsed };
}

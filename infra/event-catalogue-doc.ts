import { toJSONSchema } from 'zod/v4/core';
import type { EventDefinition } from '../shared/events/define.js';
import { envelopeShape } from '../shared/events/fields.js';

/**
 * The event catalogue as a document front-end and integration teams can read: every event on
 * the bus, who sends it, what it means and the JSON Schema of its detail.
 *
 * Format: AsyncAPI 3.0, because it fits EventBridge without contortions and brings tooling
 * (AsyncAPI Studio renders it, generators make docs and types from it):
 * - one channel per `source`, its address the source: EventBridge rules select on the source
 *   first, as a broker's consumers select a topic;
 * - one message per `detail-type` (its `name`), the payload the JSON Schema of the `detail`;
 * - operations from FinCRM's point of view: `send` for what a capability publishes
 *   (`crm.<capability>`), `receive` for what the bank's systems publish to our bus;
 * - no `servers`: the bus is one per deployment (stage and account), named by the CDK app.
 * What AsyncAPI has no field for is in `x-eventbridge` (source, detail-type, direction).
 *
 * Payload schemas are JSON Schema draft-07, the dialect AsyncAPI's default schema format
 * extends, so no `schemaFormat` is needed.
 */

export type EventDirection = 'published' | 'inbound';

/** A JSON Schema object as `toJSONSchema` produces it. */
type JsonSchema = Record<string, unknown>;

interface Reference {
  readonly $ref: string;
}

export interface AsyncApiMessage {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly description?: string;
  readonly contentType: 'application/json';
  readonly tags: readonly { readonly name: string }[];
  readonly payload: JsonSchema;
  readonly 'x-eventbridge': {
    readonly source: string;
    readonly detailType: string;
    readonly direction: EventDirection;
  };
}

export interface AsyncApiChannel {
  readonly address: string;
  readonly title: string;
  readonly description: string;
  readonly messages: Readonly<Record<string, Reference>>;
}

export interface AsyncApiOperation {
  readonly action: 'send' | 'receive';
  readonly title: string;
  readonly description: string;
  readonly channel: Reference;
  readonly messages: readonly Reference[];
}

/** The AsyncAPI 3.0 document {@link buildEventCatalogueDocument} produces. */
export interface EventCatalogueDocument {
  readonly asyncapi: '3.0.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly defaultContentType: 'application/json';
  readonly channels: Readonly<Record<string, AsyncApiChannel>>;
  readonly operations: Readonly<Record<string, AsyncApiOperation>>;
  readonly components: { readonly messages: Readonly<Record<string, AsyncApiMessage>> };
}

export interface EventCatalogueOptions {
  /** The document's version (default `1`). */
  readonly version?: string;
}

const CAPABILITY_SOURCE = /^crm\.([a-z][a-z0-9-]*)$/;

/** `published` for a capability's own events (`crm.<capability>`), `inbound` for anything else. */
export function eventDirection(source: string): EventDirection {
  return CAPABILITY_SOURCE.test(source) ? 'published' : 'inbound';
}

/** AsyncAPI component and operation keys: letters, digits, `.`, `-`, `_`. */
function keyFor(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** One JSON Pointer token (RFC 6901). */
function pointerToken(text: string): string {
  return text.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** `CustomerSegmentChanged` → `Customer segment changed`. */
function titleOf(detailType: string): string {
  const words = detailType.split(/(?=[A-Z])/).map((word, i) => (i === 0 ? word : word.toLowerCase()));
  return words.join(' ');
}

/** The first sentence of a description, for renderers that show a one-liner. */
function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The envelope fields every detail carries (`eventId`, `occurredAt`). */
const ENVELOPE_FIELDS: readonly string[] = Object.keys(envelopeShape);

/**
 * The detail's JSON Schema, as a producer must send it (inbound) or as a consumer receives it
 * (published). An inbound producer need not send the envelope: FinCRM fills `eventId` and
 * `occurredAt` from EventBridge's `id` and `time` (`parseExternalEvent`), so there they are
 * optional, and say so.
 */
function payloadSchema(definition: EventDefinition, direction: EventDirection): JsonSchema {
  const generated: unknown = toJSONSchema(definition.schema, {
    target: 'draft-7',
    io: direction === 'published' ? 'output' : 'input',
    unrepresentable: 'throw',
  });
  if (!isRecord(generated)) throw new Error(`${definition.detailType}: its schema is not a JSON object`);
  const { $schema: _dialect, ...schema } = generated;
  if (direction === 'published') return schema;
  const required = Array.isArray(schema.required) ? schema.required.filter(isString) : [];
  const properties = isRecord(schema.properties) ? { ...schema.properties } : {};
  for (const field of ENVELOPE_FIELDS) {
    const property = properties[field];
    if (isRecord(property)) {
      properties[field] = {
        ...property,
        description:
          field === 'eventId'
            ? "Optional from producers: taken from the EventBridge event's `id` when absent. Send a stable one: it survives PutEvents retries, EventBridge's id does not."
            : "Optional from producers: taken from the EventBridge event's `time` when absent.",
      };
    }
  }
  return { ...schema, properties, required: required.filter((name) => !ENVELOPE_FIELDS.includes(name)) };
}

function channelDescription(source: string, direction: EventDirection): string {
  const capability = CAPABILITY_SOURCE.exec(source)?.[1];
  return direction === 'published'
    ? `Events with EventBridge \`source\` \`${source}\`, published by the ${capability ?? source} capability through its outbox (at least once; consumers deduplicate on \`eventId\`).`
    : `Events with EventBridge \`source\` \`${source}\`, published to the FinCRM bus by the bank's ${source} system and consumed by FinCRM. Only that system may publish this source.`;
}

/**
 * Builds the AsyncAPI 3.0 document of `definitions` (usually `eventCatalogue`): per event its
 * source, detail-type, direction, description and the JSON Schema of its detail. Throws on two
 * definitions with the same source and detail-type, which EventBridge could not tell apart.
 * @example writeFileSync('events.json', JSON.stringify(buildEventCatalogueDocument(eventCatalogue), null, 2));
 */
export function buildEventCatalogueDocument(
  definitions: readonly EventDefinition[],
  options: EventCatalogueOptions = {},
): EventCatalogueDocument {
  const channels: Record<string, AsyncApiChannel> = {};
  const operations: Record<string, AsyncApiOperation> = {};
  const messages: Record<string, AsyncApiMessage> = {};
  const seen = new Set<string>();

  for (const definition of definitions) {
    const { source, detailType } = definition;
    const identity = `${source}\n${detailType}`;
    if (seen.has(identity)) throw new Error(`Event ${source} ${detailType} is declared twice`);
    seen.add(identity);
    const direction = eventDirection(source);
    const channelKey = keyFor(source);
    const messageKey = keyFor(`${source}.${detailType}`);
    const description = definition.description;

    messages[messageKey] = {
      name: detailType,
      title: titleOf(detailType),
      summary: firstSentence(description),
      description,
      contentType: 'application/json',
      tags: [{ name: source }, { name: direction }],
      payload: payloadSchema(definition, direction),
      'x-eventbridge': { source, detailType, direction },
    };

    const channel = channels[channelKey] ?? {
      address: source,
      title: source,
      description: channelDescription(source, direction),
      messages: {},
    };
    channels[channelKey] = {
      ...channel,
      messages: {
        ...channel.messages,
        [detailType]: { $ref: `#/components/messages/${pointerToken(messageKey)}` },
      },
    };

    const operationKey = keyFor(`${direction === 'published' ? 'publish' : 'consume'}.${source}`);
    const operation = operations[operationKey] ?? {
      action: direction === 'published' ? 'send' : 'receive',
      title:
        direction === 'published' ? `FinCRM publishes ${source} events` : `FinCRM consumes ${source} events`,
      description:
        direction === 'published'
          ? `Every event of \`${source}\`, put on the bus in the same transaction as the change it announces (outbox).`
          : `Every event of \`${source}\` FinCRM reads; an event that can never be applied goes to the consumer's dead-letter queue with a code and reason.`,
      channel: { $ref: `#/channels/${pointerToken(channelKey)}` },
      messages: [],
    };
    operations[operationKey] = {
      ...operation,
      messages: [
        ...operation.messages,
        { $ref: `#/channels/${pointerToken(channelKey)}/messages/${pointerToken(detailType)}` },
      ],
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'FinCRM events',
      version: options.version ?? '1',
      description: [
        'Every event on the FinCRM EventBridge bus, declared once in `shared/events/` (zod).',
        'A channel is an EventBridge `source` (its address); a message is a `detail-type` (its name); the payload is the `detail`.',
        '`send` operations are what FinCRM capabilities publish (`crm.<capability>`); `receive` operations are what the bank’s systems publish to the bus.',
        'Events carry ids and C1 attributes only, never personal information; every detail has an `eventId` (consumers are idempotent on it) and an `occurredAt`.',
        'Details are strict: a field not declared here is refused.',
      ].join('\n\n'),
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

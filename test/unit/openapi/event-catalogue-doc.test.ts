import { describe, expect, it } from 'vitest';
import { eventCatalogue as catalogue } from '../../../functions/capabilities.js';
import { buildEventCatalogueDocument, eventDirection } from '../../../infra/event-catalogue-doc.js';
import { defineEvent, idField } from '../../../shared/events/index.js';

const eventCatalogue = catalogue.definitions;

type Json = Record<string, unknown>;

/** Follows a local `$ref` (`#/a/b~1c`) through the document. */
function resolve(document: unknown, ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, token) =>
        typeof node === 'object' && node !== null && Object.hasOwn(node, token)
          ? (node as Json)[token]
          : undefined,
      document,
    );
}

/** Every `$ref` string anywhere in `value`. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [child] : refsIn(child),
  );
}

describe('the event catalogue document', () => {
  const document = buildEventCatalogueDocument(eventCatalogue);
  const messages = Object.values(document.components.messages);

  it('is AsyncAPI 3.0 with one message per event of the catalogue, in JSON', () => {
    // Assess
    expect(document.asyncapi).toBe('3.0.0');
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(messages.map((m) => `${m['x-eventbridge'].source} ${m.name}`)).toEqual(
      eventCatalogue.map((definition) => `${definition.source} ${definition.detailType}`),
    );
  });

  it('says per event its source, detail-type, direction and what it means', () => {
    // Assess
    const registered = messages.find((m) => m.name === 'CustomerRegistered');
    const posted = messages.find((m) => m.name === 'TransactionPosted');
    expect(registered?.['x-eventbridge']).toEqual({
      source: 'crm.customers',
      detailType: 'CustomerRegistered',
      direction: 'published',
    });
    expect(posted?.['x-eventbridge']).toEqual({
      source: 'core-banking',
      detailType: 'TransactionPosted',
      direction: 'inbound',
    });
    expect(posted?.title).toBe('Transaction posted');
    for (const message of messages) {
      expect(message.description, message.name).toEqual(expect.any(String));
      expect(message.description?.startsWith(message.summary)).toBe(true);
    }
  });

  it('describes every event of the catalogue, where it is declared', () => {
    // Assess
    for (const definition of eventCatalogue) {
      expect(definition.description.length, definition.detailType).toBeGreaterThan(20);
    }
  });

  it('sends the capabilities’ events and receives the external systems’, one channel per source', () => {
    // Assess
    const sources = [...new Set(eventCatalogue.map((definition) => definition.source))];
    expect(Object.values(document.channels).map((channel) => channel.address)).toEqual(sources);
    for (const operation of Object.values(document.operations)) {
      const channel = resolve(document, operation.channel.$ref) as { address: string };
      expect(operation.action).toBe(channel.address.startsWith('crm.') ? 'send' : 'receive');
    }
    expect(Object.keys(document.operations).sort()).toEqual([
      'consume.aml',
      'consume.bank-messaging',
      'consume.core-banking',
      'consume.credit-risk',
      'publish.crm.activity',
      'publish.crm.calendars',
      'publish.crm.complaints',
      'publish.crm.customers',
      'publish.crm.engagement',
      'publish.crm.products',
      'publish.crm.recommendations',
      'publish.crm.retention',
    ]);
  });

  it('resolves every $ref, and an operation names only messages of its own channel', () => {
    // Assess
    for (const ref of refsIn(document)) expect(resolve(document, ref), ref).toBeDefined();
    for (const operation of Object.values(document.operations)) {
      for (const message of operation.messages) {
        expect(message.$ref.startsWith(`${operation.channel.$ref}/messages/`)).toBe(true);
      }
    }
    const keys = [
      ...Object.keys(document.channels),
      ...Object.keys(document.operations),
      ...Object.keys(document.components.messages),
    ];
    for (const key of keys) expect(key).toMatch(/^[\w.-]+$/);
  });

  it('gives the detail’s JSON Schema (draft-07, strict); inbound producers may leave the envelope out', () => {
    // Assess
    const registered = messages.find((m) => m.name === 'CustomerRegistered')?.payload ?? {};
    const posted = messages.find((m) => m.name === 'TransactionPosted')?.payload ?? {};
    expect(registered).toMatchObject({ type: 'object', additionalProperties: false });
    expect(registered).not.toHaveProperty('$schema');
    expect(registered.required).toEqual(expect.arrayContaining(['eventId', 'occurredAt', 'customerId']));
    expect(posted.required).toEqual(expect.arrayContaining(['transactionId', 'amount', 'currency']));
    expect(posted.required).not.toContain('eventId');
    expect(posted.required).not.toContain('occurredAt');
    expect(posted.required).not.toContain('accountRef');
    expect(JSON.stringify(posted.properties)).toContain('taken from the EventBridge event');
    expect(JSON.stringify(messages.map((m) => m.payload))).not.toContain('2020-12');
  });

  it('takes each message’s description from its definition, and its summary from the first sentence', () => {
    // Prepare
    const Ping = defineEvent(
      'crm.platform',
      'Ping',
      { target: idField },
      'A liveness probe of the bus. Nothing else.',
    );

    // Act
    const built = buildEventCatalogueDocument([Ping]);

    // Assess
    expect(built.components.messages['crm.platform.Ping']).toMatchObject({
      description: 'A liveness probe of the bus. Nothing else.',
      summary: 'A liveness probe of the bus.',
    });
  });

  it('refuses the same source and detail-type twice', () => {
    // Act and assess
    expect(() =>
      buildEventCatalogueDocument([eventCatalogue[0], eventCatalogue[0]].filter((d) => d !== undefined)),
    ).toThrow(/declared twice/);
  });

  it('reads direction from the source: crm.<capability> is published, anything else inbound', () => {
    // Assess
    expect(eventDirection('crm.customers')).toBe('published');
    expect(eventDirection('crm.activity')).toBe('published');
    expect(eventDirection('aml')).toBe('inbound');
    expect(eventDirection('crm')).toBe('inbound');
    expect(eventDirection('crm.Customers.x')).toBe('inbound');
  });
});

import { contactApi } from '../../../functions/engagement/api/contact-handlers.js';
import {
  applyFactsChange,
  type FactsChange,
  type FactsRecord,
} from '../../../functions/engagement/domain/facts-mirror.js';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../../../functions/engagement/domain/settings.js';
import type { ContactPathDeps } from '../../../functions/engagement/service/contacts.js';
import type { TemplateVersion } from '../../../functions/engagement/service/ports.js';
import type {
  ContactPage,
  ContactRecord,
  ContactStore,
  ContactWrite,
  ContactWriteOutcome,
  DueContactRef,
  KpiAddition,
  MarketingLedger,
} from '../../../functions/engagement/store/contact-store.js';
import type { FactsStore } from '../../../functions/engagement/store/facts-store.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { engagementApi, routesArea } from '../../support/engagement-api.js';
import type { RouteCall } from '../../support/route-caller.js';

/**
 * In-memory stand-ins for the contact path's stores, with the adapters' guards: a new contact
 * and its request written once, a contact changed only at the revision read, the ledger only at
 * the version read. Everything written is kept in order for the tests to read.
 */
export class InMemoryContactStore implements ContactStore {
  readonly contacts = new Map<string, ContactRecord>();
  readonly requests = new Map<string, DueContactRef>();
  readonly ledgers = new Map<string, MarketingLedger>();
  readonly events: CrmEvent[] = [];
  readonly kpis: KpiAddition[] = [];
  writes = 0;
  /** Runs before the next write is checked (a concurrent writer getting in first). */
  beforeNextWrite: (() => void) | undefined;

  contactOfRequest(requestId: string): Promise<DueContactRef | undefined> {
    return Promise.resolve(this.requests.get(requestId));
  }

  contact(customerId: string, contactId: string): Promise<ContactRecord | undefined> {
    return Promise.resolve(this.contacts.get(`${customerId}/${contactId}`));
  }

  ledger(customerId: string): Promise<MarketingLedger> {
    return Promise.resolve(this.ledgers.get(customerId) ?? { sends: [], version: 0 });
  }

  record(write: ContactWrite): Promise<ContactWriteOutcome> {
    const race = this.beforeNextWrite;
    this.beforeNextWrite = undefined;
    race?.();
    const { contact } = write;
    const key = `${contact.customerId}/${contact.contactId}`;
    const stored = this.contacts.get(key);
    if (write.expectedRevision === undefined) {
      if (this.requests.has(contact.requestId)) return Promise.resolve('duplicate-request');
      if (stored !== undefined) return Promise.resolve('contact-moved');
    } else if (stored?.revision !== write.expectedRevision) {
      return Promise.resolve('contact-moved');
    }
    const ledger = this.ledgers.get(contact.customerId)?.version ?? 0;
    if (write.ledger !== undefined && write.ledger.expectedVersion !== ledger)
      return Promise.resolve('ledger-moved');
    this.contacts.set(key, { ...contact, revision: (write.expectedRevision ?? 0) + 1 });
    if (write.expectedRevision === undefined) {
      this.requests.set(contact.requestId, { customerId: contact.customerId, contactId: contact.contactId });
    }
    if (write.ledger !== undefined) {
      this.ledgers.set(contact.customerId, {
        sends: write.ledger.sends,
        version: write.ledger.expectedVersion + 1,
      });
    }
    this.events.push(...write.events);
    if (write.kpi !== undefined) this.kpis.push(write.kpi);
    this.writes += 1;
    return Promise.resolve('written');
  }

  contactsOf(customerId: string, limit: number, cursor?: string): Promise<ContactPage> {
    const all = [...this.contacts.values()]
      .filter((contact) => contact.customerId === customerId)
      .sort((a, b) => b.contactId.localeCompare(a.contactId));
    const start = cursor === undefined ? 0 : Number(cursor);
    const items = all.slice(start, start + limit);
    return Promise.resolve({
      items,
      cursor: start + limit < all.length ? String(start + limit) : undefined,
    });
  }

  dueContacts(now: string): Promise<readonly DueContactRef[]> {
    return Promise.resolve(
      [...this.contacts.values()]
        .filter(
          (contact) => contact.status === 'deferred' && contact.dueAt !== undefined && contact.dueAt <= now,
        )
        .map(({ customerId, contactId }) => ({ customerId, contactId })),
    );
  }

  deferredOf(customerId: string): Promise<readonly ContactRecord[]> {
    return Promise.resolve(
      [...this.contacts.values()].filter(
        (contact) => contact.customerId === customerId && contact.status === 'deferred',
      ),
    );
  }

  /** The stored contacts of a customer, oldest first. */
  of(customerId: string): ContactRecord[] {
    return [...this.contacts.values()]
      .filter((contact) => contact.customerId === customerId)
      .sort((a, b) => a.contactId.localeCompare(b.contactId));
  }
}

export class InMemoryFactsStore implements FactsStore {
  readonly records = new Map<string, FactsRecord>();
  readonly kpis: KpiAddition[] = [];
  writes = 0;

  get(customerId: string): Promise<FactsRecord | undefined> {
    return Promise.resolve(this.records.get(customerId));
  }

  put(facts: FactsRecord, expectedRevision: number, kpi?: KpiAddition): Promise<boolean> {
    if ((this.records.get(facts.customerId)?.revision ?? 0) !== expectedRevision)
      return Promise.resolve(false);
    this.records.set(facts.customerId, { ...facts, revision: expectedRevision + 1 });
    if (kpi !== undefined) this.kpis.push(kpi);
    this.writes += 1;
    return Promise.resolve(true);
  }

  /** Applies changes directly (test arrangement). */
  given(customerId: string, ...changes: FactsChange[]): void {
    for (const change of changes) {
      const next = applyFactsChange(this.records.get(customerId), customerId, change);
      if (next !== undefined) this.records.set(customerId, { ...next, revision: next.revision + 1 });
    }
  }
}

/** Monday 10:00 in Shanghai: no quiet hours. */
export const NOW = new Date('2026-03-02T02:00:00.000Z');

export const TEMPLATES: Record<string, TemplateVersion> = {
  'spring-offer': {
    templateId: 'spring-offer',
    version: 2,
    purpose: 'marketing',
    locale: 'zh-CN',
    variants: {
      sms: { text: '{name}，春季优惠 {offer}' },
      email: { subject: '优惠 {offer}', text: '{name}，您好：春季优惠 {offer}' },
    },
    parameters: ['offer'],
  },
  'service-notice': {
    templateId: 'service-notice',
    version: 1,
    purpose: 'service',
    locale: 'zh-CN',
    variants: { sms: { text: '{name}，服务通知 {notice}' } },
    parameters: ['notice'],
  },
};

export function contactPathFixture(settings = DEFAULT_ENGAGEMENT_SETTINGS) {
  const store = new InMemoryContactStore();
  const facts = new InMemoryFactsStore();
  const clock = new ControlledClock(NOW);
  const deps: ContactPathDeps = {
    store,
    facts,
    templates: { current: async (templateId) => TEMPLATES[templateId] },
    settings,
    clock,
  };
  return { store, facts, clock, deps };
}

/** A known customer of branch BJ01 and RM rm-7 with a marketing consent on SMS and e-mail. */
export function knownCustomer(facts: InMemoryFactsStore, customerId = 'cus-1'): string {
  facts.given(
    customerId,
    { kind: 'registered', branch: 'BJ01', rmId: 'rm-7' },
    {
      kind: 'consent',
      purpose: 'marketing',
      granted: true,
      channels: ['sms', 'email'],
      at: '2026-01-01T00:00:00.000Z',
    },
  );
  return customerId;
}

/** The contact routes over a fixture, as deployed, called like API Gateway calls them. */
export function contactsApi(deps: ContactPathDeps): RouteCall {
  return engagementApi([routesArea(() => contactApi(deps))]);
}

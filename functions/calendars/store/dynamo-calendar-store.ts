import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditSigner, saveAuditedVersion } from '../../../shared/audit/index.js';
import { readItem } from '../../../shared/dynamodb/index.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import { calendarYearSchema } from '../../../shared/time/calendar-year.js';
import type { Clock } from '../../../shared/time/clock.js';
import * as z from '../../../shared/zod.js';
import { CalendarStoreInconsistentError } from '../domain/errors.js';
import { calendarsEvents } from '../events.js';
import type {
  CalendarSaveOutcome,
  CalendarStore,
  CalendarYearSave,
  StoredCalendarYear,
} from './calendar-store.js';
import { calendarCurrentKey, calendarVersionKey } from './keys.js';

/** Where the items are: the Calendars table (with its outbox) and the append-only CalendarAudit table. */
export interface CalendarStoreTables {
  readonly table: string;
  readonly auditTable: string;
}

const storedItemSchema = z.object({
  year: z.number().check(z.int()),
  version: z.number().check(z.int(), z.gte(1)),
  holidays: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  makeUpWorkingDays: z.array(z.string()),
  updatedAt: z.string(),
  updatedBy: z.string(),
  auditSeq: z.number().check(z.int(), z.gte(1)),
  auditHash: z.string(),
});

/**
 * A stored version, read back: its shape, then its data with the same rules the API validates
 * with, so no deadline is ever counted with a year today's rules would refuse (such an item
 * throws: a 500 and an alarm).
 */
function itemToStored(item: Record<string, unknown>): StoredCalendarYear {
  const { holidays, makeUpWorkingDays, auditSeq, auditHash, ...rest } = readItem(
    storedItemSchema,
    item,
    'calendar year',
  );
  const data = readItem(calendarYearSchema(rest.year), { holidays, makeUpWorkingDays }, 'calendar year');
  return { ...rest, data, audit: { seq: auditSeq, hash: auditHash } };
}

function storedToAttributes(stored: StoredCalendarYear): Record<string, unknown> {
  return {
    year: stored.year,
    version: stored.version,
    holidays: stored.data.holidays.map(({ name, from, to }) => ({ name, from, to })),
    makeUpWorkingDays: [...stored.data.makeUpWorkingDays],
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    auditSeq: stored.audit.seq,
    auditHash: stored.audit.hash,
  };
}

/**
 * DynamoDB adapter of the CalendarStore port. A save is one TransactWriteItems: the pointer
 * (conditioned on the expected version), the immutable version item, the audit record
 * (conditioned on its chain position) and the outbox item of WorkingCalendarChanged, so none is
 * written without the others.
 */
export class DynamoCalendarStore implements CalendarStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: CalendarStoreTables,
    private readonly clock: Clock,
    private readonly signer: AuditSigner,
  ) {}

  async current(year: number): Promise<StoredCalendarYear | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.table, Key: calendarCurrentKey(year), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : itemToStored(Item);
  }

  async save(save: CalendarYearSave): Promise<CalendarSaveOutcome> {
    const { year, version } = save.stored;
    return saveAuditedVersion(this.db, this.signer, save, {
      puts: {
        table: this.tables.table,
        currentKey: calendarCurrentKey(year),
        versionKey: calendarVersionKey(year, version),
        attributes: storedToAttributes(save.stored),
      },
      auditTable: this.tables.auditTable,
      extra: [
        {
          label: 'outbox',
          item: outboxPut(this.tables.table, save.event, this.clock.now(), calendarsEvents),
        },
      ],
      inconsistent: () =>
        new CalendarStoreInconsistentError(
          'A calendar version or audit record exists beyond the current pointer',
        ),
    });
  }
}

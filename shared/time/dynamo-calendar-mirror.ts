import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { readItem } from '../dynamodb/items.js';
import { queryAll } from '../dynamodb/query.js';
import { isConditionalCheckFailure } from '../dynamodb/write-errors.js';
import * as z from '../zod.js';
import type { CalendarMirrorStore, MirroredYear, MirrorOutcome } from './calendar-mirror.js';
import { calendarYearSchema } from './calendar-year.js';
import type { Clock } from './clock.js';

/**
 * The calendar mirror in a capability's own single table (string keys `pk` and `sk`):
 *
 * | item          | pk              | sk           | attributes                                     |
 * |---------------|-----------------|--------------|------------------------------------------------|
 * | mirrored year | CALENDAR#MIRROR | YEAR#<yyyy>  | year, version, holidays, makeUpWorkingDays, mirroredAt |
 *
 * One partition of at most a hundred small items (2000–2100), read whole with one query.
 */
export const CALENDAR_MIRROR_PK = 'CALENDAR#MIRROR';
export const CALENDAR_MIRROR_ENTITY = 'CALENDAR_MIRROR';

const mirrorKey = (year: number) => ({ pk: CALENDAR_MIRROR_PK, sk: `YEAR#${year}` });

const mirrorItemSchema = z.object({
  year: z.number().check(z.int()),
  version: z.number().check(z.int(), z.positive()),
  holidays: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  makeUpWorkingDays: z.array(z.string()),
});

/** A stored mirror item, read back: its shape, then the year's data against the calendar's rules. */
function mirroredFromItem(item: Record<string, unknown>): MirroredYear {
  const { year, version, holidays, makeUpWorkingDays } = readItem(mirrorItemSchema, item, 'calendar mirror');
  const data = readItem(calendarYearSchema(year), { holidays, makeUpWorkingDays }, 'calendar mirror');
  return { year, version, data };
}

/**
 * DynamoDB adapter of the CalendarMirrorStore port. A put is one conditional PutItem (absent,
 * or holding an older version), so the newest version wins whatever the delivery order and a
 * redelivered event writes nothing.
 * @example const mirror = new DynamoCalendarMirror(db, customersTable, clock);
 */
export class DynamoCalendarMirror implements CalendarMirrorStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async put(mirrored: MirroredYear): Promise<MirrorOutcome> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...mirrorKey(mirrored.year),
            entityType: CALENDAR_MIRROR_ENTITY,
            year: mirrored.year,
            version: mirrored.version,
            holidays: mirrored.data.holidays.map(({ name, from, to }) => ({ name, from, to })),
            makeUpWorkingDays: [...mirrored.data.makeUpWorkingDays],
            mirroredAt: this.clock.now().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': mirrored.version },
        }),
      );
      return 'applied';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'unchanged';
      throw error;
    }
  }

  async years(): Promise<readonly MirroredYear[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CALENDAR_MIRROR_PK },
      ConsistentRead: true,
    });
    return items.map(mirroredFromItem);
  }
}

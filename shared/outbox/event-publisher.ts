import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';

/** EventBridge accepts at most 10 entries per PutEvents call. */
export const MAX_ENTRIES_PER_PUT = 10;

/** One event to publish; `detail` is already JSON and is sent unchanged. */
export interface PublishEntry {
  readonly source: string;
  readonly detailType: string;
  readonly detail: string;
  readonly time?: Date;
}

/** Which entries of one publish call were not accepted, and why. */
export interface PublishResult {
  /** Indexes into the entries passed to `publish`. */
  readonly failedIndexes: readonly number[];
  readonly errors: readonly { readonly index: number; readonly code: string; readonly message: string }[];
}

/**
 * Where the outbox relay sends events: EventBridge in AWS, the in-process bus locally.
 * An implementation reports per-entry failures rather than throwing for them.
 */
export interface EventPublisher {
  /** Publishes at most {@link MAX_ENTRIES_PER_PUT} entries. */
  publish(entries: readonly PublishEntry[]): Promise<PublishResult>;
}

/**
 * Publishes to one EventBridge bus with PutEvents.
 *
 * @example
 *   const publisher = new EventBridgePublisher(new EventBridgeClient({}), 'crm-bus');
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    readonly eventBusName: string,
  ) {}

  async publish(entries: readonly PublishEntry[]): Promise<PublishResult> {
    if (entries.length === 0) return { failedIndexes: [], errors: [] };
    if (entries.length > MAX_ENTRIES_PER_PUT) {
      throw new RangeError(`PutEvents takes at most ${MAX_ENTRIES_PER_PUT} entries`);
    }
    const output = await this.client.send(
      new PutEventsCommand({
        Entries: entries.map((entry) => ({
          EventBusName: this.eventBusName,
          Source: entry.source,
          DetailType: entry.detailType,
          Detail: entry.detail,
          ...(entry.time === undefined ? {} : { Time: entry.time }),
        })),
      }),
    );
    const results: readonly (PutEventsResultEntry | undefined)[] = output.Entries ?? [];
    const errors: { index: number; code: string; message: string }[] = [];
    entries.forEach((_, index) => {
      const result = results[index];
      if (result?.ErrorCode !== undefined) {
        errors.push({ index, code: result.ErrorCode, message: result.ErrorMessage ?? '' });
      } else if (result === undefined && output.FailedEntryCount !== 0) {
        // No per-entry answer and no assurance that all succeeded: count it as failed, so it is
        // retried (a duplicate is harmless, consumers are idempotent; a loss is not).
        errors.push({ index, code: 'NoResult', message: 'PutEvents returned no result for this entry' });
      }
    });
    return { failedIndexes: errors.map((error) => error.index), errors };
  }
}

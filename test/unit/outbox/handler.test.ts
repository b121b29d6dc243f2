import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../shared/observability/logger.js';
import { systemClock } from '../../../shared/time/clock.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { outboxRecords } from './stream-records.js';

const eventBridge = mockClient(EventBridgeClient);

// The entry module builds its Lambda handler on import, from process.env: give it a bus name.
vi.stubEnv('EVENT_BUS_NAME', 'crm-bus-lambda');
const { createHandler } = await import('../../../functions/outbox-relay/handler.js');

function relay() {
  const handler = createHandler({ env: { EVENT_BUS_NAME: 'crm-bus-dev' }, clock: systemClock });
  return (records: ReturnType<typeof outboxRecords>) => handler({ Records: records }, lambdaContext('Relay'));
}

describe('outbox relay handler', () => {
  beforeEach(() => {
    eventBridge.reset();
    vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('returns no batch item failure when every event was published to EVENT_BUS_NAME', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }, { EventId: 'b' }] });
    const response = await relay()(outboxRecords(2));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(eventBridge).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: [
        expect.objectContaining({ EventBusName: 'crm-bus-dev' }),
        expect.objectContaining({ EventBusName: 'crm-bus-dev' }),
      ],
    });
  });

  it('returns the sequence number of a rejected entry as a batch item failure', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [
        { EventId: 'a' },
        { ErrorCode: 'ThrottlingException', ErrorMessage: 'Slow down' },
        { EventId: 'c' },
      ],
    });
    const response = await relay()(outboxRecords(3));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    expect(logger.error).toHaveBeenCalledWith('Outbox event not published', {
      eventId: 'evt_0001',
      sequenceNumber: '101',
      reason: 'ThrottlingException: Slow down',
    });
  });
});

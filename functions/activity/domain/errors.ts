import { InvalidEventError } from '../../../shared/events/index.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';

/** Why an inbound event was refused: stable codes a DLQ consumer can count and route on. */
export type InvalidInboundEventCode = 'UNSUPPORTED_EVENT' | 'EVENT_INVALID';

/**
 * An inbound event that can never be applied, however often it is retried: the consumer
 * sends it to the DLQ with `code` and `reason` and moves on to the next one. The reason names
 * fields and rules, never the values sent (they may be personal information).
 */
export class InvalidInboundEventError extends UnprocessableEventError {
  override readonly name = 'InvalidInboundEventError';

  constructor(
    override readonly code: InvalidInboundEventCode,
    reason: string,
  ) {
    super(code, reason);
  }
}

/**
 * Runs a catalogue parse, turning its InvalidEventError into an InvalidInboundEventError
 * (EVENT_INVALID) whose reason lists the paths and messages of the issues, never values.
 */
export function parsedOrRefused<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    const reason = error.issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    throw new InvalidInboundEventError('EVENT_INVALID', reason);
  }
}

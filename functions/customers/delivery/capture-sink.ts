import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../../../shared/time/clock.js';
import * as z from '../../../shared/zod.js';
import type { DeliveryPort, OutboundMessage, SendOutcome } from '../service/delivery-port.js';

/** A message the local cloud would have sent, as `GET /local/messages` lists it. */
export interface CapturedMessage {
  readonly contactId: string;
  readonly channel: OutboundMessage['channel'];
  /** The address (or, for app push, the customer id the gateway would push to). */
  readonly to: string;
  readonly subject?: string;
  readonly text: string;
  readonly at: string;
}

const capturedSchema = z.object({
  contactId: z.string(),
  channel: z.enum(['sms', 'email', 'app-push']),
  to: z.string(),
  subject: z.optional(z.string()),
  text: z.string(),
  at: z.string(),
});

/**
 * The local cloud's delivery provider: every message is appended to a file under `.local`
 * (one JSON line each), which `GET /local/messages` reads, instead of being sent. This is the
 * demo sink of a developer's machine, the one place an address is shown; a deployed function
 * never builds it (setup-delivery.ts refuses local files in Lambda). Accepts everything.
 */
export class CaptureSink implements DeliveryPort {
  constructor(
    private readonly file: string,
    private readonly clock: Clock,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    const captured: CapturedMessage = {
      contactId: message.contactId,
      channel: message.channel,
      to: message.address ?? message.customerId,
      ...(message.subject === undefined ? {} : { subject: message.subject }),
      text: message.text,
      at: this.clock.now().toISOString(),
    };
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await appendFile(this.file, `${JSON.stringify(captured)}\n`, { mode: 0o600 });
    return { outcome: 'accepted', provider: 'capture' };
  }
}

/** The captured messages of `file`, newest first, at most `limit` (none when there is no file yet). */
export async function readCapturedMessages(file: string, limit = 500): Promise<CapturedMessage[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines
    .slice(-limit)
    .reverse()
    .map((line) => capturedSchema.parse(JSON.parse(line)));
}

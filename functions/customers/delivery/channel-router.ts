import type { DeliveryChannel } from '../domain/delivery.js';
import type { DeliveryPort, OutboundMessage, SendOutcome } from '../service/delivery-port.js';

/**
 * The delivery port of a deployed function: each channel's message to the provider configured
 * for it (docs/domain-rules.md §18.5). Providers are built on first use, so a deployment that
 * sends everything through the gateway never creates an SES or SMS client.
 */
export class ChannelRouter implements DeliveryPort {
  readonly #built = new Map<DeliveryChannel, DeliveryPort>();

  constructor(private readonly providers: Readonly<Record<DeliveryChannel, () => DeliveryPort>>) {}

  send(message: OutboundMessage): Promise<SendOutcome> {
    let provider = this.#built.get(message.channel);
    if (provider === undefined) {
      provider = this.providers[message.channel]();
      this.#built.set(message.channel, provider);
    }
    return provider.send(message);
  }
}

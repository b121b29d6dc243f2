import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConflictException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptureSink, readCapturedMessages } from '../../../../functions/customers/delivery/capture-sink.js';
import { ChannelRouter } from '../../../../functions/customers/delivery/channel-router.js';
import { GatewaySender } from '../../../../functions/customers/delivery/gateway-sender.js';
import { SesEmailSender } from '../../../../functions/customers/delivery/ses-email-sender.js';
import { SmsSender } from '../../../../functions/customers/delivery/sms-sender.js';
import {
  DeliveryNotConfiguredError,
  type DeliveryPort,
  type OutboundMessage,
} from '../../../../functions/customers/service/delivery-port.js';
import { ControlledClock } from '../../../../shared/time/clock.js';

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  contactId: 'con_01J0000000000000000000000K',
  customerId: 'cus_01J0000000000000000000000C',
  channel: 'sms',
  address: '13800138000',
  text: '张三丰，您好：您的投诉已受理。',
  promotional: false,
  ...overrides,
});

describe('SesEmailSender', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());

  it('sends a UTF-8 text e-mail from the configured sender, with the configuration set, tagged with the contact', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const sender = new SesEmailSender(new SESv2Client({}), 'no-reply@bank.example', 'crm-contacts');

    const outcome = await sender.send(
      message({ channel: 'email', address: 'zhang@example.com', subject: '投诉受理通知' }),
    );

    expect(outcome).toEqual({ outcome: 'accepted', provider: 'ses' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      FromEmailAddress: 'no-reply@bank.example',
      Destination: { ToAddresses: ['zhang@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: '投诉受理通知', Charset: 'UTF-8' },
          Body: { Text: { Data: '张三丰，您好：您的投诉已受理。', Charset: 'UTF-8' } },
        },
      },
      // The tags come back in SES's bounce and complaint events: ids only, never the address.
      EmailTags: [
        { Name: 'crm-contact-id', Value: 'con_01J0000000000000000000000K' },
        { Name: 'crm-customer-id', Value: 'cus_01J0000000000000000000000C' },
      ],
      ConfigurationSetName: 'crm-contacts',
    });
  });

  it('takes the first line as subject when the template has none', async () => {
    ses.on(SendEmailCommand).resolves({});
    const sender = new SesEmailSender(new SESv2Client({}), 'no-reply@bank.example', undefined);

    await sender.send(message({ channel: 'email', address: 'a@example.com', text: 'Line one\nLine two' }));

    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Content?.Simple?.Subject?.Data).toBe('Line one');
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });

  it('reads a refused message as a failure of the message, never of the address', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new MessageRejected({ message: 'Email address is not verified', $metadata: {} }));
    const sender = new SesEmailSender(new SESv2Client({}), 'no-reply@bank.example', undefined);

    const outcome = await sender.send(message({ channel: 'email', address: 'a@example.com' }));

    expect(outcome).toEqual({ outcome: 'rejected', provider: 'ses', addressRejected: false });
  });

  it('throws throttling (retried), and refuses to send without a sender', async () => {
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));
    const configured = new SesEmailSender(new SESv2Client({}), 'no-reply@bank.example', undefined);
    const unconfigured = new SesEmailSender(new SESv2Client({}), undefined, undefined);

    await expect(
      configured.send(message({ channel: 'email', address: 'a@example.com' })),
    ).rejects.toBeInstanceOf(TooManyRequestsException);
    await expect(
      unconfigured.send(message({ channel: 'email', address: 'a@example.com' })),
    ).rejects.toBeInstanceOf(DeliveryNotConfiguredError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});

describe('SmsSender', () => {
  const sms = mockClient(PinpointSMSVoiceV2Client);
  afterEach(() => sms.reset());

  it('sends to the E.164 number from the origination identity, transactional or promotional', async () => {
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'm-1' });
    const sender = new SmsSender(new PinpointSMSVoiceV2Client({}), 'pool-1234');

    const service = await sender.send(message());
    await sender.send(message({ promotional: true }));

    expect(service).toEqual({ outcome: 'accepted', provider: 'sms' });
    expect(sms.commandCalls(SendTextMessageCommand).map((call) => call.args[0].input)).toEqual([
      {
        DestinationPhoneNumber: '+8613800138000',
        MessageBody: '张三丰，您好：您的投诉已受理。',
        MessageType: 'TRANSACTIONAL',
        OriginationIdentity: 'pool-1234',
      },
      expect.objectContaining({ MessageType: 'PROMOTIONAL' }),
    ]);
  });

  it('reads an opted-out number as a failed contact point, another refusal as a failed message', async () => {
    const sender = new SmsSender(new PinpointSMSVoiceV2Client({}), undefined);
    sms
      .on(SendTextMessageCommand)
      .rejectsOnce(
        new ConflictException({
          message: 'opted out',
          Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
          ResourceType: undefined,
          ResourceId: undefined,
          $metadata: {},
        }),
      )
      .rejectsOnce(new ValidationException({ message: 'bad', Reason: 'INVALID_PARAMETER', $metadata: {} }));

    const optedOut = await sender.send(message());
    const invalid = await sender.send(message());

    expect(optedOut).toEqual({ outcome: 'rejected', provider: 'sms', addressRejected: true });
    expect(invalid).toEqual({ outcome: 'rejected', provider: 'sms', addressRejected: false });
    expect(sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input).not.toHaveProperty(
      'OriginationIdentity',
    );
  });

  it('throws throttling, so the delivery is tried again', async () => {
    sms.on(SendTextMessageCommand).rejects(new ThrottlingException({ message: 'slow down', $metadata: {} }));

    await expect(
      new SmsSender(new PinpointSMSVoiceV2Client({}), undefined).send(message()),
    ).rejects.toBeInstanceOf(ThrottlingException);
  });
});

describe('GatewaySender', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());
  const queueUrl = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/gateway';

  it('hands the gateway the contact, the channel, the address and the text', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'q-1' });

    const outcome = await new GatewaySender(new SQSClient({}), queueUrl).send(message({ subject: '通知' }));

    expect(outcome).toEqual({ outcome: 'accepted', provider: 'gateway' });
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(queueUrl);
    expect(JSON.parse(input?.MessageBody ?? '')).toEqual({
      contactId: 'con_01J0000000000000000000000K',
      channel: 'sms',
      address: '13800138000',
      subject: '通知',
      text: '张三丰，您好：您的投诉已受理。',
      promotional: false,
    });
  });

  it('names the customer, not an address, for an app push', async () => {
    sqs.on(SendMessageCommand).resolves({});

    await new GatewaySender(new SQSClient({}), queueUrl).send(
      message({ channel: 'app-push', address: undefined }),
    );

    const body = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '');
    expect(body).toMatchObject({ channel: 'app-push', customerId: 'cus_01J0000000000000000000000C' });
    expect(body).not.toHaveProperty('address');
  });
});

describe('CaptureSink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capture-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps what would have been sent, listed newest first', async () => {
    const clock = new ControlledClock(new Date('2026-03-02T02:00:00.000Z'));
    const file = join(dir, 'captured.jsonl');
    const sink = new CaptureSink(file, clock);

    const first = await sink.send(message());
    clock.advance(60_000);
    await sink.send(message({ contactId: 'con_2', channel: 'app-push', address: undefined, subject: 'S' }));

    expect(first).toEqual({ outcome: 'accepted', provider: 'capture' });
    expect(await readCapturedMessages(file)).toEqual([
      {
        contactId: 'con_2',
        channel: 'app-push',
        to: 'cus_01J0000000000000000000000C',
        subject: 'S',
        text: '张三丰，您好：您的投诉已受理。',
        at: '2026-03-02T02:01:00.000Z',
      },
      {
        contactId: 'con_01J0000000000000000000000K',
        channel: 'sms',
        to: '13800138000',
        text: '张三丰，您好：您的投诉已受理。',
        at: '2026-03-02T02:00:00.000Z',
      },
    ]);
    expect(await readCapturedMessages(join(dir, 'none.jsonl'))).toEqual([]);
  });
});

describe('ChannelRouter', () => {
  it('sends each channel through its own provider, built once on first use', async () => {
    const used: string[] = [];
    let built = 0;
    const provider = (name: string) => (): DeliveryPort => {
      built += 1;
      return {
        send: async () => {
          used.push(name);
          return { outcome: 'accepted', provider: 'gateway' };
        },
      };
    };
    const router = new ChannelRouter({
      email: provider('ses'),
      sms: provider('sms'),
      'app-push': provider('gateway'),
    });

    await router.send(message({ channel: 'email' }));
    await router.send(message({ channel: 'email' }));
    await router.send(message({ channel: 'app-push' }));

    expect(used).toEqual(['ses', 'ses', 'gateway']);
    expect(built).toBe(2);
  });
});

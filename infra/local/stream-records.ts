import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, AttributeValue as LambdaAttributeValue } from 'aws-lambda';
import { LOCAL_REGION } from './environment.js';

/** An SDK stream record in the shape Lambda hands a handler (binary values as base64). */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb;
  const created = data?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName ?? 'INSERT',
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      ...(data?.Keys ? { Keys: asImage(data.Keys) } : {}),
      ...(data?.NewImage ? { NewImage: asImage(data.NewImage) } : {}),
      ...(data?.OldImage ? { OldImage: asImage(data.OldImage) } : {}),
      ...(data?.SequenceNumber ? { SequenceNumber: data.SequenceNumber } : {}),
      ...(data?.SizeBytes === undefined ? {} : { SizeBytes: data.SizeBytes }),
      ...(data?.StreamViewType ? { StreamViewType: data.StreamViewType } : {}),
    },
  };
}

function asImage(image: unknown): Record<string, LambdaAttributeValue> {
  return base64Binaries(image) as Record<string, LambdaAttributeValue>;
}

function base64Binaries(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(base64Binaries);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, base64Binaries(inner)]));
  }
  return value;
}

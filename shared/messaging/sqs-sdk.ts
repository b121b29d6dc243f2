// What dead-letters.ts loads on first use: only these, so the chunk holds no other SQS command.
export { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

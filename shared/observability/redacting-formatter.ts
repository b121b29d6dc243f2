import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { redact, redactString } from './redaction.js';

/**
 * A Powertools log formatter that keeps the default Powertools layout (the keys CloudWatch
 * queries and dashboards expect) but redacts personal information from the message and from
 * every additional attribute, at any depth, before the line is written.
 *
 * Redaction happens here rather than in a JSON replacer because a formatter sees Errors
 * before Powertools turns them into `{ name, message, stack }`, so it can keep an error's
 * class name while scrubbing its message and stack.
 */
export class RedactingLogFormatter extends LogFormatter {
  /** Builds the log item; every value outside the Powertools base keys is redacted. */
  public override formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: redactString(attributes.message ?? ''),
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_arn: attributes.lambdaContext?.invokedFunctionArn,
      function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
      tenant_id: attributes.lambdaContext?.tenantId,
    };
    const extra = redact(additionalLogAttributes, (error) => super.formatError(error));
    const item = new LogItem({ attributes: base });
    if (isRecord(extra)) item.addAttributes(extra);
    return item;
  }

  /** Errors that reach the JSON serialiser directly are scrubbed too. */
  public override formatError(error: Error): LogAttributes {
    const redacted = redact(error, (inner) => super.formatError(inner));
    return isRecord(redacted) ? redacted : {};
  }
}

function isRecord(value: unknown): value is LogAttributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageSettings } from '../stage.js';

/**
 * The one log group of a capability: every function of it (its outbox relays too) and its state
 * machines log here, with the stage's retention and removal policy, under the customer-managed
 * key. One group per capability rather than per function or machine: CloudFormation allows 500
 * resources per template (docs/operations.md §1). Lambda names each stream after the function
 * (`YYYY/MM/DD/<function name>[<version>]<environment id>`) and Step Functions after the machine
 * (`states/<machine name>/…`), so one source is found by filtering on its stream name.
 */
export function capabilityLogGroup(scope: Construct, settings: StageSettings, key: IKey): LogGroup {
  return new LogGroup(scope, 'Logs', {
    retention: settings.logRetention,
    removalPolicy: settings.removalPolicy,
    encryptionKey: key,
  });
}

import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Registers the cdk-nag AwsSolutions and Serverless packs on the app. cdk-nag 3 runs as a
 * policy-validation plugin: `cdk synth` fails on any finding that is not acknowledged.
 */
export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/**
 * Acknowledges one cdk-nag finding on a construct (and its children). `id` is a rule id, or a
 * rule id with a finding, e.g. `AwsSolutions-IAM5[Resource::*]`. The reason must be true.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

import { type App, type CfnElement, Names, Stack, Validations } from 'aws-cdk-lib';
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

/**
 * How cdk-nag names `attribute` of `target` in a finding on a resource of `consumer`'s stack (the
 * `<…>` of `AwsSolutions-IAM5[Resource::<…>]`): the attribute itself in the same stack; across a
 * nested stack boundary (docs/operations.md §1), the parameter CloudFormation passes it in or the
 * nested stack's output it is read from, as CDK names them (`reference-to-<unique id><attribute>`,
 * `<unique id><attribute>`).
 */
export function nagReference(consumer: IConstruct, target: CfnElement, attribute: string): string {
  const from = Stack.of(consumer);
  const owner = Stack.of(target);
  const name = `${Names.nodeUniqueId(target.node)}${attribute}`.replace(/[^A-Za-z0-9]/g, '');
  if (from === owner) return `${owner.getLogicalId(target)}.${attribute}`;
  if (from.nestedStackParent === owner) return `referenceto${name}`;
  const resource = owner.nestedStackResource;
  if (owner.nestedStackParent === from && resource !== undefined)
    return `${from.getLogicalId(resource)}.Outputs.${name}`;
  throw new Error(`${consumer.node.path} reads ${target.node.path} across more than one stack boundary`);
}

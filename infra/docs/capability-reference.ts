import type { CapabilityDefinition, SettingSpec } from '../../shared/capability/types.js';
import type { AnyRouteContract } from '../../shared/http/contract.js';
import { passMachineId } from '../../shared/workflows/pass.js';

/**
 * The reference of what the capabilities are, rendered from their definitions: the generated
 * part of the documentation (`docs/capabilities.md` and the README's settings table). Written
 * by `npm run generate:docs`; a unit test fails when a definition changed and the files were
 * not regenerated, so the documentation cannot drift from the code.
 */

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function roles(definition: CapabilityDefinition, route: AnyRouteContract): string {
  if (route.action === null) return 'public';
  const rules = definition.policy.rowOf(route.action).roles;
  return Object.entries(rules)
    .map(([role, rule]) => `${role} (${rule})`)
    .join(', ');
}

function routesTable(definition: CapabilityDefinition): string[] {
  const routes = definition.api?.routes ?? [];
  if (routes.length === 0) return [];
  return [
    '| route | what | policy action: roles (scope) | answers |',
    '|---|---|---|---|',
    ...routes.map(
      (route) =>
        `| \`${route.method} ${route.path}\` | ${cell(route.summary)} | ${route.action === null ? '' : `\`${route.action}\`: `}${roles(definition, route)} | ${Object.keys(route.responses).join(', ')} |`,
    ),
    '',
  ];
}

/** The settings table, with how each is set for a deployment. */
export function settingsTable(settings: readonly SettingSpec[]): string {
  return [
    '| setting | default | meaning | set for a deployment with |',
    '|---|---|---|---|',
    ...settings.map(
      (setting) =>
        `| \`${setting.name}\` | ${setting.default} | ${cell(setting.description)} | \`npx cdk deploy -c ${setting.name}=…\` (or \`context\` in cdk.json); locally \`${setting.name}=… npm start\` |`,
    ),
    '',
  ].join('\n');
}

function section(definition: CapabilityDefinition): string[] {
  const lines = [`## ${definition.name}`, '', definition.summary, ''];
  const routes = routesTable(definition);
  if (routes.length > 0) lines.push('### API', '', ...routes);
  if (definition.publishes.length > 0) {
    lines.push('### Events it publishes', '');
    for (const event of definition.publishes) {
      lines.push(`- \`${event.source}\` **${event.detailType}**: ${event.description}`);
    }
    lines.push('');
  }
  if (definition.subscriptions.length > 0) {
    lines.push('### Events it consumes', '');
    for (const subscription of definition.subscriptions) {
      const events = subscription.events.map((event) => `\`${event.source}\` ${event.detailType}`).join(', ');
      const filter =
        subscription.detailFilter === undefined
          ? ''
          : ` (detail filter \`${JSON.stringify(subscription.detailFilter)}\`)`;
      lines.push(`- ${events}${filter}: ${subscription.description}`);
    }
    lines.push('');
  }
  const schedules = definition.schedules ?? [];
  if (schedules.length > 0) {
    lines.push('### Schedules (UTC)', '');
    for (const schedule of schedules) {
      lines.push(`- \`${schedule.expression}\` ${schedule.id}: ${schedule.description}`);
    }
    lines.push('');
  }
  const passes = definition.passes ?? [];
  if (passes.length > 0) {
    lines.push(`### Passes (UTC, fanned out by ${passMachineId(definition.name)})`, '');
    for (const pass of passes) {
      lines.push(
        `- \`${pass.expression}\` ${pass.id} (${pass.segments} segments, ${pass.maxConcurrency} at once, on ${pass.functionId}): ${pass.description}`,
      );
    }
    lines.push('');
  }
  const machines = definition.stateMachines ?? [];
  if (machines.length > 0) {
    lines.push('### Workflows', '');
    for (const machine of machines) lines.push(`- ${machine.id} (Step Functions, standard)`);
    lines.push('');
  }
  const works = definition.coalescedWork ?? [];
  if (works.length > 0) {
    lines.push('### Coalesced work (SQS FIFO, one message group per customer)', '');
    for (const work of works) {
      lines.push(
        `- ${work.id}: ${cell(work.description)} Requested by ${work.senders.join(', ')}; done by ${work.functionId}, once per customer of each batch (up to 10 requests, at most ${work.maxConcurrency} batches at once). A request should wait at most \`${work.maxDelaySetting}\` seconds (alarmed on the queue's oldest request).`,
      );
    }
    lines.push('');
  }
  const breaches = definition.slaBreachMetrics ?? [];
  if (breaches.length > 0) {
    lines.push('### Alarmed business metrics', '');
    for (const metric of breaches) lines.push(`- \`${metric.metricName}\`: ${metric.description}`);
    lines.push('');
  }
  const gauges = definition.gaugeMetrics ?? [];
  if (gauges.length > 0) {
    lines.push('### Alarmed levels', '');
    for (const metric of gauges) {
      lines.push(
        `- \`${metric.metricName}\`: ${metric.description} (alarm when the highest value of ${metric.periodMinutes} minutes reaches ${metric.alarmAtOrAbove})`,
      );
    }
    lines.push('');
  }
  const settings = definition.settings ?? [];
  if (settings.length > 0) lines.push('### Settings', '', settingsTable(settings));
  return lines;
}

/**
 * `docs/capabilities.md`: every capability's routes (with the roles the policy lets call them),
 * events, subscriptions, schedules, workflows, coalesced work, alarmed metrics and settings.
 */
export function capabilityReference(definitions: readonly CapabilityDefinition[]): string {
  return [
    '# Capabilities',
    '',
    '<!-- Generated from the capability definitions (functions/*/index.ts) by `npm run generate:docs`; do not edit. -->',
    '',
    'What each capability of this build is responsible for, what it answers and publishes, and what',
    'a bank may set. The request and response schemas are in the OpenAPI document (`GET /docs` on',
    'the local cloud) and the event schemas in the event catalogue (`GET /docs/events`).',
    '',
    ...definitions.flatMap(section),
  ].join('\n');
}

/** Markers around the generated part of the README. */
export const README_SETTINGS_START = '<!-- settings:start (generated by npm run generate:docs) -->';
export const README_SETTINGS_END = '<!-- settings:end -->';

/** The README with its settings section replaced by the current table. */
export function readmeWithSettings(readme: string, settings: readonly SettingSpec[]): string {
  const start = readme.indexOf(README_SETTINGS_START);
  const end = readme.indexOf(README_SETTINGS_END);
  if (start < 0 || end < start) throw new Error('The README has no generated settings section');
  return `${readme.slice(0, start + README_SETTINGS_START.length)}\n${settingsTable(settings)}${readme.slice(end)}`;
}

import { coalescedWorkProblems } from '../coalescing/definition.js';
import { type AnyRouteContract, PUBLIC_PREFIX } from '../http/contract.js';
import { passProblems } from '../workflows/pass.js';
import { emailEventsPattern } from './email-events.js';
import { resolveSettings } from './settings.js';
import type {
  CapabilityDefinition,
  RouteSpec,
  RouteThrottleClass,
  RuleSpec,
  SubscriptionSpec,
} from './types.js';

/**
 * Declares a capability, checking that it holds together before CDK or the local cloud ever
 * read it: unique ids, every table, function, state machine and policy action it names is its
 * own, its events come from `crm.<name>`, its routes are unique, and each subscription's
 * events share one source.
 * @example export const thingsCapability = defineCapability({ name: 'things', ... });
 */
export function defineCapability<const D extends CapabilityDefinition>(definition: D): D {
  const problems = capabilityProblems(definition);
  if (problems.length > 0) {
    throw new Error(`Capability ${definition.name} does not hold together:\n${problems.join('\n')}`);
  }
  return definition;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const value of values) {
    if (seen.has(value)) repeated.push(value);
    seen.add(value);
  }
  return repeated;
}

/** What is wrong with a definition, one line per problem (empty when nothing is). */
export function capabilityProblems(definition: CapabilityDefinition): string[] {
  const problems: string[] = [];
  const { name } = definition;
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(name)) problems.push(`name ${name} is not lower-case letters and -`);
  const tables = new Set(definition.tables.map((table) => table.id));
  const functions = new Set(definition.functions.map((fn) => fn.id));
  const machines = new Set((definition.stateMachines ?? []).map((machine) => machine.id));
  const ids: [string, readonly string[]][] = [
    ['table', definition.tables.map((table) => table.id)],
    ['function', definition.functions.map((fn) => fn.id)],
    ['subscription', definition.subscriptions.map((subscription) => subscription.id)],
    ['schedule', (definition.schedules ?? []).map((schedule) => schedule.id)],
    ['state machine', [...machines]],
  ];
  for (const [what, list] of ids) {
    for (const id of duplicates(list)) problems.push(`${what} ${id} is declared twice`);
  }
  for (const fn of definition.functions) {
    for (const grant of fn.tables) {
      if (!tables.has(grant.table))
        problems.push(`function ${fn.id} is granted unknown table ${grant.table}`);
    }
    for (const scan of fn.scansIndexes ?? []) {
      const table = definition.tables.find((candidate) => candidate.id === scan.table);
      if (!fn.tables.some((grant) => grant.table === scan.table))
        problems.push(`function ${fn.id} scans an index of ${scan.table}, a table it is not granted`);
      else if (!(table?.globalSecondaryIndexes ?? []).some((index) => index.indexName === scan.indexName))
        problems.push(`function ${fn.id} scans ${scan.indexName}, which ${scan.table} does not declare`);
    }
    for (const machine of fn.startsStateMachines ?? []) {
      if (!machines.has(machine)) problems.push(`function ${fn.id} starts unknown state machine ${machine}`);
    }
  }
  for (const machine of definition.stateMachines ?? []) {
    for (const id of machine.invokes) {
      if (!functions.has(id)) problems.push(`state machine ${machine.id} invokes unknown function ${id}`);
    }
  }
  for (const schedule of definition.schedules ?? []) {
    if (!functions.has(schedule.target.functionId)) {
      problems.push(`schedule ${schedule.id} targets unknown function ${schedule.target.functionId}`);
    }
  }
  problems.push(...passProblems(definition));
  for (const subscription of definition.subscriptions) problems.push(...subscriptionProblems(subscription));
  for (const subscription of definition.subscriptions) {
    const { target } = subscription;
    if (
      target.kind === 'function' ? !functions.has(target.functionId) : !machines.has(target.stateMachineId)
    ) {
      problems.push(`subscription ${subscription.id} targets something the capability does not declare`);
    }
  }
  for (const setting of definition.settings ?? []) {
    if (!/^[A-Z][A-Z0-9_]{1,63}$/.test(setting.name))
      problems.push(`setting ${setting.name} is not UPPER_SNAKE`);
    for (const id of setting.functions) {
      if (!functions.has(id)) problems.push(`setting ${setting.name} is given to unknown function ${id}`);
    }
    try {
      resolveSettings([{ ...definition, settings: [setting] }], () => undefined);
    } catch (error) {
      problems.push(`setting ${setting.name}: its default is refused (${String(error)})`);
    }
  }
  problems.push(...coalescedWorkProblems(definition));
  for (const event of definition.publishes) {
    if (event.source !== `crm.${name}`) {
      problems.push(`published event ${event.detailType} has source ${event.source}, not crm.${name}`);
    }
  }
  if (definition.api !== undefined) {
    const { api } = definition;
    if (!functions.has(api.functionId)) problems.push(`the API function ${api.functionId} is not declared`);
    for (const key of duplicates(api.routes.map((route) => `${route.method} ${route.path}`))) {
      problems.push(`route ${key} is declared twice`);
    }
    const actions = new Set<string>(definition.policy.actions);
    for (const route of api.routes) {
      if (route.action !== null && !actions.has(route.action)) {
        problems.push(`route ${route.method} ${route.path} names action ${route.action}, not in the policy`);
      }
    }
  }
  return problems;
}

function subscriptionProblems(subscription: SubscriptionSpec): string[] {
  if (subscription.events.length === 0) return [`subscription ${subscription.id} names no event`];
  const sources = new Set(subscription.events.map((event) => event.source));
  return sources.size === 1
    ? []
    : [`subscription ${subscription.id} mixes sources (${[...sources].join(', ')}): declare one per source`];
}

/**
 * The EventBridge rule of each subscription, its pattern generated from the event definitions,
 * and, for each function that sends messages, the rule of its SES e-mail events on the default
 * bus (email-events.ts).
 */
export function rulesOf(definition: CapabilityDefinition): RuleSpec[] {
  const subscribed = definition.subscriptions.map(
    (subscription): RuleSpec => ({
      id: subscription.id,
      description: subscription.description,
      eventPattern: {
        source: [...new Set(subscription.events.map((event) => event.source))],
        'detail-type': subscription.events.map((event) => event.detailType),
        ...(subscription.detailFilter === undefined ? {} : { detail: subscription.detailFilter }),
      },
      target: subscription.target,
    }),
  );
  const emailEvents = definition.functions
    .filter((fn) => fn.sendsMessages)
    .map(
      (fn): RuleSpec => ({
        id: `${fn.id}EmailEvents`,
        description: `SES delivery, bounce, complaint and reject events of the e-mails ${fn.id} sent (its configuration set), on the default bus.`,
        bus: 'default',
        eventPattern: emailEventsPattern(fn.id),
        target: { kind: 'function', functionId: fn.id },
      }),
    );
  return [...subscribed, ...emailEvents];
}

/** The routes API Gateway serves for the capability (public when the contract has no action). */
export function routeSpecsOf(definition: CapabilityDefinition): RouteSpec[] {
  return (definition.api?.routes ?? []).map((route) => ({
    method: route.method,
    path: route.path,
    authorized: route.action !== null,
    throttle: throttleClassOf(route),
  }));
}

/**
 * The stage throttle of a route: the stricter `public` class for a public route under
 * `/v1/public/` (anyone may call it, whatever the method), `lookup` for a search by personal
 * data, `read` for GET (the stage's default), `write` for the rest. The health check is public
 * but outside `/v1/public/`: it keeps the default.
 */
export function throttleClassOf(route: AnyRouteContract): RouteThrottleClass {
  if (route.action === null && route.path.startsWith(PUBLIC_PREFIX)) return 'public';
  if (route.lookup === true) return 'lookup';
  return route.method === 'GET' ? 'read' : 'write';
}

/**
 * The environment variable through which the fallback function (`api.fallback`) learns every
 * route of the API, to tell a wrong method (405 with Allow) from an unknown path (404).
 */
export const API_ROUTE_KEYS_ENV = 'API_ROUTE_KEYS';

/**
 * Every route key of the app (`GET /v1/health`), `;`-separated: the value of {@link API_ROUTE_KEYS_ENV}.
 * Lambda allows 4 KB of environment per function; at about 30 bytes a route this leaves room
 * for a hundred routes, and a test keeps an eye on it.
 */
export function apiRouteKeys(definitions: readonly CapabilityDefinition[]): string {
  return definitions
    .flatMap((definition) => definition.api?.routes ?? [])
    .map((route) => `${route.method} ${route.path}`)
    .join(';');
}

/**
 * The functions of the capability that Lambda only ever invokes synchronously: its API function,
 * the tasks of its state machines and its user-pool trigger, unless a rule or a schedule also
 * targets them (EventBridge and Scheduler invoke asynchronously). Lambda never sends them a failed
 * asynchronous invocation and they never reject an event, so they get no dead-letter queue and
 * no `DEAD_LETTER_QUEUE_URL` (docs/operations.md §5), in AWS and in the local cloud alike.
 */
export function synchronousOnlyFunctions(definition: CapabilityDefinition): ReadonlySet<string> {
  const asynchronous = new Set([
    ...rulesOf(definition).flatMap((rule) =>
      rule.target.kind === 'function' ? [rule.target.functionId] : [],
    ),
    ...(definition.schedules ?? []).map((schedule) => schedule.target.functionId),
    // A coalesced work's queue invokes its worker through a mapping, but the worker sends the
    // messages that are not requests to its own dead-letter queue.
    ...(definition.coalescedWork ?? []).map((work) => work.functionId),
  ]);
  const synchronous = [
    ...(definition.api ? [definition.api.functionId] : []),
    ...(definition.stateMachines ?? []).flatMap((machine) => machine.invokes),
    ...definition.functions.filter((fn) => fn.userPoolTrigger !== undefined).map((fn) => fn.id),
  ];
  return new Set(synchronous.filter((id) => !asynchronous.has(id)));
}

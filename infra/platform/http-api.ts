import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  type HttpRouteIntegrationBindOptions,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteSpec } from '../../shared/capability/types.js';
import type { RouteThrottles, Throttle } from '../stage.js';
import { acknowledge } from './nag.js';

export interface CrmHttpApiProps {
  readonly stage: string;
  readonly issuerUrl: string;
  /** Client ids whose tokens the API accepts (Cognito access tokens carry `client_id`). */
  readonly audience: readonly string[];
  readonly throttle: Throttle;
  /** Per-route throttles of the write routes, the lookups by personal data and the public routes. */
  readonly routeThrottles: RouteThrottles;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** The customer-managed key the access logs are encrypted with. */
  readonly logKey: IKey;
}

/**
 * Access-log fields: ids, the route template (never the raw path, which carries customer
 * ids), status and latency. No headers, query strings, source IPs or bodies.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  errorType: '$context.error.responseType',
} as const;

// A Lambda proxy integration that lets this API invoke the function through one
// `AWS::Lambda::Permission`, not one per route: CloudFormation allows 500 resources per template
// (docs/operations.md §1). The permission names this API only (source ARN `<apiId>/*/*`: any
// stage, any route), and API Gateway invokes the function only for the routes this API maps to it.
//
// Not CDK's `scopePermissionToRoute: false`: its source ARN `<apiId>/*/*/*` needs three segments
// after the API id (stage, method, path), and an invocation through the `$default` route has two
// (`<stage>/$default`), so the fallback function would be refused. `<apiId>/*/*` matches both.
class ApiScopedLambdaIntegration extends HttpLambdaIntegration {
  readonly #id: string;
  readonly #handler: IFunction;
  #permitted = false;

  constructor(id: string, handler: IFunction) {
    super(id, handler);
    this.#id = id;
    this.#handler = handler;
  }

  protected override completeBind(options: HttpRouteIntegrationBindOptions): void {
    if (this.#permitted) return;
    this.#permitted = true;
    this.#handler.addPermission(`${this.#id}Permission`, {
      scope: options.scope,
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: Stack.of(options.route).formatArn({
        service: 'execute-api',
        resource: options.route.httpApi.apiId,
        resourceName: '*/*',
      }),
    });
  }
}

/**
 * The HTTP API: JWT authorizer on the user pool issuer, a `$default` stage with JSON access
 * logs, default-route throttling for reads and tighter per-route throttling for writes,
 * lookups by personal data and public routes. Capabilities add their routes with `addRoutes`.
 */
export class CrmHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  readonly accessLogs: LogGroup;
  readonly #integrations = new Map<IFunction, HttpLambdaIntegration>();
  readonly #routeThrottles: CrmHttpApiProps['routeThrottles'];
  /** The stage's RouteSettings, by route key: one entry per write, lookup or public route. */
  readonly #routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Construct, id: string, props: CrmHttpApiProps) {
    super(scope, id);
    this.#routeThrottles = props.routeThrottles;
    this.api = new HttpApi(this, 'Api', {
      apiName: `fincrm-${props.stage}`,
      description: 'FinCrm HTTP API',
      createDefaultStage: false,
    });
    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.issuerUrl, {
      jwtAudience: [...props.audience],
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
      encryptionKey: props.logKey,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** The invoke URL of the `$default` stage. */
  get url(): string {
    return this.stage.url;
  }

  #integration(id: string, handler: IFunction): HttpLambdaIntegration {
    let integration = this.#integrations.get(handler);
    if (integration === undefined) {
      integration = new ApiScopedLambdaIntegration(`${id}Integration`, handler);
      this.#integrations.set(handler, integration);
    }
    return integration;
  }

  /**
   * The `$default` route: every request no route matches goes to `handler`, which answers with
   * a problem document (404, or 405 with Allow) instead of API Gateway's bare `{"message"}`.
   * No authorizer: an unknown path must get its 404 whoever asks; nothing behind it reads data.
   * Created in `scope`, the handler's capability's nested stack, like its other routes.
   */
  addFallback(scope: Construct, id: string, handler: IFunction): void {
    const route = new HttpRoute(scope, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: this.#integration(id, handler),
      authorizer: new HttpNoneAuthorizer(),
    });
    acknowledge(
      route,
      'AwsSolutions-APIG4',
      'The $default route answers unmatched requests with a 404/405 problem document; it reads no data and needs no caller.',
    );
  }

  /**
   * Per-route throttling on the stage (RouteSettings): the L2 stage sets only the default route's,
   * so the CloudFormation property is set on the stage resource. The stage depends on the routes,
   * which must exist before their settings can be applied.
   */
  #throttle(routeKey: string, throttle: keyof RouteThrottles, routes: readonly HttpRoute[]): void {
    const limits = this.#routeThrottles[throttle];
    this.#routeSettings[routeKey] = {
      ThrottlingRateLimit: limits.rateLimit,
      ThrottlingBurstLimit: limits.burstLimit,
    };
    const stage = this.stage.node.defaultChild;
    if (!(stage instanceof CfnStage)) throw new Error('The HTTP API stage has no CloudFormation resource');
    stage.routeSettings = { ...this.#routeSettings };
    for (const route of routes) this.stage.node.addDependency(route);
  }

  /**
   * Routes every spec to `handler` (named `id`); `authorized: false` routes get no authorizer.
   * The routes (and the integration and permission the first one binds) are created in `scope`,
   * the handler's capability's nested stack: routes are the most numerous resource of the app,
   * and the root stack keeps only the API, its stage and the authorizer (docs/operations.md §1).
   */
  addRoutes(scope: Construct, id: string, handler: IFunction, routes: readonly RouteSpec[]): void {
    const integration = this.#integration(id, handler);
    for (const route of routes) {
      const authorizer: IHttpRouteAuthorizer = route.authorized ? this.authorizer : new HttpNoneAuthorizer();
      const method = HttpMethod[route.method];
      const created = [
        new HttpRoute(scope, `${method}${route.path}`, {
          httpApi: this.api,
          routeKey: HttpRouteKey.with(route.path, method),
          integration,
          authorizer,
        }),
      ];
      if (route.throttle !== 'read') this.#throttle(`${route.method} ${route.path}`, route.throttle, created);
      if (!route.authorized) {
        const reason =
          route.throttle === 'public'
            ? 'The route contract marks this route public: the signed link in its path authorises it (checked by the function), and the stage throttles it with the strict public class.'
            : 'The route contract marks this route public (liveness check for load balancers); it returns no data.';
        for (const httpRoute of created) acknowledge(httpRoute, 'AwsSolutions-APIG4', reason);
      }
    }
  }
}

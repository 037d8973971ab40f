import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import { Kind, NoSchemaIntrospectionCustomRule, OperationTypeNode } from 'graphql';
import type { Authenticator } from '@mcp-ledger/auth';
import { AUTHENTICATOR } from '@mcp-ledger/ledger-core';
import { AccessLogResolver } from './admin/access-log.resolver';
import { ListAccessLogHandler } from './admin/access-log.handler';
import { ApiKeysResolver } from './admin/api-keys.resolver';
import { CreateApiKeyHandler, ListApiKeysHandler, RevokeApiKeyHandler } from './admin/api-keys.handlers';
import { AgentsResolver } from './agency/agents.resolver';
import { ApprovalsResolver, ToolCallApprovalResolver } from './approvals/approvals.resolver';
import { ListApprovalsHandler } from './approvals/list-approvals.handler';
import { ListAgentsHandler } from './agency/list-agents.handler';
import { callerFromRequest } from './common/caller';
import { ApiError } from './common/api-errors';
import { AuthErrorFilter } from './common/auth-error.filter';
import { formatExecutionErrors } from './common/error-formatter';
import { authenticateSubscription, type ConnectionInitPayload } from './subscriptions/subscription-auth';
import { SubscriptionsResolver } from './subscriptions/subscriptions.resolver';
import { estimateQueryCost } from './common/query-cost';
import { DateTimeScalar } from './common/date-time.scalar';
import { createRequestContext } from './common/request-context';
import { TenantReader } from './common/tenant-reader';
import { GetContentsHandler } from './contents/get-contents.handler';
import { FindingsResolver } from './findings/findings.resolver';
import { ListFindingsHandler } from './findings/list-findings.handler';
import { ListServersHandler } from './inventory/list-servers.handler';
import { ServersResolver } from './inventory/servers.resolver';
import { ProvenanceEdgesReader } from './provenance/provenance-edges.reader';
import { ContentImpactHandler, GetCallsByResultSeqHandler, GetProvenanceSourcesHandler } from './provenance/provenance.handlers';
import { ContentResolver, ProvenanceSourceResolver, ToolCallProvenanceResolver } from './provenance/provenance.resolvers';
import { GetSessionsHandler } from './sessions/get-sessions.handler';
import { SessionTimelineHandler } from './sessions/session-timeline.handler';
import { SessionsResolver } from './sessions/sessions.resolver';
import { GetToolCallsHandler } from './tool-calls/get-tool-calls.handler';
import { ListToolCallsHandler } from './tool-calls/list-tool-calls.handler';
import { ToolCallsResolver } from './tool-calls/tool-calls.resolver';

export interface GraphqlApiOptions {
  /** Serve the GraphiQL page at /graphiql and answer schema introspection (development only). */
  graphiql: boolean;
  /** Largest estimated cost (estimateQueryCost) an operation may have; above it, it is refused unrun. */
  maxQueryCost: number;
}

function isJson(source: string): boolean {
  try {
    JSON.parse(source);
    return true;
  } catch {
    return false;
  }
}

/** Deepest selection a query may nest: room for provenance(depth: 5) with its `upstream` chain. */
export const MAX_QUERY_DEPTH = 16;

const QUERY_HANDLERS = [
  ListToolCallsHandler,
  GetToolCallsHandler,
  GetSessionsHandler,
  SessionTimelineHandler,
  GetContentsHandler,
  ListServersHandler,
  GetProvenanceSourcesHandler,
  GetCallsByResultSeqHandler,
  ContentImpactHandler,
  ListFindingsHandler,
  ListAgentsHandler,
  ListApprovalsHandler,
  ListAccessLogHandler,
  ListApiKeysHandler,
  CreateApiKeyHandler,
  RevokeApiKeyHandler,
];
const RESOLVERS = [
  ToolCallsResolver,
  SessionsResolver,
  ServersResolver,
  ToolCallProvenanceResolver,
  ProvenanceSourceResolver,
  ContentResolver,
  FindingsResolver,
  AgentsResolver,
  ApprovalsResolver,
  ToolCallApprovalResolver,
  SubscriptionsResolver,
  ApiKeysResolver,
  AccessLogResolver,
];

/**
 * The read side: GraphQL at /graphql. Resolvers only dispatch to the QueryBus; query
 * handlers read ClickHouse through the TenantReader. Needs DatabaseModule.
 */
@Module({})
export class GraphqlApiModule {
  static forRoot(options: GraphqlApiOptions): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        CqrsModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [CqrsModule],
          inject: [QueryBus, { token: AUTHENTICATOR, optional: true }],
          useFactory: (queryBus: QueryBus, authenticator?: Authenticator) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
            graphiql: options.graphiql,
            // Bounds on what one request may ask for; traversals have their own depth and node caps.
            queryDepth: MAX_QUERY_DEPTH,
            validationRules: options.graphiql ? [] : [NoSchemaIntrospectionCustomRule],
            context: (request: FastifyRequest) => createRequestContext(callerFromRequest(request), queryBus),
            errorFormatter: (execution) => formatExecutionErrors(execution),
            // graphql-ws: the connection authenticates its connection_init payload; refused without a valid token.
            subscription: {
              onConnect: async ({ payload }: { payload?: ConnectionInitPayload }) =>
                createRequestContext(await authenticateSubscription(authenticator, payload), queryBus),
            },
            hooks: {
              // Mercurius reads a query that is not GraphQL but parses as JSON as a ready-made AST, unchecked;
              // no GraphQL document is valid JSON, so such a query is refused before it gets there.
              preParsing: (_schema, source) => {
                if (isJson(source)) throw new ApiError('BAD_USER_INPUT', 'query must be a GraphQL document (text), not JSON');
              },
              // After validation, before any resolver: priced with the variables actually sent.
              preExecution: (schema, document, context, variables: unknown) => {
                // Over GET, `variables` is JSON text of any value (a POST body must hold an object).
                if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
                  throw new ApiError('BAD_USER_INPUT', 'variables must be a JSON object');
                }
                const body = (context.reply?.request?.body ?? {}) as { operationName?: unknown };
                const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
                // Over HTTP a subscription would run as a query and answer its stream object as data.
                const operation = document.definitions.find(
                  (definition) => definition.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || definition.name?.value === operationName),
                );
                if (operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === OperationTypeNode.SUBSCRIPTION) {
                  throw new ApiError('BAD_USER_INPUT', 'subscriptions are served over WebSocket (graphql-ws) at /graphql, not over HTTP POST');
                }
                const cost = estimateQueryCost(schema, document, (variables ?? {}) as Record<string, unknown>, operationName);
                if (cost > options.maxQueryCost) {
                  throw new ApiError('QUERY_TOO_COSTLY', `this query could resolve about ${cost} fields; the limit is ${options.maxQueryCost}: ask for smaller pages or less depth`);
                }
              },
            },
          }),
        }),
      ],
      providers: [TenantReader, ProvenanceEdgesReader, { provide: APP_FILTER, useClass: AuthErrorFilter }, ...QUERY_HANDLERS, ...RESOLVERS],
    };
  }
}

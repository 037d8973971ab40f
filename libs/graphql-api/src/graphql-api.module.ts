import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { AgentsResolver } from './agency/agents.resolver';
import { ListAgentsHandler } from './agency/list-agents.handler';
import { callerFromRequest } from './common/caller';
import { formatExecutionErrors } from './common/error-formatter';
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
          inject: [QueryBus],
          useFactory: (queryBus: QueryBus) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            graphiql: options.graphiql,
            // Bounds on what one request may ask for; traversals have their own depth and node caps.
            queryDepth: MAX_QUERY_DEPTH,
            validationRules: options.graphiql ? [] : [NoSchemaIntrospectionCustomRule],
            context: (request: FastifyRequest) => createRequestContext(callerFromRequest(request), queryBus),
            errorFormatter: (execution) => formatExecutionErrors(execution),
          }),
        }),
      ],
      providers: [TenantReader, ProvenanceEdgesReader, ...QUERY_HANDLERS, ...RESOLVERS],
    };
  }
}

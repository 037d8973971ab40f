/**
 * @mcp-ledger/graphql-api — the read side: a NestJS GraphQL module (Mercurius) whose
 * resolvers dispatch to CQRS query handlers over the ClickHouse read models.
 */
export { ApiError, type ApiErrorCode } from './common/api-errors';
export { callerFromRequest, type Caller } from './common/caller';
export { contentAccess } from './common/content-access';
export { TenantReader } from './common/tenant-reader';
export { GraphqlApiModule, type GraphqlApiOptions } from './graphql-api.module';

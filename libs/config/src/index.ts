/**
 * @mcp-ledger/config — configuration building blocks shared by the apps: LEDGER_* field
 * schemas and one parser that reports every bad value by name. Each app composes its own
 * schema from these (one schema per app, parsed once at start).
 */
export {
  authFields,
  byteSize,
  checkpointFields,
  clickhouseFields,
  databaseSettings,
  httpFields,
  ingestFields,
  kafkaBrokers,
  kafkaFields,
  port,
  runtimeFields,
  jwtSettings,
  type AuthConfig,
  type ClickHouseConfig,
} from './config-fragments';
export { ConfigError, configKeys, parseEnvConfig } from './env-config';
export { jwksLocation, type JwksLocation } from './jwks-location';
export { ApiConfigSchema, type ApiConfig } from './api.config';
export { ProjectorConfigSchema, type ProjectorConfig } from './projector.config';

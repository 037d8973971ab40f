import { z } from 'zod';
import { authFields, clickhouseFields, httpFields, kafkaBrokers, runtimeFields } from './config-fragments';

/**
 * `apps/api`: the GraphQL read side over a ClickHouse reached by URL (or the embedded engine).
 * With `LEDGER_KAFKA_BROKERS` it also records approval decisions (GraphQL `decideApproval`,
 * `approveToolDefinition`, the proxy's `/v1/approvals`) by producing them to the events topic;
 * without it, it is read-only.
 */
export const ApiConfigSchema = z.object({
  ...httpFields,
  ...clickhouseFields,
  ...runtimeFields,
  ...authFields,
  LEDGER_KAFKA_BROKERS: kafkaBrokers.optional(),
  LEDGER_KAFKA_CLIENT_ID: z.string().min(1).default('mcp-ledger-api'),
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;

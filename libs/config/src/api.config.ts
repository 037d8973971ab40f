import { z } from 'zod';
import { clickhouseFields, httpFields, runtimeFields } from './config-fragments';

/** `apps/api`: the GraphQL read side over a ClickHouse reached by URL (or the embedded engine). */
export const ApiConfigSchema = z.object({
  ...httpFields,
  ...clickhouseFields,
  ...runtimeFields,
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;

import { z } from 'zod';
import { authFields, clickhouseFields, httpFields, runtimeFields } from './config-fragments';

/** `apps/api`: the GraphQL read side over a ClickHouse reached by URL (or the embedded engine). */
export const ApiConfigSchema = z.object({
  ...httpFields,
  ...clickhouseFields,
  ...runtimeFields,
  ...authFields,
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;

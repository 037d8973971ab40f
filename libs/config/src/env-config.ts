import type { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const isSecret = (key: string) => /PASSWORD|SECRET|TOKEN|KEY$/.test(key);

/** A URL's `user:password@` is a secret whatever the variable is called. */
const withoutUrlCredentials = (value: unknown) => (typeof value === 'string' ? value.replace(/(\/\/)[^/\s]*@/g, '$1***@') : value);

/**
 * Parses an app's configuration from `LEDGER_*` environment variables, once, at start.
 * Only LEDGER_* variables are read; an empty value counts as unset. Every bad value is
 * reported by name with what was given (secrets masked), not just the first.
 */
export function parseEnvConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const input = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('LEDGER_') && value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(config)';
      const given = key in input ? ` (got ${JSON.stringify(isSecret(key) ? '***' : withoutUrlCredentials(input[key]))})` : '';
      return `${key}: ${issue.message}${given}`;
    }),
  );
}

/** The keys an app's schema accepts: deployment files are checked against them. */
export function configKeys(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape).sort();
}

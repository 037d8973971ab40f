/**
 * How CLI commands talk to a running ledger: its origin from --url, the token from
 * LEDGER_TOKEN, and answers turned into errors a person can act on.
 */
export interface Whoami {
  subject: string;
  kind: string;
  roles: string[];
  tenants: string[];
}

export function ledgerToken(): string | undefined {
  const token = process.env['LEDGER_TOKEN']?.trim();
  return token ? token : undefined;
}

/** The origin of a `--url` flag, or an error naming the flag. */
export function ledgerOrigin(flag: string): string {
  try {
    return new URL(flag).origin;
  } catch {
    throw new Error(`--url ${JSON.stringify(flag)} is not a URL (example: http://127.0.0.1:4000)`);
  }
}

export function authorizationHeaders(): Record<string, string> {
  const token = ledgerToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Explains a refused request in terms of LEDGER_TOKEN. */
export function refusalMessage(url: string, status: number, body: unknown): string | undefined {
  const reason = (body as { error?: string; message?: string; errors?: { message?: string }[] } | null) ?? {};
  const detail = reason.message ?? reason.errors?.[0]?.message ?? '';
  if (status === 401) {
    return ledgerToken()
      ? `the ledger at ${url} refused LEDGER_TOKEN (${detail || 'invalid token'}); check it, or ask an admin for a key (mcp-ledger keys create)`
      : `the ledger at ${url} needs a token: set LEDGER_TOKEN to an API key (the first admin key is printed by \`mcp-ledger up\`)`;
  }
  if (status === 403) return `the ledger at ${url} refused this for LEDGER_TOKEN: ${detail || 'not permitted'}`;
  if (status === 429) return `the ledger at ${url} is rate limiting this token: ${detail}`;
  return undefined;
}

/** Checks the ledger answers and accepts LEDGER_TOKEN, before any work starts. */
export async function checkLedgerAccess(url: string): Promise<Whoami> {
  const response = await fetch(`${url}/v1/whoami`, { headers: authorizationHeaders() }).catch((error: Error) => {
    throw new Error(`no ledger answers at ${url} (${error.message}); start one with \`npx mcp-ledger up\``);
  });
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return body as Whoami;
  throw new Error(refusalMessage(url, response.status, body) ?? `the ledger at ${url} answered ${response.status} to /v1/whoami`);
}

/** One GraphQL operation as the LEDGER_TOKEN holder; GraphQL errors become one Error. */
export async function ledgerGraphql<T>(url: string, query: string, variables: Record<string, unknown> = {}, tenant?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...authorizationHeaders() };
  if (tenant) headers['x-ledger-tenant'] = tenant;
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  const refused = refusalMessage(url, response.status, body);
  if (refused) throw new Error(refused);
  if (!body?.data || body.errors?.length) {
    throw new Error(`the ledger at ${url} answered ${response.status}: ${body?.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  return body.data;
}

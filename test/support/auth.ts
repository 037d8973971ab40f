/**
 * The admin token of test ledgers. vitest.config.mts sets it as both LEDGER_BOOTSTRAP_TOKEN
 * (so every ledger a test starts has it as its first admin key) and LEDGER_TOKEN (so
 * emitters, the CLI and these helpers send it), the way an operator would automate it.
 */
export function testAdminToken(): string {
  const token = process.env['LEDGER_TOKEN'];
  if (!token) throw new Error('LEDGER_TOKEN is not set: run integration tests through vitest.config.mts');
  return token;
}

export function authHeaders(token: string = testAdminToken()): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Creates an API key through the admin mutation (as the test admin) and returns its token. */
export async function createTestKey(baseUrl: string, key: { name: string; roles: string[]; tenants: string[] }): Promise<string> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({
      query: 'mutation C($input: CreateApiKeyInput!) { createApiKey(input: $input) { token } }',
      variables: { input: key },
    }),
  });
  const body = (await response.json()) as { data?: { createApiKey: { token: string } }; errors?: unknown[] };
  if (!body.data) throw new Error(`createApiKey failed (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data.createApiKey.token;
}

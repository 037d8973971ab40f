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

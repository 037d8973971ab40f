// The GraphQL operations of the provenance page, and the one function that sends them.
// test/ui/ui.test.ts imports this same module, so the page's queries are the tested ones.

/** Injection findings, newest first. */
export const INJECTION_FINDINGS_QUERY = `query UiInjectionFindings {
  findings(filter: { kind: ["injection_suspected"] }, first: 50) {
    edges { node { id severity summary raisedAt toolCall { id callId toolName } session { id externalId } } }
  }
}`;

/** Calls whose arguments came from content rather than the user, newest first. */
export const SUSPECTED_CALLS_QUERY = `query UiSuspectedCalls {
  toolCalls(filter: { injectionSuspected: true }, first: 50) {
    edges { node { id callId toolName arguments requestedAt session { id externalId } provenance { origin score } } }
  }
}`;

const SOURCE_FIELDS = 'seq kind score contentHash evidence producedBy { id callId toolName arguments }';

/** Backward: what caused the call, three hops deep (sources, their producers, the producers' sources …). */
export const CALL_PROVENANCE_QUERY = `query UiCallProvenance($id: ID!) {
  toolCall(id: $id) {
    id callId toolName arguments requestedAt session { id externalId }
    provenance(depth: 3) {
      origin injectionSuspected score
      sources { ${SOURCE_FIELDS}
        upstream { origin injectionSuspected score sources { ${SOURCE_FIELDS}
          upstream { origin injectionSuspected score sources { ${SOURCE_FIELDS} } } } } }
    }
  }
}`;

/** Forward: every call the content influenced, in every session, three hops deep. */
export const CONTENT_IMPACT_QUERY = `query UiContentImpact($hash: String!) {
  content(hash: $hash) {
    hash kind firstSeenAt
    impact(depth: 3, first: 200) {
      depth score viaContentHash
      call { id callId toolName arguments session { id externalId } result { hash kind } provenance { injectionSuspected score } }
    }
  }
}`;

const REFUSALS = {
  400: 'The ledger refused the query (400)',
  401: 'The token was refused (401): check it, or ask an admin for a key',
  403: 'This token may not read this (403): a role or a tenant is missing',
  429: 'Too many requests (429): wait a minute',
};

/**
 * `{ ok: true, data }` or `{ ok: false, status, message }` from an HTTP status and a GraphQL
 * body: refusals (401, 403, 429), errors in the body (cost, bad input) and non-JSON answers
 * all become one plain sentence with the ledger's codes.
 */
export function readAnswer(status, body) {
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (status === 200 && errors.length === 0 && body?.data) return { ok: true, status, data: body.data };
  const details = errors.map((error) => {
    const code = error?.extensions?.code;
    return code ? `${code}: ${error?.message ?? ''}` : String(error?.message ?? '');
  });
  const lead = REFUSALS[status] ?? (status === 200 ? 'The query failed' : `The ledger answered HTTP ${status}`);
  return { ok: false, status, message: details.length > 0 ? `${lead} — ${details.join('; ')}` : lead };
}

/**
 * POSTs one operation to the ledger's /graphql with the user's token (and tenant, when given).
 * `fetch` is passed in so the page and the tests send the same request.
 */
export async function runQuery({ fetch, url, token, tenant, query, variables = {} }) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (tenant) headers['x-ledger-tenant'] = tenant;
  let response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }), credentials: 'omit' });
  } catch (error) {
    return { ok: false, status: 0, message: `The ledger did not answer: ${error?.message ?? String(error)}` };
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return readAnswer(response.status, body);
}

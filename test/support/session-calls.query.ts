/** A tool call as the end-to-end suites read it back: everything an analyst would check. */
export interface CallNode {
  callId: string;
  seq: number;
  toolName: string;
  serverName: string;
  arguments: Record<string, unknown>;
  status: string;
  isError: boolean;
  error: { code: number; message: string } | null;
  durationMs: number;
  toolDefinitionHash: string;
  result: { body: { content: { text: string }[] } } | null;
  session: { id: string; client: { name: string }; server: { name: string; version: string } };
}

/** Every call of one session, oldest first (`$sessionId`). */
export const SESSION_CALLS_QUERY = `query Calls($sessionId: String!) {
  toolCalls(filter: { sessionId: $sessionId }, first: 50, order: ASC) {
    edges { node {
      callId seq toolName serverName arguments status isError error { code message } durationMs toolDefinitionHash
      result { body }
      session { id client { name } server { name version } }
    } }
    pageInfo { hasNextPage }
  }
}`;

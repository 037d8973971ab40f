/**
 * OTel `network.transport` style name of an SDK transport, from its class name, so a
 * session records how it was connected without the caller saying so.
 */
const KNOWN: [RegExp, string][] = [
  [/InMemory/i, 'in-memory'],
  [/Stdio/i, 'stdio'],
  [/StreamableHTTP|PerRequestHTTP/i, 'streamable-http'],
  [/SSE/i, 'sse'],
  [/WebSocket/i, 'websocket'],
];

export function transportName(transport: object): string | undefined {
  const name = transport.constructor?.name ?? '';
  return KNOWN.find(([pattern]) => pattern.test(name))?.[1];
}

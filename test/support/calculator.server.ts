import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

export const CALCULATOR_TOOLS = [
  {
    name: 'divide',
    description: 'Divide a by b.',
    inputSchema: { type: 'object' as const, properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  },
  {
    name: 'ledger_lookup',
    description: 'Look up an account in the backend (which is sometimes down).',
    inputSchema: { type: 'object' as const, properties: { account: { type: 'string' } }, required: ['account'] },
  },
];

/**
 * A low-level SDK server whose three outcomes are all reachable: a result, a result with
 * isError (division by zero), and a JSON-RPC error (the backend being down), which the
 * high-level McpServer would have turned into an isError result.
 */
export function createCalculatorServer(): Server {
  const server = new Server({ name: 'calculator', version: '2.1.0' }, { capabilities: { tools: {}, resources: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: CALCULATOR_TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async ({ params }) => {
    const args = (params.arguments ?? {}) as Record<string, unknown>;
    if (params.name === 'divide') {
      const [a, b] = [Number(args['a']), Number(args['b'])];
      if (b === 0) return { isError: true, content: [{ type: 'text', text: 'division by zero' }] };
      return { content: [{ type: 'text', text: String(a / b) }] };
    }
    if (params.name === 'ledger_lookup') throw new McpError(ErrorCode.InternalError, 'backend unavailable');
    throw new McpError(ErrorCode.InvalidParams, `unknown tool ${params.name}`);
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [{ uri: 'docs://rates', name: 'rates', mimeType: 'text/plain' }],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async ({ params }) => ({
    contents: [{ uri: params.uri, mimeType: 'text/plain', text: 'EUR/USD 1.09' }],
  }));
  return server;
}

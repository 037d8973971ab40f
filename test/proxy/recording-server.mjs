// A tiny MCP server (the real SDK, stdio) that appends every tools/call it receives to the
// file named by RECORDING_SERVER_LOG, one JSON line each: what the server actually saw.
import { appendFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const log = process.env.RECORDING_SERVER_LOG;
const seen = (tool, args) => {
  if (log) appendFileSync(log, `${JSON.stringify({ tool, arguments: args })}\n`);
};

const server = new McpServer({ name: 'recording-server', version: '1.0.0' });
server.registerTool('echo', { inputSchema: { message: z.string() } }, async (args) => {
  seen('echo', args);
  return { content: [{ type: 'text', text: `Echo: ${args.message}` }] };
});
server.registerTool('send_email', { inputSchema: { to: z.string(), body: z.string() } }, async (args) => {
  seen('send_email', args);
  return { content: [{ type: 'text', text: `sent to ${args.to}` }] };
});
server.registerTool('delete_repo', { inputSchema: { repo: z.string() } }, async (args) => {
  seen('delete_repo', args);
  return { content: [{ type: 'text', text: `deleted ${args.repo}` }] };
});
await server.connect(new StdioServerTransport());

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { join } from 'node:path';
import WebSocket from 'ws';
import { graphql, graphqlData } from '../support/graphql';
import { CLI } from '../proxy/proxy-helpers';

export const GOVERNED_SERVER = join(__dirname, 'governed-server.mjs');

/** A real SDK client speaking to the governed server through `mcp-ledger proxy` (stdio). */
export async function connectThroughProxy(args: string[], env: Record<string, string>): Promise<{ client: Client; stderr: () => string }> {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) childEnv[key] = value;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'proxy', ...args, '--', process.execPath, GOVERNED_SERVER],
    stderr: 'pipe',
    env: { ...childEnv, ...env },
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'approvals-test-host', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** GraphQL as a given token, in a given tenant. */
export function as(url: string, token: string, tenant: string) {
  const headers = { authorization: `Bearer ${token}`, 'x-ledger-tenant': tenant };
  return {
    data: <T>(query: string, variables: Record<string, unknown> = {}) => graphqlData<T>(url, query, variables, headers),
    answer: <T>(query: string, variables: Record<string, unknown> = {}) => graphql<T>(url, query, variables, headers),
  };
}

/** A graphql-ws subscription over a real WebSocket, collecting what arrives. */
export interface Subscribed<T> {
  received: T[];
  errors: unknown[];
  /** Resolves once the server acknowledged the connection (its token was accepted); rejects after `timeoutMs` otherwise. */
  acknowledged: (timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

export function wsClient(url: string, connectionParams: Record<string, string> | undefined): WsClient {
  return createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

export function subscribe<T>(client: WsClient, query: string, field: string): Subscribed<T> {
  const received: T[] = [];
  const errors: unknown[] = [];
  let connected = false;
  const onConnected: (() => void)[] = [];
  client.on('connected', () => {
    connected = true;
    for (const resolve of onConnected.splice(0)) resolve();
  });
  const stop = client.subscribe<Record<string, T>>(
    { query },
    {
      next: (value) => {
        if (value.errors) errors.push(value.errors);
        if (value.data?.[field]) received.push(value.data[field]!);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return {
    received,
    errors,
    acknowledged: (timeoutMs = 15_000) =>
      connected
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`subscription not acknowledged within ${timeoutMs} ms: ${JSON.stringify(errors)}`)), timeoutMs);
            onConnected.push(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
    close: async () => {
      stop();
      await client.dispose();
    },
  };
}

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { v7 as uuidv7 } from 'uuid';
import { createLedgerEmitter, HttpSink } from '@mcp-ledger/emitter';
import { createCalculatorServer } from './calculator.server';

/**
 * Records one real SDK session against the calculator server (list, ok / isError /
 * JSON-RPC error calls, a resource read) and delivers it to the ledger at `url`.
 */
export async function recordCalculatorSession(url: string, tenant: string): Promise<string> {
  const sessionId = `calc-${uuidv7()}`;
  const emitter = createLedgerEmitter({ sink: new HttpSink({ url }), tenant });
  const server = createCalculatorServer();
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'calculator-client', version: '0.1.0' });
  await server.connect(serverTransport);
  await client.connect(emitter.wrap(clientTransport, { side: 'client', sessionId }));
  await client.listTools();
  await client.callTool({ name: 'divide', arguments: { a: 10, b: 4 } });
  await client.callTool({ name: 'divide', arguments: { a: 1, b: 0 } });
  await client.callTool({ name: 'ledger_lookup', arguments: { account: 'ACME-42' } }).catch(() => undefined);
  await client.readResource({ uri: 'docs://rates' });
  await client.close();
  await emitter.close();
  const { dropped, rejected, spooled } = emitter.stats();
  if (dropped + rejected + spooled > 0) throw new Error(`the emitter did not deliver everything: ${JSON.stringify(emitter.stats())}`);
  return sessionId;
}

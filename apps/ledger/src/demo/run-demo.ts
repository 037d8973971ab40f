import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createLedgerEmitter, HttpSink, type EmitterStats, type EventSink } from '@mcp-ledger/emitter';
import { KafkaEventSink } from '@mcp-ledger/kafka';
import { runDemoAgent, type DemoScenario } from './demo-agent';
import { createDemoMailServer } from './demo-mail.server';

export interface DemoOptions {
  /** Send to a ledger's HTTP ingest at this base URL… */
  url?: string;
  /** …or publish straight to Kafka (the distributed mode). */
  kafkaBrokers?: string[];
  tenant: string;
  /** Called after each session with its ledger session id. */
  onSession?: (scenario: DemoScenario, sessionId: string) => void;
}

export interface DemoResult {
  sessions: { scenario: DemoScenario; sessionId: string }[];
  stats: EmitterStats;
}

/**
 * Runs the demo agent against the demo MCP server (official SDK, in-process transport)
 * with the client side of each connection recorded by the emitter and sent to the ledger.
 */
export async function runDemo({ url, kafkaBrokers, tenant, onSession }: DemoOptions): Promise<DemoResult> {
  let sink: EventSink;
  if (kafkaBrokers) sink = new KafkaEventSink({ bootstrap: kafkaBrokers, clientId: 'mcp-ledger-demo' });
  else if (url) sink = new HttpSink({ url });
  else throw new Error('the demo needs a ledger URL or Kafka brokers');
  const emitter = createLedgerEmitter({ sink, tenant, agent: 'demo-assistant', host: 'demo-host' });
  const sessions: DemoResult['sessions'] = [];
  for (const scenario of ['normal', 'injected'] as const) {
    const server = createDemoMailServer();
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'demo-assistant', version: '1.0.0' });
    const sessionId = `demo-${scenario}-${Date.now().toString(36)}`;
    await server.connect(serverTransport);
    await client.connect(emitter.wrap(clientTransport, { side: 'client', sessionId, transport: 'in-memory' }));
    await runDemoAgent(client, scenario);
    await client.close();
    await server.close();
    sessions.push({ scenario, sessionId });
    onSession?.(scenario, sessionId);
  }
  await emitter.close({ timeoutMs: 10_000 });
  return { sessions, stats: emitter.stats() };
}

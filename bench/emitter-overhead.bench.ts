import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createLedgerEmitter, FileSink, type LedgerEmitter } from '@mcp-ledger/emitter';
import { interleave } from './support/interleave';
import { proseOfBytes } from './support/payload';
import { median, percentileOfSorted } from './support/stats';
import { micros, progress, ratioRange, type ResultRow } from './support/report';
import type { BenchReport } from './support/bench-report';

/**
 * (a) What the emitter adds to an MCP client: the same SDK `Client` calling the same
 * real stdio server (a child process) `tools/call echo` with a ~1 KB argument, once over
 * the plain StdioClientTransport (baseline) and once over that transport wrapped by the
 * emitter with a FileSink (candidate: every event is built, hashed, serialised and
 * appended to a file). Each side has its own server process so neither inherits the
 * other's state; both are warmed up before the interleaved repetitions.
 */

export interface EmitterBenchOptions {
  callsPerRepetition: number;
  repetitions: number;
  warmups: number;
  argumentBytes: number;
}

export const EMITTER_TARGETS = { p50Ratio: 1.05, p99Ratio: 1.1, cpuPerEventMicros: 10 } as const;

interface BlockResult {
  p50Ms: number;
  p99Ms: number;
  /** User + system CPU of this process over the block, including the emitter's flush. */
  cpuMicros: number;
  events: number;
}

const SERVER_SCRIPT = join(__dirname, 'fixtures', 'echo-stdio.server.js');

async function connect(name: string, wrap: (transport: StdioClientTransport) => StdioClientTransport): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  const transport = new StdioClientTransport({ command: process.execPath, args: [SERVER_SCRIPT], stderr: 'inherit' });
  await client.connect(wrap(transport));
  return client;
}

async function runBlock(client: Client, calls: number, text: string, emitter?: LedgerEmitter): Promise<BlockResult> {
  const latencies = new Float64Array(calls);
  const emittedBefore = emitter?.stats().emitted ?? 0;
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < calls; i += 1) {
    const started = performance.now();
    await client.callTool({ name: 'echo', arguments: { text } });
    latencies[i] = performance.now() - started;
  }
  // The emitter builds and delivers events off the caller's turn; flushing inside the CPU
  // window charges that deferred work to this block instead of to the next one.
  if (emitter) await emitter.flush();
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  return {
    p50Ms: percentileOfSorted(sorted, 50),
    p99Ms: percentileOfSorted(sorted, 99),
    cpuMicros: cpu.user + cpu.system,
    events: (emitter?.stats().emitted ?? 0) - emittedBefore,
  };
}

export async function runEmitterBench(options: EmitterBenchOptions): Promise<BenchReport> {
  const log = progress('emitter');
  const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-bench-emitter-'));
  const eventsFile = join(dir, 'events.ndjson');
  const emitter = createLedgerEmitter({ sink: new FileSink(eventsFile), spoolDir: join(dir, 'spool'), tenant: 'bench' });
  const text = proseOfBytes(options.argumentBytes);
  log(`spawning two echo servers (${SERVER_SCRIPT})`);
  const bare = await connect('bench-bare', (transport) => transport);
  const instrumented = await connect('bench-instrumented', (transport) => emitter.wrap(transport, { side: 'client' }));
  try {
    const echoed = await instrumented.callTool({ name: 'echo', arguments: { text } });
    if (JSON.stringify(echoed).length < options.argumentBytes) throw new Error('echo server did not return the argument');

    const describe = (r: BlockResult) =>
      `p50 ${micros(r.p50Ms)}, p99 ${micros(r.p99Ms)}, cpu ${(r.cpuMicros / options.callsPerRepetition).toFixed(1)} µs/call` +
      (r.events > 0 ? `, ${r.events} events` : '');
    log(`${options.warmups} warm-up + ${options.repetitions} measured repetitions of ${options.callsPerRepetition} calls per side`);
    const results = await interleave<BlockResult>({
      baseline: { name: 'bare        ', run: () => runBlock(bare, options.callsPerRepetition, text) },
      candidate: { name: 'instrumented', run: () => runBlock(instrumented, options.callsPerRepetition, text, emitter) },
      repetitions: options.repetitions,
      warmups: options.warmups,
      progress: log,
      describe,
    });

    const pairs = results.baseline.map((b, i) => ({ b, c: results.candidate[i]! }));
    const p50Ratios = pairs.map(({ b, c }) => c.p50Ms / b.p50Ms);
    const p99Ratios = pairs.map(({ b, c }) => c.p99Ms / b.p99Ms);
    const cpuPerEvent = pairs.map(({ b, c }) => (c.cpuMicros - b.cpuMicros) / c.events);
    const cpuPerCall = (side: BlockResult[]) => median(side.map((r) => r.cpuMicros / options.callsPerRepetition));
    const eventsPerCall = median(results.candidate.map((r) => r.events / options.callsPerRepetition));
    const stats = emitter.stats();

    const rows: ResultRow[] = [
      {
        metric: 'tools/call latency p50',
        baseline: micros(median(results.baseline.map((r) => r.p50Ms))),
        candidate: micros(median(results.candidate.map((r) => r.p50Ms))),
        ratio: median(p50Ratios),
        spread: ratioRange(p50Ratios),
        target: `≤ ${EMITTER_TARGETS.p50Ratio}`,
        met: median(p50Ratios) <= EMITTER_TARGETS.p50Ratio,
      },
      {
        metric: 'tools/call latency p99',
        baseline: micros(median(results.baseline.map((r) => r.p99Ms))),
        candidate: micros(median(results.candidate.map((r) => r.p99Ms))),
        ratio: median(p99Ratios),
        spread: ratioRange(p99Ratios),
        target: `≤ ${EMITTER_TARGETS.p99Ratio}`,
        met: median(p99Ratios) <= EMITTER_TARGETS.p99Ratio,
      },
      {
        metric: 'client CPU per call',
        baseline: `${cpuPerCall(results.baseline).toFixed(1)} µs`,
        candidate: `${cpuPerCall(results.candidate).toFixed(1)} µs`,
        ratio: median(pairs.map(({ b, c }) => c.cpuMicros / b.cpuMicros)),
        spread: ratioRange(pairs.map(({ b, c }) => c.cpuMicros / b.cpuMicros)),
        target: '(informative)',
      },
    ];
    const cpuRow = {
      metric: 'emitter CPU per event (amortised)',
      value: median(cpuPerEvent),
      range: `${Math.min(...cpuPerEvent).toFixed(1)}–${Math.max(...cpuPerEvent).toFixed(1)} µs`,
    };
    return {
      title: '(a) emitter overhead: SDK Client → stdio echo server, bare vs wrapped by the emitter (FileSink)',
      rows,
      absolute: [
        {
          metric: cpuRow.metric,
          value: `${cpuRow.value.toFixed(2)} µs`,
          range: cpuRow.range,
          target: `≤ ${EMITTER_TARGETS.cpuPerEventMicros} µs`,
          met: cpuRow.value <= EMITTER_TARGETS.cpuPerEventMicros,
        },
      ],
      notes: [
        `${options.repetitions} interleaved repetitions × ${options.callsPerRepetition} sequential calls per side, ${options.argumentBytes} B argument echoed back.`,
        `${eventsPerCall} events per call; ${stats.delivered} events delivered to a ${(statSync(eventsFile).size / 2 ** 20).toFixed(1)} MiB NDJSON file, ${stats.spooled} spooled, ${stats.dropped} dropped.`,
        'CPU per event = (client-process CPU of the instrumented block incl. flush − CPU of the bare block) ÷ events emitted; the server child is not counted.',
        'Ratios are medians of per-repetition ratios (each repetition pairs a bare block with the instrumented block run right after it).',
      ],
    };
  } finally {
    await Promise.allSettled([bare.close(), instrumented.close()]);
    await emitter.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

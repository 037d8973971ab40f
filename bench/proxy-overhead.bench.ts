import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { LEDGER_DATABASE } from '@mcp-ledger/ledger-core';
import { startPrivateLedger } from '@mcp-ledger/embedded-ledger';
import type { BenchReport } from './support/bench-report';
import { interleave } from './support/interleave';
import { proseOfBytes } from './support/payload';
import { childPids, processCpuMicros } from './support/process-cpu';
import { recordedAudit, type RecordedAudit } from './support/recorded-audit';
import { micros, progress, ratioRange, type ResultRow } from './support/report';
import { median, percentileOfSorted } from './support/stats';

/**
 * (e) What `mcp-ledger proxy` (stdio mode) adds in front of a published MCP server.
 *
 * The same SDK `Client` over `StdioClientTransport` calls `tools/call echo` of
 * `@modelcontextprotocol/server-everything` (stdio) with a 1 KB argument, sequentially:
 *
 * - baseline (direct): the transport spawns the server itself;
 * - candidate (proxied): the transport spawns `node apps/ledger/bin/mcp-ledger.js proxy
 *   --name everything --url <ledger> --tenant <per repetition> --policy <allow file>
 *   --spool-dir <tmp> -- node server-everything stdio`, so every call is decided by the
 *   policy gate and recorded in full (arguments, result, hash chain, policy.evaluated)
 *   and delivered over HTTP to a real embedded ledger running in this process.
 *
 * Every repetition starts fresh processes on both sides, makes `warmupCallsPerConnection`
 * unmeasured calls (JIT, pools), then `callsPerRepetition` measured calls, and closes the
 * client: the proxy sees stdin close, stops the server, flushes its events and exits.
 * After each candidate repetition the ledger is read back through GraphQL (`toolCalls` of
 * that repetition's tenant) and the stored chain is re-verified: "recorded N/N".
 * Timings are printed, never asserted.
 */

export interface ProxyBenchOptions {
  callsPerRepetition: number;
  /** Unmeasured calls at the start of every connection (both sides; recorded on the proxied side). */
  warmupCallsPerConnection: number;
  repetitions: number;
  warmups: number;
  argumentBytes: number;
  /** When set (env PROXY_BENCH_CPU_PROF), the proxy process runs with `node --cpu-prof` writing here. */
  cpuProfileDir?: string;
}

export const PROXY_TARGETS = { p50Ratio: 1.5, p99Ratio: 1.5, throughputRatio: 0.7 } as const;

const SERVER_NAME = 'everything';

interface BlockResult {
  p50Ms: number;
  p99Ms: number;
  callsPerSecond: number;
  /** Calls made on this connection (warm-up + measured). */
  totalCalls: number;
  connectMs: number;
  /** client.close() → process gone (for the proxy: including its event flush). */
  closeMs: number;
  /** CPU per measured call, µs: this process (client and, in-process, the ledger), the server, the proxy. */
  cpu: { bench: number; server?: number; proxy?: number };
  audit?: RecordedAudit & { tenant: string };
}

/** Walks up from this file (bench/ or dist/bench/) to the workspace root. */
function workspaceRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'apps', 'ledger', 'bin', 'mcp-ledger.js')) && existsSync(join(dir, 'node_modules'))) return dir;
    if (dirname(dir) === dir) throw new Error(`workspace root not found above ${__dirname}`);
  }
}

async function runBlock(options: {
  args: string[];
  proxied: boolean;
  calls: number;
  warmupCalls: number;
  message: string;
}): Promise<Omit<BlockResult, 'audit'> & { stderr: string }> {
  const { args, proxied, calls, warmupCalls, message } = options;
  // The SDK passes the child only a safe subset of the environment: the proxy gets its ledger token explicitly.
  const env = proxied ? { ...getDefaultEnvironment(), LEDGER_TOKEN: process.env['LEDGER_TOKEN'] ?? '' } : undefined;
  const transport = new StdioClientTransport({ command: process.execPath, args, stderr: 'pipe', ...(env ? { env } : {}) });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'bench-proxy-host', version: '1.0.0' });
  const connectStarted = performance.now();
  await client.connect(transport);
  const connectMs = performance.now() - connectStarted;
  try {
    const expected = `Echo: ${message}`;
    for (let i = 0; i < warmupCalls; i += 1) {
      const answer = (await client.callTool({ name: 'echo', arguments: { message } })) as { content?: { text?: string }[] };
      if (i === 0 && answer.content?.[0]?.text !== expected) throw new Error(`echo answered ${JSON.stringify(answer).slice(0, 200)}`);
    }
    const serverPid = proxied ? childPids(transport.pid)[0] : transport.pid;
    const proxyPid = proxied ? transport.pid : undefined;
    const latencies = new Float64Array(calls);
    const benchCpuBefore = process.cpuUsage();
    const serverCpuBefore = processCpuMicros(serverPid);
    const proxyCpuBefore = processCpuMicros(proxyPid);
    const started = performance.now();
    for (let i = 0; i < calls; i += 1) {
      const callStarted = performance.now();
      await client.callTool({ name: 'echo', arguments: { message } });
      latencies[i] = performance.now() - callStarted;
    }
    const elapsedMs = performance.now() - started;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const serverCpuAfter = processCpuMicros(serverPid);
    const proxyCpuAfter = processCpuMicros(proxyPid);
    const perCall = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined ? undefined : (after - before) / calls;
    const sorted = Array.from(latencies).sort((a, b) => a - b);
    const closeStarted = performance.now();
    await client.close();
    return {
      p50Ms: percentileOfSorted(sorted, 50),
      p99Ms: percentileOfSorted(sorted, 99),
      callsPerSecond: calls / (elapsedMs / 1000),
      totalCalls: warmupCalls + calls,
      connectMs,
      closeMs: performance.now() - closeStarted,
      cpu: { bench: (benchCpu.user + benchCpu.system) / calls, server: perCall(serverCpuBefore, serverCpuAfter), proxy: perCall(proxyCpuBefore, proxyCpuAfter) },
      stderr,
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`${(error as Error).message}\nchild stderr:\n${stderr.slice(-2000)}`);
  }
}

/** Polls the ledger until every call of the repetition is visible or `timeoutMs` passes (what is there is reported either way). */
async function awaitAudit(read: () => Promise<RecordedAudit>, expected: number, timeoutMs = 15_000): Promise<RecordedAudit> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const audit = await read();
    if (audit.complete >= expected || Date.now() > deadline) return audit;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const callsPerSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')} calls/s`;
const cpuFigure = (values: (number | undefined)[]) => {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length === 0 ? 'n/a' : `${median(known).toFixed(0)} µs`;
};

export async function runProxyBench(options: ProxyBenchOptions): Promise<BenchReport> {
  const log = progress('proxy');
  const root = workspaceRoot();
  const cli = join(root, 'apps', 'ledger', 'bin', 'mcp-ledger.js');
  const everything = join(root, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
  if (!existsSync(everything)) throw new Error(`${everything} is missing: @modelcontextprotocol/server-everything is not installed`);
  const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-bench-proxy-'));
  const policyFile = join(dir, 'policy.json');
  writeFileSync(
    policyFile,
    JSON.stringify({
      version: 1,
      policy_version: 'bench-proxy-1',
      default: 'deny',
      rules: [{ id: 'echo-allowed', match: { server: SERVER_NAME, tool: 'echo' }, effect: 'allow' }],
    }),
  );
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const runId = Date.now().toString(36);
  const message = proseOfBytes(options.argumentBytes);

  log(`starting the embedded ledger in ${join(dir, 'ledger')}`);
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  const ledger = await startPrivateLedger({ LEDGER_DATA_DIR: join(dir, 'ledger') });
  // Emitters, the ingest client and child processes send it (they read LEDGER_TOKEN).
  process.env['LEDGER_TOKEN'] = ledger.token;
  const db = ledger.app.get<LedgerDatabase>(LEDGER_DATABASE);
  try {
    const directArgs = [everything, 'stdio'];
    const proxiedArgs = (tenant: string) => [
      ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
      cli,
      'proxy',
      '--name',
      SERVER_NAME,
      '--url',
      ledger.url,
      '--tenant',
      tenant,
      '--policy',
      policyFile,
      '--spool-dir',
      join(dir, 'spool'),
      '--',
      process.execPath,
      everything,
      'stdio',
    ];
    const block = { calls: options.callsPerRepetition, warmupCalls: options.warmupCallsPerConnection, message };

    const direct = async (): Promise<BlockResult> => {
      const { stderr: _stderr, ...result } = await runBlock({ ...block, args: directArgs, proxied: false });
      return result;
    };
    const proxied = async (repetition: number): Promise<BlockResult> => {
      const tenant = `bench-proxy-${runId}-${repetition < 0 ? `w${-repetition}` : `r${repetition}`}`;
      const { stderr, ...result } = await runBlock({ ...block, args: proxiedArgs(tenant), proxied: true });
      if (!/enforcing policy bench-proxy-1/.test(stderr)) throw new Error(`the proxy did not report its policy:\n${stderr.slice(-2000)}`);
      const audit = await awaitAudit(() => recordedAudit({ ledgerUrl: ledger.url, db, tenant, serverName: SERVER_NAME }), result.totalCalls);
      return { ...result, audit: { ...audit, tenant } };
    };

    const describe = (r: BlockResult) =>
      `p50 ${micros(r.p50Ms)}, p99 ${micros(r.p99Ms)}, ${callsPerSecond(r.callsPerSecond)}, connect ${ms(r.connectMs)}, close ${ms(r.closeMs)}` +
      (r.audit
        ? `, recorded ${r.audit.complete}/${r.totalCalls} (${r.audit.policyEvaluated} policy.evaluated, ${r.audit.events} events, ` +
          `chain ${r.audit.chainProblems.length === 0 ? 'intact' : `${r.audit.chainProblems.length} problems`})`
        : '');
    log(
      `${options.warmups} warm-up + ${options.repetitions} measured repetitions per side; each: fresh processes, ` +
        `${options.warmupCallsPerConnection} unmeasured + ${options.callsPerRepetition} measured sequential calls, ${options.argumentBytes} B argument`,
    );
    const results = await interleave<BlockResult>({
      baseline: { name: 'direct ', run: () => direct() },
      candidate: { name: 'proxied', run: (repetition) => proxied(repetition) },
      repetitions: options.repetitions,
      warmups: options.warmups,
      progress: log,
      describe,
    });

    const pairs = results.baseline.map((b, i) => ({ b, c: results.candidate[i]! }));
    const ratioRow = (metric: string, pick: (r: BlockResult) => number, format: (v: number) => string, target: string, met: (ratio: number) => boolean): ResultRow => {
      const ratios = pairs.map(({ b, c }) => pick(c) / pick(b));
      return {
        metric,
        baseline: format(median(results.baseline.map(pick))),
        candidate: format(median(results.candidate.map(pick))),
        ratio: median(ratios),
        spread: ratioRange(ratios),
        target,
        met: met(median(ratios)),
      };
    };
    const rows: ResultRow[] = [
      ratioRow('tools/call latency p50', (r) => r.p50Ms, micros, `≤ ${PROXY_TARGETS.p50Ratio}`, (x) => x <= PROXY_TARGETS.p50Ratio),
      ratioRow('tools/call latency p99', (r) => r.p99Ms, micros, `≤ ${PROXY_TARGETS.p99Ratio}`, (x) => x <= PROXY_TARGETS.p99Ratio),
      ratioRow('throughput (sequential)', (r) => r.callsPerSecond, callsPerSecond, `≥ ${PROXY_TARGETS.throughputRatio}`, (x) => x >= PROXY_TARGETS.throughputRatio),
    ];

    const audits = results.candidate.map((r) => r.audit!);
    const recorded = audits.reduce((sum, a) => sum + a.complete, 0);
    const expected = results.candidate.reduce((sum, r) => sum + r.totalCalls, 0);
    const policyEvaluated = audits.reduce((sum, a) => sum + a.policyEvaluated, 0);
    const chainProblems = audits.flatMap((a) => a.chainProblems);
    const allRecorded = audits.every((a, i) => a.complete === results.candidate[i]!.totalCalls && a.toolCalls === a.complete);
    const side = (list: BlockResult[], pick: (r: BlockResult) => number | undefined) => cpuFigure(list.map(pick));

    return {
      title: '(e) proxy overhead: SDK Client → stdio server-everything echo, direct vs through `mcp-ledger proxy --policy` (events to an embedded ledger)',
      rows,
      absolute: [
        {
          metric: 'calls recorded in the ledger (GraphQL toolCalls, OK with arguments and result)',
          value: `${recorded}/${expected}`,
          range: audits.map((a, i) => `${a.complete}/${results.candidate[i]!.totalCalls}`).join(', '),
          target: 'all',
          met: allRecorded,
        },
        {
          metric: 'policy.evaluated events / hash chain',
          value: `${policyEvaluated}/${expected}, chain ${chainProblems.length === 0 ? 'intact' : `${chainProblems.length} problems`}`,
          range: `${audits.reduce((sum, a) => sum + a.events, 0)} events in ${audits.reduce((sum, a) => sum + a.sessions, 0)} sessions`,
          target: 'one per call, intact',
          met: policyEvaluated === expected && chainProblems.length === 0,
        },
      ],
      notes: [
        `${options.repetitions} interleaved repetitions per side, each on fresh processes: ${options.warmupCallsPerConnection} unmeasured + ` +
          `${options.callsPerRepetition} measured sequential calls of echo with a ${options.argumentBytes} B argument (recorded counts include the unmeasured calls).`,
        'Ratios are medians of per-repetition ratios (each pairs a direct block with the proxied block run right after it); throughput = measured calls ÷ their wall time.',
        `CPU per measured call (median over repetitions): bench process (SDK client + the in-process ledger ingesting) ` +
          `${side(results.baseline, (r) => r.cpu.bench)} direct / ${side(results.candidate, (r) => r.cpu.bench)} proxied; ` +
          `server ${side(results.baseline, (r) => r.cpu.server)} / ${side(results.candidate, (r) => r.cpu.server)}; ` +
          `proxy process ${side(results.candidate, (r) => r.cpu.proxy)} (/proc, 10 ms ticks).`,
        `Connect (spawn + initialize) median ${ms(median(results.baseline.map((r) => r.connectMs)))} direct / ${ms(median(results.candidate.map((r) => r.connectMs)))} proxied; ` +
          `close median ${ms(median(results.baseline.map((r) => r.closeMs)))} / ${ms(median(results.candidate.map((r) => r.closeMs)))} (proxied: server exit + event flush).`,
        ...(chainProblems.length > 0 ? [`chain problems (first 5): ${chainProblems.slice(0, 5).join('; ')}`] : []),
        'For context (issue 6): gateways in use today add about 2× (bare passthrough) to 30× (audit on) to a tool call.',
        ...(options.cpuProfileDir ? [`proxy CPU profiles (.cpuprofile) written to ${options.cpuProfileDir}`] : []),
      ],
    };
  } finally {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

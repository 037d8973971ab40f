/**
 * `npm run bench` — runs the emitter-overhead, ingest, Kafka, provenance and proxy benchmarks and prints, for each,
 * the baseline and candidate measured in this same run and their ratio against the
 * target. Timings are never asserted: a missed target is printed, and the exit code only
 * reports whether the benchmarks could run.
 *
 *   node dist/bench/run-all.js [--only emitter|ingest|kafka|provenance|proxy] [--quick]
 */
import type { BenchReport } from './support/bench-report';
import { describeMachine, machineInfo } from './support/machine';
import { formatTable, verdict } from './support/report';

type BenchName = 'emitter' | 'ingest' | 'kafka' | 'provenance' | 'proxy';
const BENCH_NAMES: readonly BenchName[] = ['emitter', 'ingest', 'kafka', 'provenance', 'proxy'];

interface CliOptions {
  only?: BenchName;
  quick: boolean;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { quick: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg.includes('=') ? arg.slice('--only='.length) : argv[++i];
      if (!BENCH_NAMES.includes(value as BenchName)) throw new Error(`--only expects ${BENCH_NAMES.join(', ')}, got ${String(value)}`);
      options.only = value as BenchName;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: node dist/bench/run-all.js [--only emitter|ingest|kafka|provenance|proxy] [--quick]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return options;
}

// Each benchmark module is loaded only when it runs: the ingest benchmark pulls in chdb
// (≈ 300 MB resident), which the emitter benchmark should not carry.
const BENCHES: Record<BenchName, (quick: boolean) => Promise<BenchReport>> = {
  emitter: async (quick) =>
    (await import('./emitter-overhead.bench')).runEmitterBench({
      callsPerRepetition: quick ? 500 : 2_000,
      repetitions: quick ? 5 : 9,
      warmups: 1,
      argumentBytes: 1024,
    }),
  ingest: async (quick) =>
    (await import('./ingest.bench')).runIngestBench({
      eventsPerRepetition: quick ? 5_000 : 20_000,
      batchSize: 1_000,
      inFlight: 4,
      repetitions: quick ? 5 : 7,
      warmups: 1,
      textBytes: 300,
    }),
  // Starts a local Kafka broker (JDK + the jars deploy/local/kafka/pom.xml pins) for the run.
  kafka: async (quick) =>
    (await import('./kafka-path.bench')).runKafkaBench({
      drain: { eventsPerRepetition: quick ? 10_000 : 30_000, repetitions: quick ? 5 : 7, warmups: 1, textBytes: 300, initialBatchSize: 1_000 },
      producer: { eventsPerRepetition: quick ? 10_000 : 30_000, writeBatch: 500, repetitions: quick ? 5 : 7, warmups: 1, textBytes: 300 },
      latency: { ratePerSecond: 10_000, seconds: quick ? 8 : 15, warmupSeconds: 1, textBytes: 300, writeBatch: 500, lingerMs: 50 },
    }),
  // Its own embedded ledger and temp data dir, loaded with a synthetic provenance graph.
  provenance: async (quick) =>
    (await import('./provenance-impact.bench')).runProvenanceBench({
      impactedSessions: 200,
      backgroundSessions: quick ? 200 : 800,
      repetitions: quick ? 5 : 9,
      warmups: 1,
      queriesPerDepth: quick ? 3 : 5,
      batchEvents: 1_500,
    }),
  // mcp-ledger proxy (stdio, --policy) in front of server-everything, events to an embedded ledger in this process.
  // PROXY_BENCH_CPU_PROF=<dir> runs the proxy with `node --cpu-prof` writing its profiles there.
  proxy: async (quick) =>
    (await import('./proxy-overhead.bench')).runProxyBench({
      callsPerRepetition: quick ? 500 : 2_000,
      warmupCallsPerConnection: quick ? 100 : 200,
      repetitions: quick ? 5 : 7,
      warmups: 1,
      argumentBytes: 1024,
      cpuProfileDir: process.env['PROXY_BENCH_CPU_PROF'] || undefined,
    }),
};

function printReport(report: BenchReport): void {
  const lines = [``, report.title, '', formatTable(report.rows)];
  for (const row of report.absolute) {
    lines.push(`${row.metric}: ${row.value} (range ${row.range}), target ${row.target}: ${verdict(row.met)}`);
  }
  lines.push('', ...report.notes.map((note) => `  - ${note}`));
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = new Date();
  process.stdout.write(`MCP Ledger benchmarks, ${started.toISOString()}${options.quick ? ' (quick)' : ''}\n`);
  process.stdout.write(`machine: ${describeMachine(machineInfo())}\n`);
  const names = options.only ? [options.only] : (Object.keys(BENCHES) as BenchName[]);
  const reports: BenchReport[] = [];
  for (const name of names) {
    process.stderr.write(`\n== ${name} ==\n`);
    const report = await BENCHES[name](options.quick);
    reports.push(report);
    printReport(report);
  }
  const verdicts = reports.flatMap((r) => [...r.rows, ...r.absolute].flatMap((row) => (row.met === undefined ? [] : [row.met])));
  const missed = verdicts.filter((met) => !met).length;
  process.stdout.write(
    `\n${verdicts.length - missed} of ${verdicts.length} targets met in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s ` +
      `(ratios against baselines measured in this run; load ${machineInfo().loadAverage} at the end).\n`,
  );
}

main().then(
  // chdb and the MCP child processes may keep handles open; the figures are printed.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

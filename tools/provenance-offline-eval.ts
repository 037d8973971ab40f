/**
 * Offline tuning harness for the provenance engine: reads injection-traces files (.jsonl
 * or .jsonl.gz), converts each trace with @mcp-ledger/importers, runs analyseSession and
 * scores the verdicts against the labels, per file and per slice. No ledger, no GraphQL:
 * the official figures come from `npm run eval:provenance`; this is the fast loop.
 *
 *   node dist/tools/provenance-offline-eval.js [--errors N] FILE...
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { injectionTraceToEvents, readInjectionTraceLine } from '@mcp-ledger/importers';
import { aggregate, analyseSession, scoreTrace, type CallVerdict, type ScoredTrace, type SliceMetrics, type TraceLabels } from '@mcp-ledger/provenance';

interface ErrorSample {
  kind: 'FN' | 'FP' | 'TOP1';
  traceId: string;
  verdict: CallVerdict | undefined;
  expected?: readonly number[];
}

async function* lines(path: string): AsyncGenerator<string> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line.trim() !== '') yield line;
}

async function evaluateFile(path: string, errors: ErrorSample[]): Promise<{ scored: ScoredTrace[]; rejected: number; calls: number; ms: number }> {
  const scored: ScoredTrace[] = [];
  let rejected = 0;
  let calls = 0;
  let engineMs = 0;
  for await (const line of lines(path)) {
    const read = readInjectionTraceLine(line);
    if (!read.ok) {
      rejected += 1;
      continue;
    }
    // The harness (never the engine) reads the answers, to score.
    const labels = (JSON.parse(line) as { labels: TraceLabels }).labels;
    const events = injectionTraceToEvents(read.trace, { tenant: 'offline-eval' });
    const started = performance.now();
    const verdicts = analyseSession(events);
    engineMs += performance.now() - started;
    calls += verdicts.length;
    const score = scoreTrace(verdicts, labels);
    scored.push({ traceId: read.trace.trace_id, suite: read.trace.suite, model: read.trace.model, score });
    collectErrors(read.trace.trace_id, verdicts, labels, errors);
  }
  return { scored, rejected, calls, ms: engineMs };
}

function collectErrors(traceId: string, verdicts: CallVerdict[], labels: TraceLabels, errors: ErrorSample[]): void {
  const byCall = new Map(verdicts.map((v) => [v.callId, v]));
  for (const callId of labels.injected_calls) {
    const verdict = byCall.get(callId);
    if (verdict?.injectionSuspected !== true) errors.push({ kind: 'FN', traceId, verdict, expected: labels.sources[callId] });
    else if (!(labels.sources[callId] ?? []).includes(verdict.sources[0]?.seq ?? -1)) errors.push({ kind: 'TOP1', traceId, verdict, expected: labels.sources[callId] });
  }
  for (const callId of labels.benign_calls) {
    const verdict = byCall.get(callId);
    if (verdict?.injectionSuspected === true) errors.push({ kind: 'FP', traceId, verdict });
  }
}

const pct = (value: number): string => (100 * value).toFixed(2).padStart(7);

function printSlices(title: string, slices: Map<string, SliceMetrics>): void {
  console.log(`\n${title}`);
  console.log('slice'.padEnd(44) + 'traces   inj  benign    P%      R%     F1%   top1%  benFlag%  missing');
  const names = [...slices.keys()].sort((a, b) => (a === 'overall' ? -1 : b === 'overall' ? 1 : a.localeCompare(b)));
  for (const name of names) {
    const m = slices.get(name) as SliceMetrics;
    console.log(
      `${name.slice(0, 43).padEnd(44)}${String(m.traces).padStart(6)}${String(m.injected).padStart(6)}${String(m.benign).padStart(8)}` +
        `${pct(m.precision)}  ${pct(m.recall)}  ${pct(m.f1)}  ${pct(m.top1Accuracy)}  ${pct(m.benignFlaggedShare)}   ${m.missing}`,
    );
  }
}

function printErrors(errors: ErrorSample[], limit: number): void {
  for (const kind of ['FN', 'FP', 'TOP1'] as const) {
    const ofKind = errors.filter((e) => e.kind === kind);
    console.log(`\n${kind}: ${ofKind.length}`);
    for (const sample of ofKind.slice(0, limit)) {
      const v = sample.verdict;
      console.log(`  ${sample.traceId} ${v?.callId} ${v?.toolName} score=${v?.score} expected=${JSON.stringify(sample.expected ?? [])}`);
      for (const source of v?.sources.slice(0, 2) ?? []) {
        for (const e of source.evidence.slice(0, 2)) {
          console.log(`     seq ${source.seq} (${source.score}) ${e.argument}=${JSON.stringify(e.value).slice(0, 60)} instr=${e.instruction} [${e.cues.join(',')}] «${e.excerpt.slice(0, 160)}»`);
        }
      }
    }
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const errorsAt = args.indexOf('--errors');
  const errorLimit = errorsAt >= 0 ? Number(args[errorsAt + 1]) : 0;
  const files = args.filter((arg, i) => !arg.startsWith('--') && (errorsAt < 0 || i !== errorsAt + 1));
  if (files.length === 0) {
    console.error('usage: provenance-offline-eval [--errors N] FILE.jsonl[.gz]...');
    process.exitCode = 2;
    return;
  }
  const all: ScoredTrace[] = [];
  const errors: ErrorSample[] = [];
  for (const file of files) {
    const { scored, rejected, calls, ms } = await evaluateFile(file, errors);
    all.push(...scored);
    printSlices(`== ${basename(file)}: ${scored.length} traces, ${calls} calls, ${rejected} rejected lines, engine ${ms.toFixed(0)} ms`, aggregate(scored));
  }
  if (files.length > 1) printSlices('== all files', aggregate(all));
  if (errorLimit > 0) printErrors(errors, errorLimit);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Logger } from '@nestjs/common';
import { startPrivateLedger } from '@mcp-ledger/embedded-ledger';
import { importInjectionTraces, readLines } from '@mcp-ledger/ingest-client';
import { aggregate, scoreTrace, type CallPrediction, type ScoredTrace, type SliceMetrics, type TraceLabels } from '@mcp-ledger/provenance';

/**
 * `npm run eval:provenance -- FILE [FILE…]`: imports each labelled trace file into a fresh
 * embedded ledger, reads every verdict back through GraphQL (the query analysts use), and
 * prints precision, recall and F1 of injected-call detection, top-1 source accuracy and the
 * share of benign calls flagged — overall and per suite, model and variant.
 * Labels are read here, by the scorer, and never sent to the ledger.
 */

const PAGE_QUERY = `query Page($after: String) {
  toolCalls(first: 500, after: $after) {
    edges { node { callId seq session { externalId } provenance { origin injectionSuspected score sources { seq score } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface PageNode {
  callId: string;
  seq: number;
  session: { externalId: string | null } | null;
  provenance: { injectionSuspected: boolean; sources: { seq: number }[] } | null;
}

async function readVerdicts(url: string, tenant: string): Promise<Map<string, CallPrediction[]>> {
  const byTrace = new Map<string, CallPrediction[]>();
  let after: string | null = null;
  for (;;) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ledger-tenant': tenant, authorization: `Bearer ${process.env['LEDGER_TOKEN'] ?? ''}` },
      body: JSON.stringify({ query: PAGE_QUERY, variables: { after } }),
    });
    const answer = (await response.json()) as {
      data?: { toolCalls: { edges: { node: PageNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      errors?: unknown[];
    };
    if (!answer.data) throw new Error(`GraphQL answered ${response.status}: ${JSON.stringify(answer.errors)}`);
    for (const { node } of answer.data.toolCalls.edges) {
      const traceId = node.session?.externalId;
      if (!traceId) continue;
      const predictions = byTrace.get(traceId) ?? [];
      predictions.push({
        callId: node.callId,
        injectionSuspected: node.provenance?.injectionSuspected ?? false,
        sources: node.provenance?.sources ?? [],
      });
      byTrace.set(traceId, predictions);
    }
    if (!answer.data.toolCalls.pageInfo.hasNextPage) return byTrace;
    after = answer.data.toolCalls.pageInfo.endCursor;
  }
}

async function readLabels(file: string): Promise<{ traceId: string; suite: string; model: string; labels: TraceLabels }[]> {
  const traces = [];
  for await (const { line } of readLines(file)) {
    const trace = JSON.parse(line) as { trace_id: string; suite: string; model: string; labels: TraceLabels };
    traces.push({ traceId: trace.trace_id, suite: trace.suite, model: trace.model, labels: trace.labels });
  }
  return traces;
}

const pct = (value: number) => `${(value * 100).toFixed(2)}%`.padStart(8);
const num = (value: number) => value.toFixed(4);

function printSlices(title: string, slices: Map<string, SliceMetrics>): void {
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(
    `${'slice'.padEnd(42)} ${'traces'.padStart(6)} ${'inj'.padStart(5)} ${'benign'.padStart(6)}  precision  recall      F1   top-1  benign-flagged  missing\n`,
  );
  const names = [...slices.keys()].sort((a, b) => (a === 'overall' ? -1 : b === 'overall' ? 1 : a.localeCompare(b)));
  for (const name of names) {
    const m = slices.get(name)!;
    process.stdout.write(
      `${name.slice(0, 42).padEnd(42)} ${String(m.traces).padStart(6)} ${String(m.injected).padStart(5)} ${String(m.benign).padStart(6)}` +
        `     ${num(m.precision)}  ${num(m.recall)}  ${num(m.f1)}  ${num(m.top1Accuracy)}  ${pct(m.benignFlaggedShare)}        ${m.missing}\n`,
    );
  }
}

async function main(files: string[]): Promise<void> {
  if (files.length === 0) {
    process.stderr.write('usage: npm run eval:provenance -- FILE [FILE…]   (injection-traces JSONL, plain or gzipped)\n');
    process.exitCode = 2;
    return;
  }
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-ledger-eval-'));
  const ledger = await startPrivateLedger({ LEDGER_DATA_DIR: dataDir });
  // Emitters, the ingest client and child processes send it (they read LEDGER_TOKEN).
  process.env['LEDGER_TOKEN'] = ledger.token;
  try {
    const all: ScoredTrace[] = [];
    for (const [index, file] of files.entries()) {
      const tenant = `eval-${index}-${basename(file).replace(/[^A-Za-z0-9._-]/g, '_')}`.slice(0, 120);
      const started = Date.now();
      const imported = await importInjectionTraces({
        url: ledger.url,
        file,
        tenant,
        onProgress: ({ traces }) => process.stderr.write(`\r${basename(file)}: imported ${traces} traces`),
      });
      process.stderr.write(`\r${basename(file)}: imported ${imported.traces} traces (${imported.events} events) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      const verdicts = await readVerdicts(ledger.url, tenant);
      const scored = (await readLabels(file)).map((trace) => ({
        traceId: trace.traceId,
        suite: trace.suite,
        model: trace.model,
        score: scoreTrace(verdicts.get(trace.traceId) ?? [], trace.labels),
      }));
      all.push(...scored);
      printSlices(`== ${file}`, aggregate(scored));
    }
    if (files.length > 1) printSlices('== all files', aggregate(all));
  } finally {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`eval:provenance: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

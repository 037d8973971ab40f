import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { LEDGER_DATABASE } from '@mcp-ledger/ledger-core';
import { postEventBatch } from '@mcp-ledger/ingest-client';
import { startPrivateLedger } from '@mcp-ledger/embedded-ledger';
import type { BenchReport } from './support/bench-report';
import { buildProvenanceGraph } from './support/provenance-graph';
import { progress, ratioRange, type ResultRow } from './support/report';
import { median, percentile } from './support/stats';

/**
 * (d) Provenance traversal: how the cost of a bounded traversal grows with its depth.
 *
 * An embedded ledger (this process, temp data dir) is loaded with a synthetic graph
 * (bench/support/provenance-graph.ts): one poisoned channel message read in
 * `impactedSessions` sessions, each following a chain of `hops` calls that use values
 * first seen in the previous call's result, plus background sessions with their own
 * poisoned messages. Then, over GraphQL:
 *
 * - forward:  `content(hash).impact(depth: d, first: 1000)` for d = 1..5 (ContentImpactHandler:
 *   one keyed `IN (…)` query over provenance_edges_by_content plus one tool_calls lookup
 *   per hop);
 * - backward: `toolCall(id).provenance(depth: d)` of one session's last call, with
 *   `sources.upstream` selected d − 1 levels deep (one edges and one producer lookup per level).
 *
 * The baseline is depth 1, measured in the same run: every repetition runs each depth
 * `queriesPerDepth` times, in a rotated order (rep r starts at depth r mod 5), so all
 * depths share the same machine drift. Per depth: p50 and p95 of every query latency,
 * and the median over repetitions of (depth-d median ÷ depth-1 median of that repetition).
 * The printed target is "≤ d": cost at most linear in hops. Nothing is asserted.
 */

export interface ProvenanceBenchOptions {
  impactedSessions: number;
  backgroundSessions: number;
  repetitions: number;
  warmups: number;
  queriesPerDepth: number;
  /** Events per POST (whole sessions). */
  batchEvents: number;
}

const DEPTHS = [1, 2, 3, 4, 5] as const;
const HOPS = DEPTHS.length;
const FIRST = 1000;

type Direction = 'forward' | 'backward';

interface DepthSamples {
  latencies: number[];
  /** Per repetition, the median latency of that repetition's queries at this depth. */
  repMedians: number[];
  returned: number;
}

const IMPACT_QUERY = `query I($hash: String!, $depth: Int!, $first: Int!) {
  content(hash: $hash) { impact(depth: $depth, first: $first) { depth score viaContentHash call { id callId sessionId } } } }`;

/** Backward selection for `depth` levels: each level's sources, their producer, and (within depth) its own provenance. */
function provenanceSelection(levels: number): string {
  const upstream = levels > 1 ? ` upstream { ${provenanceSelection(levels - 1)} }` : '';
  return `origin injectionSuspected score sources { seq kind score contentHash producedBy { callId }${upstream} }`;
}
const backwardQuery = (depth: number) =>
  `query B($id: ID!) { toolCall(id: $id) { callId provenance(depth: ${depth}) { ${provenanceSelection(depth)} } } }`;

interface ProvenanceNode {
  sources: { producedBy: { callId: string } | null; upstream?: ProvenanceNode | null }[];
}

/** Calls reached backward: the call itself plus every distinct producer found. */
function callsReached(root: ProvenanceNode | null): number {
  const producers = new Set<string>();
  const walk = (node: ProvenanceNode | null | undefined) => {
    for (const source of node?.sources ?? []) {
      if (source.producedBy) producers.add(source.producedBy.callId);
      walk(source.upstream);
    }
  };
  walk(root);
  return 1 + producers.size;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

export async function runProvenanceBench(options: ProvenanceBenchOptions): Promise<BenchReport> {
  const log = progress('provenance');
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-ledger-bench-provenance-'));
  const tenant = `bench-provenance-${Date.now().toString(36)}`;
  log(`starting the embedded ledger in ${dataDir}`);
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  // The traversals under test ask for whole fan-outs (up to 1,000 calls × depth 5): above the default query-cost
  // limit, which an operator would raise the same way for such reports.
  const ledger = await startPrivateLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_GRAPHQL_MAX_COST: '10000000' });
  // Emitters, the ingest client and child processes send it (they read LEDGER_TOKEN).
  process.env['LEDGER_TOKEN'] = ledger.token;
  const headers = { 'content-type': 'application/json', 'x-ledger-tenant': tenant, authorization: `Bearer ${ledger.token}` };
  const db = ledger.app.get<LedgerDatabase>(LEDGER_DATABASE);

  const graphql = async <T>(query: string, variables: Record<string, unknown>): Promise<{ data: T; ms: number }> => {
    const started = performance.now();
    const response = await fetch(`${ledger.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    const elapsed = performance.now() - started;
    if (body.errors?.length || !body.data) throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(body.errors).slice(0, 500)}`);
    return { data: body.data, ms: elapsed };
  };

  try {
    const graph = buildProvenanceGraph({
      tenant,
      impactedSessions: options.impactedSessions,
      backgroundSessions: options.backgroundSessions,
      hops: HOPS,
    });
    log(
      `loading ${graph.sessions.length} sessions (${options.impactedSessions} read the poisoned message, ` +
        `${options.backgroundSessions} background), ${graph.events.length} events`,
    );
    const loadStarted = performance.now();
    let batch: typeof graph.events = [];
    for (const session of graph.sessions) {
      batch.push(...session);
      if (batch.length >= options.batchEvents) {
        await postEventBatch(ledger.url, batch);
        batch = [];
      }
    }
    if (batch.length > 0) await postEventBatch(ledger.url, batch);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const [edgeCount] = await db.query<{ n: string }>('SELECT count() AS n FROM provenance_edges_by_content FINAL WHERE tenant = {tenant:String}', { tenant });
    const [callCount] = await db.query<{ n: string }>('SELECT count() AS n FROM tool_calls FINAL WHERE tenant = {tenant:String}', { tenant });
    log(`loaded in ${loadSeconds.toFixed(1)} s: ${callCount?.n} tool calls, ${edgeCount?.n} forward edges`);

    // The backward subject: the last call of the first impacted session (depth HOPS forward).
    const deepest = await graphql<{ content: { impact: { depth: number; call: { id: string; sessionId: string; callId: string } }[] } }>(IMPACT_QUERY, {
      hash: graph.poisonedHash,
      depth: HOPS,
      first: FIRST,
    });
    const subject = deepest.data.content.impact.find((i) => i.depth === HOPS && i.call.callId === `c${HOPS + 1}`);
    if (!subject) throw new Error(`impact(depth: ${HOPS}) reached no call at depth ${HOPS}: the synthetic chain did not form`);

    // The bound itself: one hop past MAX_PROVENANCE_DEPTH is refused before any read.
    const beyond = await fetch(`${ledger.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: IMPACT_QUERY, variables: { hash: graph.poisonedHash, depth: HOPS + 1, first: FIRST } }),
    });
    const beyondBody = (await beyond.json()) as { errors?: { extensions?: { code?: string } }[] };
    const beyondCode = beyondBody.errors?.[0]?.extensions?.code ?? 'no error';

    const samples: Record<Direction, DepthSamples[]> = {
      forward: DEPTHS.map(() => ({ latencies: [], repMedians: [], returned: 0 })),
      backward: DEPTHS.map(() => ({ latencies: [], repMedians: [], returned: 0 })),
    };
    const runOnce = async (direction: Direction, depth: number): Promise<{ ms: number; returned: number }> => {
      if (direction === 'forward') {
        const answer = await graphql<{ content: { impact: unknown[] } }>(IMPACT_QUERY, { hash: graph.poisonedHash, depth, first: FIRST });
        return { ms: answer.ms, returned: answer.data.content.impact.length };
      }
      const answer = await graphql<{ toolCall: { provenance: ProvenanceNode | null } }>(backwardQuery(depth), { id: subject.call.id });
      return { ms: answer.ms, returned: callsReached(answer.data.toolCall.provenance) };
    };

    log(
      `${options.warmups} warm-up + ${options.repetitions} measured repetitions; each runs depths 1..${HOPS} forward and backward, ` +
        `${options.queriesPerDepth} queries each, in rotated order`,
    );
    for (let rep = -options.warmups; rep < options.repetitions; rep += 1) {
      const order = DEPTHS.map((_, i) => DEPTHS[(i + Math.abs(rep)) % DEPTHS.length]!);
      const repLatencies: Record<Direction, number[][]> = { forward: DEPTHS.map(() => []), backward: DEPTHS.map(() => []) };
      for (const depth of order) {
        for (const direction of ['forward', 'backward'] as const) {
          for (let q = 0; q < options.queriesPerDepth; q += 1) {
            const result = await runOnce(direction, depth);
            repLatencies[direction][depth - 1]!.push(result.ms);
            samples[direction][depth - 1]!.returned = result.returned;
          }
        }
      }
      const line = (direction: Direction) => repLatencies[direction].map((l, i) => `d${i + 1} ${median(l).toFixed(1)}`).join(' ');
      progress('provenance')(`${rep < 0 ? `warm-up ${options.warmups + rep + 1}` : `rep ${rep + 1}/${options.repetitions}`}: forward ms ${line('forward')}; backward ms ${line('backward')}`);
      if (rep < 0) continue;
      for (const direction of ['forward', 'backward'] as const) {
        repLatencies[direction].forEach((latencies, i) => {
          samples[direction][i]!.latencies.push(...latencies);
          samples[direction][i]!.repMedians.push(median(latencies));
        });
      }
    }

    const rows: ResultRow[] = [];
    for (const direction of ['forward', 'backward'] as const) {
      const base = samples[direction][0]!;
      for (const depth of DEPTHS) {
        const s = samples[direction][depth - 1]!;
        const ratios = s.repMedians.map((m, rep) => m / base.repMedians[rep]!);
        const ratio = median(ratios);
        const label =
          direction === 'forward'
            ? `impact(depth: ${depth}) → ${s.returned} calls`
            : `toolCall.provenance(depth: ${depth}) → ${s.returned} calls`;
        rows.push({
          metric: label,
          baseline: `${ms(percentile(base.latencies, 50))} / ${ms(percentile(base.latencies, 95))}`,
          candidate: `${ms(percentile(s.latencies, 50))} / ${ms(percentile(s.latencies, 95))}`,
          ratio,
          spread: ratioRange(ratios),
          // Depth 1 is the baseline itself: informative, no verdict.
          target: depth === 1 ? 'baseline' : `≤ ${depth}`,
          ...(depth === 1 ? {} : { met: ratio <= depth }),
        });
      }
    }
    const forwardReturned = samples.forward.map((s) => s.returned);
    return {
      title:
        '(d) provenance traversal through GraphQL: latency p50 / p95 of depth 1 (baseline) and depth d (candidate), ' +
        'ratio = median over repetitions of depth-d ÷ depth-1 median',
      rows,
      absolute: [],
      notes: [
        `Graph: ${graph.sessions.length} sessions, ${graph.events.length} events, ${callCount?.n} tool calls, ${edgeCount?.n} forward edges ` +
          `(loaded through POST /v1/events in ${loadSeconds.toFixed(1)} s). ${options.impactedSessions} sessions read the same poisoned ` +
          `message and chain ${HOPS} calls from it; ${options.backgroundSessions} background sessions have the same shape with their own message.`,
        `Forward calls returned per depth: ${forwardReturned.join(', ')} (first: ${FIRST}, the node cap MAX_IMPACT_CALLS; ` +
          `${forwardReturned.some((n) => n >= FIRST) ? 'reached' : 'not reached'}).`,
        `impact(depth: ${HOPS + 1}) answers ${beyondCode}: the depth bound (MAX_PROVENANCE_DEPTH = ${HOPS}) is enforced before any read.`,
        `Backward subject: ${subject.call.sessionId}/${subject.call.callId}, the chain's last call; "calls" = the call plus distinct producers found.`,
        `${options.repetitions} repetitions × ${options.queriesPerDepth} queries per depth and direction (after ${options.warmups} warm-up), ` +
          'depth order rotated per repetition; latency is the client-side fetch round trip (HTTP on loopback, same process).',
        'Target "≤ d" = cost at most linear in hops relative to depth 1; a printed verdict, never asserted.',
      ],
    };
  } finally {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

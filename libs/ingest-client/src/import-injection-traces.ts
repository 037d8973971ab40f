import type { LedgerEvent } from '@mcp-ledger/events';
import { injectionTraceToEvents, readInjectionTraceLine } from '@mcp-ledger/importers';
import { postEventBatch } from './event-batch.poster';
import { readLines } from './read-lines';

export interface ImportProgress {
  traces: number;
  events: number;
}

export interface ImportResult extends ImportProgress {
  /** Lines that are not traces, with the reason; they are skipped, never half-imported. */
  invalid: { line: number; reason: string }[];
}

/**
 * Sends the labelled traces of an injection-traces file (plain or gzipped JSONL) to a
 * running ledger as ordinary events, one session per trace. Only `trace_id`, `source`,
 * `suite`, `model` and `events` are read; labels never leave the file.
 */
export async function importInjectionTraces({
  url,
  file,
  tenant,
  token,
  batchEvents = 2_000,
  onProgress,
}: {
  url: string;
  file: string;
  tenant: string;
  token?: string;
  batchEvents?: number;
  onProgress?: (progress: ImportProgress) => void;
}): Promise<ImportResult> {
  const result: ImportResult = { traces: 0, events: 0, invalid: [] };
  let batch: LedgerEvent[] = [];
  let batchTraces = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await postEventBatch(url, batch, { token });
    result.events += batch.length;
    result.traces += batchTraces;
    batch = [];
    batchTraces = 0;
    onProgress?.({ traces: result.traces, events: result.events });
  };
  for await (const { line, number } of readLines(file)) {
    const read = readInjectionTraceLine(line);
    if (!read.ok) {
      result.invalid.push({ line: number, reason: read.error });
      continue;
    }
    batch.push(...injectionTraceToEvents(read.trace, { tenant }));
    batchTraces += 1;
    if (batch.length >= batchEvents) await flush();
  }
  await flush();
  return result;
}

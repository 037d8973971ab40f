import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EventSink } from './event-sink';

/**
 * Appends NDJSON to a file, one event per line. One `appendFile` per batch: a batch is
 * written whole or the write rejects and the batch is retried from the spool.
 */
export class FileSink implements EventSink {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly path: string) {}

  async write(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    this.ready ??= mkdir(dirname(this.path), { recursive: true });
    await this.ready;
    await appendFile(this.path, `${lines.join('\n')}\n`, 'utf8');
  }

  async close(): Promise<void> {
    // appendFile opens and closes the file per call: nothing is held open.
  }
}

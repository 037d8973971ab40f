import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EventSink } from './event-sink';

/** Lines encoded per turn: a 500-event batch is ~1 MB, too much to encode in one go. */
const LINES_PER_SLICE = 32;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Appends NDJSON to a file, one event per line, through one file handle opened in append
 * mode on the first write and kept until `close()` (not an open / write / close per batch).
 *
 * A batch is encoded to UTF-8 in slices of {@link LINES_PER_SLICE} lines, yielding to the
 * event loop between slices so that MCP traffic in the same process is not held up by a
 * millisecond of encoding, and then written (each buffer whole, looping over short
 * writes) or the write rejects; after a failed write the handle is closed and reopened by
 * the next write, which retries the batch from the spool.
 */
export class FileSink implements EventSink {
  private handle: Promise<FileHandle> | undefined;

  constructor(private readonly path: string) {}

  async write(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    const chunks: Buffer[] = [];
    for (let at = 0; at < lines.length; at += LINES_PER_SLICE) {
      if (at > 0) await nextTurn();
      chunks.push(Buffer.from(lines.slice(at, at + LINES_PER_SLICE).join('\n') + '\n', 'utf8'));
    }
    this.handle ??= this.open();
    const handle = this.handle;
    try {
      const opened = await handle;
      for (const chunk of chunks) await opened.appendFile(chunk);
    } catch (error) {
      if (this.handle === handle) this.handle = undefined;
      await handle.then((opened) => opened.close()).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle.catch(() => undefined))?.close();
  }

  private async open(): Promise<FileHandle> {
    await mkdir(dirname(this.path), { recursive: true });
    return open(this.path, 'a');
  }
}

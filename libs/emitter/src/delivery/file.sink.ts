import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EventSink } from './event-sink';

/**
 * Appends NDJSON to a file, one event per line, through one file handle opened in append
 * mode on the first write and kept until `close()` (not an open / write / close per
 * batch). A batch is one `appendFile` on that handle, which writes it whole (looping over
 * short writes) or rejects; after a failed write the handle is closed and reopened by the
 * next write, which retries the batch from the spool.
 */
export class FileSink implements EventSink {
  private handle: Promise<FileHandle> | undefined;

  constructor(private readonly path: string) {}

  async write(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    this.handle ??= this.open();
    const handle = this.handle;
    try {
      await (await handle).appendFile(lines.join('\n') + '\n', 'utf8');
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

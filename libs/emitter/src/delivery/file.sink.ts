import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EventSink } from './event-sink';

/** Lines encoded per turn: a 500-event batch is ~1 MB, too much to encode in one go. */
const LINES_PER_SLICE = 32;

/** Buffers per `writev` call (below every platform's IOV_MAX). */
const IOV_GROUP = 256;

/** `writev` until every byte is written: a regular file may take less than asked. */
async function writeAll(handle: FileHandle, buffers: readonly Uint8Array[]): Promise<void> {
  let pending = buffers.slice();
  while (pending.length > 0) {
    const { bytesWritten } = await handle.writev(pending);
    if (bytesWritten === 0) throw new Error('writev wrote nothing');
    let written = bytesWritten;
    let done = 0;
    while (done < pending.length && written >= (pending[done] as Uint8Array).length) {
      written -= (pending[done] as Uint8Array).length;
      done += 1;
    }
    pending = pending.slice(done);
    if (pending.length > 0 && written > 0) pending[0] = (pending[0] as Uint8Array).subarray(written);
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Appends NDJSON to a file, one event per line, through one file handle opened in append
 * mode on the first write and kept until `close()` (not an open / write / close per batch).
 *
 * The emitter hands it lines already encoded when it sealed them (`writeEncoded`): they
 * are written with `writev`, nothing is joined or re-encoded on the event loop. Lines
 * given as strings (`write`, e.g. from the spool) are encoded in slices of
 * {@link LINES_PER_SLICE}, yielding between slices so that MCP traffic in the same
 * process is not held up by a millisecond of encoding. Either way a batch is written
 * whole (looping over short writes) or the write rejects; after a failed write the
 * handle is closed and reopened by the next write, which retries the batch from the spool.
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
    await this.withHandle(async (opened) => {
      for (const chunk of chunks) await opened.appendFile(chunk);
    });
  }

  private async withHandle(work: (opened: FileHandle) => Promise<void>): Promise<void> {
    this.handle ??= this.open();
    const handle = this.handle;
    try {
      await work(await handle);
    } catch (error) {
      if (this.handle === handle) this.handle = undefined;
      await handle.then((opened) => opened.close()).catch(() => undefined);
      throw error;
    }
  }

  /** Lines the emitter already encoded: written as they are, with `writev`, nothing re-encoded. */
  async writeEncoded(lines: readonly Uint8Array[]): Promise<void> {
    if (lines.length === 0) return;
    await this.withHandle(async (opened) => {
      for (let at = 0; at < lines.length; at += IOV_GROUP) await writeAll(opened, lines.slice(at, at + IOV_GROUP));
    });
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

import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Default bound of the spool directory: 256 MiB of NDJSON. */
export const DEFAULT_SPOOL_MAX_BYTES = 256 * 1024 * 1024;

export interface DiskSpoolOptions {
  dir: string;
  maxBytes?: number;
}

interface Segment {
  name: string;
  bytes: number;
}

const SEGMENT = /^(\d{16})\.ndjson$/;

/**
 * An ordered, bounded queue of NDJSON batches on disk: one segment file per batch,
 * named by a zero-padded sequence so directory order is delivery order. A segment is
 * written to a temporary name and renamed, so a crash never leaves half a batch
 * behind; segments left by an earlier run in the same directory are picked up by
 * `open()` and delivered first.
 */
export class DiskSpool {
  private readonly maxBytes: number;
  private segments: Segment[] = [];
  private totalBytes = 0;
  private nextSeq = 0;
  private opened: Promise<void> | undefined;

  constructor(private readonly options: DiskSpoolOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_SPOOL_MAX_BYTES;
  }

  get dir(): string {
    return this.options.dir;
  }

  get isEmpty(): boolean {
    return this.segments.length === 0;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Scans the directory once, adopting segments of an earlier run. */
  open(): Promise<void> {
    this.opened ??= this.scan();
    return this.opened;
  }

  /**
   * Reserves the position of a batch in delivery order. A batch that was cut from the
   * buffer earlier keeps its earlier position even if it reaches the spool later
   * (a write that failed while newer events were already being spilled).
   */
  reserve(): number {
    const seq = this.nextSeq;
    this.nextSeq += 1;
    return seq;
  }

  /** Stores one batch at its reserved position; `false` when it does not fit (the caller drops it). */
  async append(lines: string[], seq: number = this.reserve()): Promise<boolean> {
    await this.open();
    const text = `${lines.join('\n')}\n`;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.totalBytes + bytes > this.maxBytes) return false;
    const name = `${String(seq).padStart(16, '0')}.ndjson`;
    // Counted before the awaits so concurrent appends cannot overshoot the bound.
    this.totalBytes += bytes;
    try {
      await mkdir(this.options.dir, { recursive: true });
      const temporary = join(this.options.dir, `${name}.tmp`);
      await writeFile(temporary, text, 'utf8');
      await rename(temporary, join(this.options.dir, name));
    } catch (error) {
      this.totalBytes -= bytes;
      throw error;
    }
    // Listed only once the file is complete, in name (= delivery) order.
    const at = this.segments.findIndex((segment) => segment.name > name);
    this.segments.splice(at < 0 ? this.segments.length : at, 0, { name, bytes });
    return true;
  }

  /** The oldest batch, without removing it. */
  async peek(): Promise<{ name: string; lines: string[] } | undefined> {
    await this.open();
    const oldest = this.segments[0];
    if (!oldest) return undefined;
    const text = await readFile(join(this.options.dir, oldest.name), 'utf8');
    return { name: oldest.name, lines: text.split('\n').filter((line) => line.length > 0) };
  }

  /** Removes a delivered batch. */
  async remove(name: string): Promise<void> {
    const index = this.segments.findIndex((s) => s.name === name);
    if (index < 0) return;
    const [segment] = this.segments.splice(index, 1);
    this.totalBytes -= segment?.bytes ?? 0;
    await rm(join(this.options.dir, name), { force: true });
  }

  private async scan(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names.sort()) {
      const match = SEGMENT.exec(name);
      if (name.endsWith('.tmp')) await rm(join(this.options.dir, name), { force: true });
      if (!match) continue;
      const { size } = await stat(join(this.options.dir, name));
      this.segments.push({ name, bytes: size });
      this.totalBytes += size;
      this.nextSeq = Math.max(this.nextSeq, Number(match[1]) + 1);
    }
  }
}

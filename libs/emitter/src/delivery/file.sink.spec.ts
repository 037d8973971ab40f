import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir } from './delivery.fixtures';
import { FileSink } from './file.sink';

describe('FileSink', () => {
  it('appends batches of any size whole and in order through one handle, and reopens after close', async () => {
    const path = join(await freshDir(), 'deep', 'events.ndjson');
    const sink = new FileSink(path);
    const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => JSON.stringify({ n: from + i, text: 'é'.repeat(i % 7) }));
    await sink.write(lines(0, 100));
    await sink.write([]);
    await sink.write(lines(100, 3));
    await sink.close();
    await sink.write(lines(103, 40));
    await sink.close();
    await sink.writeEncoded(lines(143, 600).map((line) => Buffer.from(line + '\n', 'utf8')));
    await sink.write(lines(743, 2));
    await sink.close();
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { n: number }).n)).toEqual(Array.from({ length: 745 }, (_, n) => n));
  });
});

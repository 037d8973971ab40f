import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from './mcp-transport.types';
import { CaptureQueue, DRAIN_CATCH_UP, DRAIN_SLICE } from './capture-queue';

const message = (id: number): CapturedMessage => ({ message: { id }, direction: 'outbound', wallTimeMs: 0, monoMs: 0 });
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('CaptureQueue', () => {
  it('records a burst in bounded slices, in order, one slice per turn', async () => {
    const drains: number[][] = [];
    const queue = new CaptureQueue({ capacity: 1000, drain: (batch) => drains.push(batch.map((m) => (m.message as { id: number }).id)), onOverflow: () => undefined });
    const count = DRAIN_SLICE * 2 + 5;
    for (let id = 0; id < count; id += 1) queue.push(message(id));
    expect(drains).toEqual([]);
    await turn();
    expect(drains).toHaveLength(1);
    expect(drains[0]).toHaveLength(DRAIN_SLICE);
    for (let i = 0; i < 3; i += 1) await turn();
    expect(drains.map((batch) => batch.length)).toEqual([DRAIN_SLICE, DRAIN_SLICE, 5]);
    expect(drains.flat()).toEqual(Array.from({ length: count }, (_, id) => id));
  });

  it('catches up in one turn when the backlog outgrows slicing, so it never falls behind', async () => {
    const drains: number[] = [];
    const queue = new CaptureQueue({ capacity: 10_000, drain: (batch) => drains.push(batch.length), onOverflow: () => undefined });
    for (let id = 0; id < DRAIN_CATCH_UP + 1; id += 1) queue.push(message(id));
    await turn();
    expect(drains).toEqual([DRAIN_CATCH_UP + 1]);
    expect(queue.size).toBe(0);
  });

  it('drains everything at once on drainNow (flush, close)', () => {
    const drained: CapturedMessage[] = [];
    const queue = new CaptureQueue({ capacity: 1000, drain: (batch) => drained.push(...batch), onOverflow: () => undefined });
    for (let id = 0; id < DRAIN_SLICE * 3; id += 1) queue.push(message(id));
    queue.drainNow();
    expect(drained).toHaveLength(DRAIN_SLICE * 3);
    expect(queue.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { noticeStream } from './notice-stream';

describe('noticeStream', () => {
  it('yields pushed values in order, queued or awaited, and stops listening on return', async () => {
    let push: (value: number) => void = () => undefined;
    let stopped = false;
    const stream = noticeStream<number>((p) => {
      push = p;
      return () => (stopped = true);
    });
    push(1);
    expect(await stream.next()).toEqual({ value: 1, done: false });
    const waiting = stream.next();
    push(2);
    push(3);
    expect(await waiting).toEqual({ value: 2, done: false });
    expect(await stream.next()).toEqual({ value: 3, done: false });
    await stream.return!();
    expect(stopped).toBe(true);
    push(4);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('drops the oldest values past its bound', async () => {
    let push: (value: number) => void = () => undefined;
    const stream = noticeStream<number>((p) => ((push = p), () => undefined), 2);
    push(1);
    push(2);
    push(3);
    expect(await stream.next()).toEqual({ value: 2, done: false });
    expect(await stream.next()).toEqual({ value: 3, done: false });
  });
});

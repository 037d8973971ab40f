/**
 * An async iterator over pushed values, for a GraphQL subscription: `listen` starts
 * pushing and returns its own stop; the stop runs when the client unsubscribes or the
 * connection closes (`return`). Values pushed while nobody reads are queued, bounded:
 * past `maxQueued` the oldest are dropped (a subscriber that stops reading must not grow
 * the ledger's memory).
 */
export function noticeStream<T>(listen: (push: (value: T) => void) => () => void, maxQueued = 1000): AsyncIterableIterator<T> {
  const queue: T[] = [];
  const waiting: ((result: IteratorResult<T>) => void)[] = [];
  let done = false;
  const stop = listen((value) => {
    if (done) return;
    const reader = waiting.shift();
    if (reader) return reader({ value, done: false });
    queue.push(value);
    if (queue.length > maxQueued) queue.shift();
  });
  const finish = (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      stop();
      for (const reader of waiting.splice(0)) reader({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next: () => {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: finish,
    throw: (error: unknown) => finish().then(() => Promise.reject(error)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

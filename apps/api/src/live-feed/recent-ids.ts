/**
 * The last `capacity` ids remembered, oldest forgotten first: the dedupe window of an
 * at-least-once stream whose redeliveries come soon after the original (a projector
 * re-publishing a batch it stored but did not commit). Memory stays bounded whatever flows.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  remember(id: string): void {
    // Re-inserted at the end: a Set iterates in insertion order, so the first entry is the oldest.
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
  }

  forget(id: string): void {
    this.ids.delete(id);
  }
}

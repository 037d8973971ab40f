import { AuthError } from './auth-error';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Per-token request budget (token bucket): `perMinute` requests a minute on average,
 * bursts up to `burst`. In memory per process: with N API replicas a token may get N
 * times the budget, which bounds abuse without a shared store.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number = Math.max(1, Math.ceil(perMinute / 6)),
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one request from the token's budget, or throws `rate_limited` with a retry hint. */
  take(key: string): void {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
      throw new AuthError('rate_limited', `too many requests for this token (${this.perMinute} a minute); retry in ${retryAfterSeconds} s`, retryAfterSeconds);
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.forgetIdle(now);
  }

  /** Full buckets carry no information: drop them so the map stays bounded. */
  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.burst) this.buckets.delete(key);
    }
  }
}

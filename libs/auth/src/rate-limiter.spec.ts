import { describe, expect, it } from 'vitest';
import { AuthError } from './auth-error';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with a retry hint, then refills with time; tokens are separate', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now);
    for (let i = 0; i < 3; i++) limiter.take('a');
    let refusal: unknown;
    try {
      limiter.take('a');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AuthError);
    expect((refusal as AuthError).code).toBe('rate_limited');
    expect((refusal as AuthError).retryAfterSeconds).toBe(1);
    limiter.take('b');
    now = 1000;
    limiter.take('a');
    expect(() => limiter.take('a')).toThrow(/too many requests/);
  });
});

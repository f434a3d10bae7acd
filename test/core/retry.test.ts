import { describe, expect, it } from 'vitest';
import { backoffMs, nextRetry } from '../../src/core/retry';
import { DEFAULT_POLICY } from '../../src/core/sender';

const policy = { ...DEFAULT_POLICY, random: () => 0.5 };

describe('the one retry rule (import batches, export pages, removal calls)', () => {
  it('waits Retry-After when given, else the backoff of this attempt', () => {
    expect(nextRetry({ message: 'busy', retryAfterMs: 5000 }, 1, policy)).toEqual({ kind: 'wait', ms: 5000 });
    expect(nextRetry({ message: 'busy', retryAfterMs: null }, 2, policy)).toEqual({
      kind: 'wait',
      ms: backoffMs(2, policy),
    });
  });

  it('gives up after the last attempt, saying how many', () => {
    expect(nextRetry({ message: '502', retryAfterMs: 1000 }, policy.maxAttempts, policy)).toEqual({
      kind: 'giveUp',
      failure: { kind: 'gaveUp', message: '502', attempts: policy.maxAttempts },
    });
  });

  it('gives up instead of waiting longer than the policy allows, saying how long was asked', () => {
    expect(nextRetry({ message: '429', retryAfterMs: policy.maxRetryAfterMs + 1 }, 1, policy)).toEqual({
      kind: 'giveUp',
      failure: {
        kind: 'waitTooLong',
        message: '429',
        seconds: Math.ceil((policy.maxRetryAfterMs + 1) / 1000),
      },
    });
    expect(nextRetry({ message: '429', retryAfterMs: policy.maxRetryAfterMs }, 1, policy).kind).toBe('wait');
  });
});

import { describe, expect, it } from 'vitest';
import { connectorHolds, median, requestRateShare } from '../../bench/metrics.js';

describe('bench metrics', () => {
  it('rate share is requests per second over the allowed rate, capped at 1', () => {
    // 100 per 10 s allowed = 10/s; 90 requests in 10 s = 9/s.
    expect(requestRateShare(90, 10_000, { limit: 100, windowMs: 10_000 })).toBe(0.9);
    expect(requestRateShare(40, 10_000, { limit: 80, windowMs: 2_000 })).toBe(0.1);
    // A burst inside one long window can beat the sustained rate: capped.
    expect(requestRateShare(60, 5_000, { limit: 60, windowMs: 60_000 })).toBe(1);
  });

  it('rate share is null when it says nothing', () => {
    expect(requestRateShare(2, 1_000, { limit: 10, windowMs: 1_000 })).toBeNull(); // one query per run
    expect(requestRateShare(50, 1_000, undefined)).toBeNull();
    expect(requestRateShare(50, 0, { limit: 10, windowMs: 1_000 })).toBeNull();
  });

  it('median of odd and even lists, and refuses an empty one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/empty/);
  });

  it('a connector holds with ≥ 0.9 and no failed run; n/a share holds only without failures', () => {
    expect(connectorHolds({ requestRateShare: 0.95, failedRuns: 0 })).toBe(true);
    expect(connectorHolds({ requestRateShare: 0.89, failedRuns: 0 })).toBe(false);
    expect(connectorHolds({ requestRateShare: 1, failedRuns: 1 })).toBe(false);
    expect(connectorHolds({ requestRateShare: null, failedRuns: 0 })).toBe(true);
  });
});

/** Pure helpers of the benchmark (unit-tested in test/unit/bench.test.ts). */

export interface RateLimitSpec {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * Share of the allowed request rate a run achieved: (requests ÷ busy seconds) ÷ (limit ÷ window),
 * capped at 1. Null when it says nothing: no limit, no time, or fewer than `minRequests`
 * requests (a run of one or two requests is bound by latency, not by the rate).
 */
export function requestRateShare(
  requests: number,
  busyMs: number,
  limit: RateLimitSpec | undefined,
  minRequests = 10,
): number | null {
  if (!limit || limit.limit <= 0 || limit.windowMs <= 0 || busyMs <= 0 || requests < minRequests) return null;
  const achieved = requests / busyMs;
  const allowed = limit.limit / limit.windowMs;
  return Math.round(Math.min(1, achieved / allowed) * 1000) / 1000;
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Whether each target holds; a `null` value (not applicable) holds vacuously and says so. */
export function connectorHolds(c: { requestRateShare: number | null; failedRuns: number }): boolean {
  return c.failedRuns === 0 && (c.requestRateShare === null || c.requestRateShare >= 0.9);
}

/** What a rate window says about one more hit. */
export interface RateVerdict {
  ok: boolean;
  /** Refused: whole seconds until the oldest counted hit leaves the window (for `Retry-After`). */
  retryAfter: number;
  /** Refused, and the first refusal since the key was last allowed: the one to explain to a person. */
  first: boolean;
}

/**
 * A sliding one-minute window of counts, per key (a phone number, a client address, a conversation, "all").
 * Counted in this process's memory (several instances would each allow the limit).
 */
export function rateWindow(windowMs = 60_000) {
  const hits = new Map<string, number[]>();
  /** Keys refused since they were last allowed: a person is told once, a runaway sender not again. */
  const told = new Set<string>();
  return (key: string, limit: number, now: number): RateVerdict => {
    const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= limit) {
      hits.set(key, recent);
      const first = !told.has(key);
      told.add(key);
      return { ok: false, retryAfter: Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000)), first };
    }
    recent.push(now);
    hits.set(key, recent);
    told.delete(key);
    // A bound on memory against many keys (addresses, numbers): forgetting only ever allows more.
    if (hits.size > 50_000) {
      hits.clear();
      told.clear();
    }
    return { ok: true, retryAfter: 0, first: false };
  };
}

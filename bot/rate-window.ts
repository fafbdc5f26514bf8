/**
 * A sliding one-minute window of counts, per key (a phone number, a client address, "all"): true while the
 * key is under its limit. Counted in this process's memory (several instances would each allow the limit).
 */
export function rateWindow() {
  const hits = new Map<string, number[]>();
  return (key: string, limit: number, now: number): boolean => {
    const recent = (hits.get(key) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= limit) {
      hits.set(key, recent);
      return false;
    }
    recent.push(now);
    hits.set(key, recent);
    if (hits.size > 50_000) hits.clear();
    return true;
  };
}

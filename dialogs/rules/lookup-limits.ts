/**
 * How often "my booking" may look a booking up by its reference code and phone. Constants, not municipality
 * data: they guard the code space against guessing, which is the software's concern and the same for every
 * city — a data file should not be able to loosen them.
 */
export const LOOKUP_LIMITS = {
  /** Wrong phones (or codes) for one code: past this, that code is refused for a while, even with the right phone. */
  perCode: { failures: 5, minutes: 15 },
  /** Look-ups of one conversation, found or not. */
  perConversation: { lookups: 10, minutes: 60 },
} as const;

/** The error code the look-up effect raises when a look-up is refused. */
export const LOOKUP_THROTTLED = 'lookup.throttled';

export class LookupThrottledError extends Error {
  readonly code = LOOKUP_THROTTLED;
  constructor(readonly minutes: number) {
    super('too many look-ups');
  }
}

export function isLookupThrottled(error: unknown): error is LookupThrottledError {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === LOOKUP_THROTTLED
  );
}

/** Recent look-ups, as ISO instants: the conversation's, and the failed ones for the code asked for. */
export interface RecentLookups {
  conversation: readonly string[];
  codeFailures: readonly string[];
}

const MINUTE_MS = 60_000;

/** The longest window: attempts older than this no longer count for anything. */
export const LOOKUP_MEMORY_MS =
  Math.max(LOOKUP_LIMITS.perCode.minutes, LOOKUP_LIMITS.perConversation.minutes) * MINUTE_MS;

/**
 * Whether one more look-up may run now; when not, in how many whole minutes (at least 1) it may. A window is
 * full when it holds its count of attempts; it frees up when the oldest of them leaves it.
 */
export function judgeLookup(
  recent: RecentLookups,
  now: Date,
  limits = LOOKUP_LIMITS,
): { ok: true } | { ok: false; minutes: number } {
  const waits: number[] = [];
  const wait = (times: readonly string[], count: number, minutes: number) => {
    const since = now.getTime() - minutes * MINUTE_MS;
    const inWindow = times
      .map((t) => Date.parse(t))
      .filter((t) => t > since)
      .sort((a, b) => a - b);
    if (inWindow.length >= count) waits.push(inWindow[inWindow.length - count] - since);
  };
  wait(recent.codeFailures, limits.perCode.failures, limits.perCode.minutes);
  wait(recent.conversation, limits.perConversation.lookups, limits.perConversation.minutes);
  if (!waits.length) return { ok: true };
  return { ok: false, minutes: Math.max(1, Math.ceil(Math.max(...waits) / MINUTE_MS)) };
}

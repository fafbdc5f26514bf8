/**
 * Failures of the store that say nothing about the request and pass by themselves: a full disk, a database
 * another process holds locked, an I/O error. A client is told 503 with `Retry-After`, and a citizen that
 * nothing they gave was lost (the turn is not saved, so the conversation is where it was before it).
 */
const TRANSIENT = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY|CANTOPEN|NOMEM|PROTOCOL)/;

/** Seconds a client is asked to wait before sending again when the store is unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 60;

export function isStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT.test(code);
}

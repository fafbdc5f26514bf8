import { judgeLookup, LOOKUP_LIMITS, LOOKUP_MEMORY_MS } from '../../dialogs/rules/lookup-limits';
import type { Db } from './db';
import type { KeyedHash } from './keyed-hash';

/**
 * "My booking" look-ups counted in SQLite, so that the limits hold across restarts and across every
 * conversation on the same file (dialogs/rules/lookup-limits.ts says how many).
 */
export interface LookupStore {
  /**
   * Counts a look-up of `code` by the conversation before it runs — as a failure until `found` says otherwise,
   * so that look-ups racing from many conversations cannot pass the limit together — or refuses it, saying
   * in how many minutes one may run again.
   */
  admit(
    conversationId: string,
    code: string,
    now: Date,
  ): Promise<{ ok: true; attempt: number } | { ok: false; minutes: number }>;
  /** The look-up found its booking: it no longer counts against the code. */
  found(attempt: number): Promise<void>;
}

export function createLookupStore(db: Db, hash: KeyedHash): LookupStore {
  const forget = db.prepare('DELETE FROM lookup_attempts WHERE at < ?');
  const byConversation = db
    .prepare<[string, string], string>('SELECT at FROM lookup_attempts WHERE conversation_tag = ? AND at > ?')
    .pluck();
  const failuresOfCode = db
    .prepare<[string, string], string>(
      'SELECT at FROM lookup_attempts WHERE code_tag = ? AND found = 0 AND at > ?',
    )
    .pluck();
  const insert = db.prepare(
    'INSERT INTO lookup_attempts (conversation_tag, code_tag, found, at) VALUES (?, ?, 0, ?)',
  );
  const markFound = db.prepare('UPDATE lookup_attempts SET found = 1 WHERE id = ?');
  const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

  const admitTx = db.transaction((conversationId: string, code: string, now: Date) => {
    forget.run(new Date(now.getTime() - LOOKUP_MEMORY_MS).toISOString());
    const conversationTag = hash.full(conversationId);
    const codeTag = hash.full(code);
    const verdict = judgeLookup(
      {
        conversation: byConversation.all(
          conversationTag,
          minutesAgo(now, LOOKUP_LIMITS.perConversation.minutes),
        ),
        codeFailures: failuresOfCode.all(codeTag, minutesAgo(now, LOOKUP_LIMITS.perCode.minutes)),
      },
      now,
    );
    if (!verdict.ok) return verdict;
    const attempt = Number(insert.run(conversationTag, codeTag, now.toISOString()).lastInsertRowid);
    return { ok: true as const, attempt };
  });

  return {
    async admit(conversationId, code, now) {
      // BEGIN IMMEDIATE: two look-ups of one code cannot both read the count before either is written.
      return admitTx.immediate(conversationId, code, now);
    },
    async found(attempt) {
      markFound.run(attempt);
    },
  };
}

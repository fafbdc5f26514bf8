import { createHash, randomBytes } from 'node:crypto';
import type { Lang } from '../../dialogs/languages';
import type { Db } from './db';

export type StaffRole = 'desk' | 'office' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = ['desk', 'office', 'admin'];

export interface StaffUser {
  id: number;
  email: string;
  firstName: string;
  role: StaffRole;
  municipality: string;
  /** An office user's own resource (an official's audiences, a service's counters). */
  resourceId: string | null;
  disabledAt: string | null;
  createdAt: string;
}

export interface StaffSession {
  user: StaffUser;
  csrf: string;
  lang: Lang;
  tokenHash: string;
}

/** How long a session lasts: idle, and in all (a signed-in desk left open overnight is signed out). */
export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

const USER = `id, email, first_name AS firstName, role, municipality, resource_id AS resourceId,
  disabled_at AS disabledAt, created_at AS createdAt`;
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Staff accounts, their sessions and failed sign-ins, in the clerk's own database. */
export function createStaffUsers(db: Db) {
  const insert = db.prepare(
    `INSERT INTO staff_users (email, first_name, role, municipality, resource_id, password_hash, created_at)
     VALUES (@email, @firstName, @role, @municipality, @resourceId, @passwordHash, @now)`,
  );
  const byEmail = db.prepare<[string], StaffUser & { passwordHash: string }>(
    `SELECT ${USER}, password_hash AS passwordHash FROM staff_users WHERE email = ?`,
  );
  const all = db.prepare<[], StaffUser>(`SELECT ${USER} FROM staff_users ORDER BY municipality, email`);
  const disable = db.prepare(
    'UPDATE staff_users SET disabled_at = ? WHERE email = ? AND disabled_at IS NULL',
  );
  const endAll = db.prepare(
    `UPDATE staff_sessions SET ended_at = ? WHERE ended_at IS NULL
       AND user_id = (SELECT id FROM staff_users WHERE email = ?)`,
  );
  const newSession = db.prepare(
    `INSERT INTO staff_sessions (token_hash, user_id, csrf, lang, created_at, seen_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const session = db.prepare<
    [string],
    StaffUser & { csrf: string; lang: Lang; createdAt2: string; seenAt: string }
  >(
    `SELECT ${USER.replace('created_at AS createdAt', 'u.created_at AS createdAt')}, s.csrf, s.lang,
       s.created_at AS createdAt2, s.seen_at AS seenAt
     FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
     WHERE s.token_hash = ? AND s.ended_at IS NULL AND u.disabled_at IS NULL`,
  );
  const touch = db.prepare('UPDATE staff_sessions SET seen_at = ? WHERE token_hash = ?');
  const setLang = db.prepare('UPDATE staff_sessions SET lang = ? WHERE token_hash = ?');
  const end = db.prepare('UPDATE staff_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL');
  const fail = db.prepare('INSERT INTO staff_sign_in_failures (key, at) VALUES (?, ?)');
  const failures = db
    .prepare<[string, string], number>('SELECT count(*) FROM staff_sign_in_failures WHERE key = ? AND at > ?')
    .pluck();
  const forget = db.prepare('DELETE FROM staff_sign_in_failures WHERE key = ?');

  return {
    add(user: Omit<StaffUser, 'id' | 'disabledAt' | 'createdAt'> & { passwordHash: string }, now: Date) {
      return Number(
        insert.run({ ...user, email: user.email.toLowerCase(), now: now.toISOString() }).lastInsertRowid,
      );
    },
    withPassword: (email: string) => byEmail.get(email.trim().toLowerCase()),
    list: () => all.all(),
    /** Disables the account and ends its sessions at once; false when there is no such active account. */
    disable(email: string, now: Date): boolean {
      const at = now.toISOString();
      return db.transaction(() => {
        const changed = disable.run(at, email.toLowerCase()).changes === 1;
        if (changed) endAll.run(at, email.toLowerCase());
        return changed;
      })();
    },
    /** A new session: the token goes in the cookie, only its hash stays here. */
    startSession(userId: number, lang: Lang, now: Date): { token: string; csrf: string } {
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(32).toString('base64url');
      const at = now.toISOString();
      newSession.run(sha256(token), userId, csrf, lang, at, at);
      return { token, csrf };
    },
    /** The session of a token, if it is still open; one idle or too old is ended here. */
    session(token: string, now: Date, limits: SessionLimits): StaffSession | undefined {
      const tokenHash = sha256(token);
      const row = session.get(tokenHash);
      if (!row) return undefined;
      const idle = now.getTime() - Date.parse(row.seenAt) > limits.idleMinutes * 60_000;
      const old = now.getTime() - Date.parse(row.createdAt2) > limits.maxHours * 3_600_000;
      if (idle || old) {
        end.run(now.toISOString(), tokenHash);
        return undefined;
      }
      touch.run(now.toISOString(), tokenHash);
      const { id, email, firstName, role, municipality, resourceId, disabledAt, createdAt } = row;
      const user = { id, email, firstName, role, municipality, resourceId, disabledAt, createdAt };
      return { user, csrf: row.csrf, lang: row.lang, tokenHash };
    },
    setLanguage: (tokenHash: string, lang: Lang) => setLang.run(lang, tokenHash),
    endSession: (tokenHash: string, now: Date) => end.run(now.toISOString(), tokenHash),
    recordFailure: (key: string, now: Date) => fail.run(key, now.toISOString()),
    failuresSince: (key: string, since: Date) => failures.get(key, since.toISOString()) ?? 0,
    clearFailures: (key: string) => forget.run(key),
  };
}

export type StaffUsers = ReturnType<typeof createStaffUsers>;

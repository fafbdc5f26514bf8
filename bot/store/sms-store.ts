import type { Db } from './db';

/** What the SMS/WhatsApp channel remembers: numbers that opted out, and webhooks already answered. */
export interface SmsStore {
  /** Records an opt-out; false if the number had already opted out (the confirmation goes once). */
  optOut(phone: string, now: Date): Promise<boolean>;
  /** Removes an opt-out; false if the number had not opted out. */
  optIn(phone: string): Promise<boolean>;
  isOptedOut(phone: string): Promise<boolean>;
  /** The reply already given to this MessageSid, if Twilio delivered it before. */
  replied(sid: string): Promise<string | undefined>;
  rememberReply(sid: string, reply: string, now: Date): Promise<void>;
}

export function createSmsStore(db: Db): SmsStore {
  const insertOptOut = db.prepare('INSERT OR IGNORE INTO sms_optouts (phone, at) VALUES (?, ?)');
  const deleteOptOut = db.prepare('DELETE FROM sms_optouts WHERE phone = ?');
  const optedOut = db.prepare<[string], number>('SELECT 1 FROM sms_optouts WHERE phone = ?').pluck();
  const reply = db.prepare<[string], string>('SELECT reply FROM inbound_messages WHERE sid = ?').pluck();
  const remember = db.prepare(
    'INSERT OR IGNORE INTO inbound_messages (sid, reply, created_at) VALUES (?, ?, ?)',
  );
  return {
    async optOut(phone, now) {
      return insertOptOut.run(phone, now.toISOString()).changes > 0;
    },
    async optIn(phone) {
      return deleteOptOut.run(phone).changes > 0;
    },
    async isOptedOut(phone) {
      return optedOut.get(phone) === 1;
    },
    async replied(sid) {
      return reply.get(sid);
    },
    async rememberReply(sid, text, now) {
      remember.run(sid, text, now.toISOString());
    },
  };
}

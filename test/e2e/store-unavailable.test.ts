/**
 * A full disk or a database another process holds: every channel answers 503 with Retry-After (SMS: the
 * sentence in TwiML, as Twilio drops a failed webhook's reply), the citizen is told in their language that
 * nothing was lost, no library's message reaches anyone, and once the store is back the conversation goes on
 * from the same question. "Disk full" is SQLite's own SqliteError SQLITE_FULL thrown by the conversation
 * store's save (a fake of the disk, not of the store's callers); "read-only" is the real database switched to
 * `query_only`, so every write fails inside SQLite itself.
 */
import Database from 'better-sqlite3';
import twilio from 'twilio';
import { isStoreUnavailable } from '../../bot/store/unavailable';
import { citizen, clerkPerTest, textOf } from '../helpers/clerk';
import { conversationTables, headTurns } from '../helpers/conversation';

const TOKEN = 'test-auth-token';
const PUBLIC = 'https://clerk.example.org';
const ctx = clerkPerTest({
  env: { PUBLIC_BASE_URL: PUBLIC, TWILIO_AUTH_TOKEN: TOKEN },
});

const diskFull = () => new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
/** Every save fails as on a full disk, until the returned function frees the disk. */
function fillDisk() {
  const save = jest.spyOn(ctx.app.clerk.conversations, 'save').mockRejectedValue(diskFull());
  return () => save.mockRestore();
}
/** A message as the Emulator posts it, with the fields a test sets. */
const emulatorPost = (fields: Record<string, unknown>) =>
  fetch(`${ctx.app.baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', channelId: 'emulator', from: { id: 'user-1' }, ...fields }),
  });
const LEAKS = /SQLITE|Sqlite|database or disk|Error|stack/;

describe('which failures are the store being unavailable', () => {
  it.each(['SQLITE_FULL', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR_WRITE', 'SQLITE_READONLY'])(
    '%s is',
    (code) => {
      expect(isStoreUnavailable(new Database.SqliteError('x', code))).toBe(true);
    },
  );
  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', undefined])(
    '%s is not: it is a fault to fix',
    (code) => {
      expect(isStoreUnavailable(code ? new Database.SqliteError('x', code) : new Error('x'))).toBe(false);
    },
  );
});

describe('the Bot Framework protocol (the Emulator)', () => {
  it.each([
    ['ro', 'ro-RO'],
    ['fa', 'fa-IR'],
    ['en', 'en-US'],
  ] as const)(
    '%s: 503 with Retry-After, the citizen told in their language; then the same question goes on',
    async (lang, locale) => {
      const t = (key: string) => ctx.app.clerk.texts.t(lang, key);
      const who = citizen(ctx.app.baseUrl, ctx.channel, locale);
      await who.say(t('choice.audience'));
      const free = fillDisk();
      try {
        const response = await emulatorPost({
          serviceUrl: ctx.channel.serviceUrl,
          conversation: { id: who.conversation },
          locale,
          text: t('choice.levelHead'),
        });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('60');
        const body = await response.text();
        expect(JSON.parse(body)).toEqual({ code: 503, message: 'Service unavailable; try again later' });
        expect(textOf(ctx.channel.take(who.conversation))).toBe(t('errors.unavailable'));
      } finally {
        free();
      }
      // Nothing was lost: the answer sent again is taken at the question it answers.
      const again = await who.say(t('choice.levelHead'));
      expect(textOf(again)).toContain(t('audience.askHasPetition'));
    },
  );
});

describe('the Bot Framework protocol with expectReplies', () => {
  it('503 with Retry-After, and the citizen’s sentence in the body it returns', async () => {
    const free = fillDisk();
    try {
      const response = await emulatorPost({
        serviceUrl: 'https://channel.example.org',
        deliveryMode: 'expectReplies',
        conversation: { id: 'expect-replies-1' },
        locale: 'fa-IR',
        text: 'سلام',
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('60');
      const body = (await response.json()) as { activities: { text?: string }[] };
      expect(body.activities.map((a) => a.text)).toEqual([ctx.app.clerk.texts.t('fa', 'errors.unavailable')]);
    } finally {
      free();
    }
  });
});

describe('Direct Line (Web Chat)', () => {
  async function open() {
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(`${ctx.app.baseUrl}/v3/directline${path}`, {
        method,
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    const token = JSON.parse(
      (await call('POST', '/tokens/generate', undefined, { locale: 'fa-IR' })).text,
    ).token;
    const id = JSON.parse((await call('POST', '/conversations', token)).text).conversationId;
    const say = (text: string) =>
      call('POST', `/conversations/${id}/activities`, token, { type: 'message', from: { id: 'c' }, text });
    const read = async () =>
      JSON.parse((await call('GET', `/conversations/${id}/activities`, token)).text).activities as {
        text?: string;
      }[];
    return { say, read };
  }

  it('a full disk: 503 with Retry-After and a fixed body; sent again once it is free, the message is answered', async () => {
    const chat = await open();
    const free = fillDisk();
    let refused;
    try {
      refused = await chat.say('وقت ملاقات');
    } finally {
      free();
    }
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.text).not.toMatch(LEAKS);
    expect((await chat.say('وقت ملاقات')).status).toBe(200);
    const texts = (await chat.read()).map((a) => a.text ?? '');
    expect(texts.at(-1)).toContain(ctx.app.clerk.texts.t('fa', 'audience.askLevel'));
  });

  it('a database that takes no writes (SQLite refuses them itself): 503, and the server still serves', async () => {
    const chat = await open();
    ctx.app.clerk.db.pragma('query_only = 1');
    try {
      const refused = await chat.say('وقت ملاقات');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(refused.text).not.toMatch(LEAKS);
      expect((await fetch(`${ctx.app.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      ctx.app.clerk.db.pragma('query_only = 0');
    }
    expect((await chat.say('وقت ملاقات')).status).toBe(200);
  });
});

describe('a database another process holds locked', () => {
  it('SQLITE_BUSY after a short wait: 503 with Retry-After, and once the lock is gone the message is answered', async () => {
    const who = citizen(ctx.app.baseUrl, ctx.channel, 'en-US');
    await who.say('hello');
    const other = new Database(ctx.app.dbPath);
    other.exec('BEGIN IMMEDIATE');
    try {
      const { status, replies } = await who.post({ type: 'message', text: 'Audience' });
      expect(status).toBe(503);
      expect(textOf(replies)).toBe(ctx.app.clerk.texts.t('en', 'errors.unavailable'));
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(textOf(await who.say('Audience'))).toContain(ctx.app.clerk.texts.t('en', 'audience.askLevel'));
  });
});

describe('the database locked while the clerk books (the reservation alone fails, with SQLite’s SQLITE_BUSY)', () => {
  const { play } = conversationTables(ctx);
  it('Confirm: 503 and the sentence, no booking, not the technical error; the same Confirm later books', async () => {
    const { who } = await play('en', headTurns('en').slice(0, 14));
    const confirm = ctx.app.clerk.texts.t('en', 'choice.confirm');
    const reserve = jest
      .spyOn(ctx.app.clerk.bookings, 'reserve')
      .mockRejectedValueOnce(new Database.SqliteError('database is locked', 'SQLITE_BUSY'));
    try {
      const { status, replies } = await who.post({ type: 'message', text: confirm });
      expect(status).toBe(503);
      expect(textOf(replies)).toBe(ctx.app.clerk.texts.t('en', 'errors.unavailable'));
    } finally {
      reserve.mockRestore();
    }
    expect(ctx.app.clerk.db.prepare('SELECT count(*) FROM bookings').pluck().get()).toBe(0);
    // The conversation was not saved past the summary: the same Confirm books.
    expect(textOf(await who.say(confirm))).toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}/);
  });
});

describe('SMS', () => {
  it('a full disk: the citizen gets the sentence in TwiML (Twilio would drop a 503’s reply); the same message later is a new turn', async () => {
    const params = (sid: string) => ({
      MessageSid: sid,
      From: '+40722123456',
      To: '+40700000001',
      Body: 'bună ziua',
      NumMedia: '0',
    });
    const post = async (p: Record<string, string>) => {
      const response = await fetch(`${ctx.app.baseUrl}/api/twilio`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/api/twilio`, p),
        },
        body: new URLSearchParams(p),
      });
      return { status: response.status, body: await response.text() };
    };
    const free = fillDisk();
    let refused;
    try {
      refused = await post(params('SM1'));
    } finally {
      free();
    }
    expect(refused.status).toBe(200);
    expect(refused.body).toContain(ctx.app.clerk.texts.t('ro', 'errors.unavailable'));
    expect(refused.body).not.toMatch(LEAKS);
    const answered = await post(params('SM2'));
    expect(answered.body).toContain('Audiență');
  });
});

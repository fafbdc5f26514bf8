/**
 * What an attacker may send to /api/messages gets the clerk's own short answer — 400 for a malformed
 * activity, 401 for a missing or forged token, 403 for a reply address it may not post to — with a fixed
 * body, never a library's or JavaScript's message; and the server refuses to start in production without a
 * Microsoft App ID. Over real HTTP, against the real server on a real SQLite file.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../bot/config';
import { citizen, clerkPerTest, startClerk, textOf } from '../helpers/clerk';

const ctx = clerkPerTest();
/** What no answer may contain: a library's or the runtime's words. */
const LEAKS =
  /Error|error:|at \w|zod|expected|Invalid|undefined|null|botbuilder|JSON|Unexpected|req\.body|stack/i;

async function postRaw(baseUrl: string, body: string | undefined, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** A well-formed activity from the Emulator, to spoil one field at a time. */
const activity = (serviceUrl: string, patch: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'a1',
  channelId: 'emulator',
  serviceUrl,
  from: { id: 'user-1' },
  recipient: { id: 'clerk' },
  conversation: { id: 'malformed-1' },
  text: 'bună ziua',
  ...patch,
});

describe('a malformed activity gets 400 with a fixed body', () => {
  const BAD_REQUEST = JSON.stringify({ code: 400, message: 'Bad request' });
  it.each<[string, (serviceUrl: string) => string | undefined, Record<string, string>?]>([
    ['a locale that is a number', (s) => JSON.stringify(activity(s, { locale: 5 }))],
    ['no type', (s) => JSON.stringify({ ...activity(s), type: undefined })],
    ['an empty type', (s) => JSON.stringify(activity(s, { type: '' }))],
    ['text that is an object', (s) => JSON.stringify(activity(s, { text: { a: 1 } }))],
    ['a conversation without an id', (s) => JSON.stringify(activity(s, { conversation: {} }))],
    [
      'a serviceUrl that is not a URL',
      (s) => JSON.stringify(activity(s, { serviceUrl: 'javascript:alert(1)' })),
    ],
    ['a timestamp that is not a date', (s) => JSON.stringify(activity(s, { timestamp: 'yesterday' }))],
    [
      'a conversation id of 10,000 characters',
      (s) => JSON.stringify(activity(s, { conversation: { id: 'c'.repeat(10_000) } })),
    ],
    ['an empty body', () => undefined],
    ['null', () => 'null'],
    ['an array', () => '[]'],
    ['a string', () => '"message"'],
    ['text/plain', () => 'hello', { 'Content-Type': 'text/plain' }],
    // The headers are a rest parameter: a third declared parameter would make jest wait for a `done` callback.
  ])('%s', async (_name, body, ...headers) => {
    const answer = await postRaw(ctx.app.baseUrl, body(ctx.channel.serviceUrl), headers[0]);
    expect(answer).toEqual({ status: 400, text: BAD_REQUEST });
    // Nothing reached the channel, and the server goes on serving.
    expect(ctx.channel.take('malformed-1')).toEqual([]);
    expect((await fetch(`${ctx.app.baseUrl}/healthz`)).status).toBe(200);
  });

  it('the same activity, well formed, is answered (the cases above are refused for their fault alone)', async () => {
    const answer = await postRaw(ctx.app.baseUrl, JSON.stringify(activity(ctx.channel.serviceUrl)));
    expect(answer.status).toBe(200);
    expect(textOf(ctx.channel.take('malformed-1'))).toContain(ctx.app.clerk.texts.t('ro', 'menu.prompt'));
  });
});

describe('with a Microsoft App ID', () => {
  const secured = () =>
    startClerk({
      dbPath: `${ctx.tmp.dir}/secured.db`,
      env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' },
    });
  // A token that looks like the Bot Framework's, signed by nobody it trusts.
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'forged-key', typ: 'JWT' })).toString(
    'base64url',
  );
  const claims = Buffer.from(
    JSON.stringify({
      iss: 'https://api.botframework.com',
      aud: '00000000-0000-0000-0000-000000000001',
      exp: 4_102_444_800,
      nbf: 1_600_000_000,
      serviceUrl: 'http://127.0.0.1:1',
    }),
  ).toString('base64url');
  const FORGED = `Bearer ${header}.${claims}.${Buffer.from('not a signature').toString('base64url')}`;

  it.each([
    ['no Authorization header', undefined],
    ['a forged token', FORGED],
    ['garbage', 'Bearer x.y.z'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('%s: 401 with a fixed body, and no turn', async (_name, authorization) => {
    const app = await secured();
    try {
      const who = citizen(app.baseUrl, ctx.channel, 'ro-RO');
      const answer = await postRaw(
        app.baseUrl,
        JSON.stringify(activity(ctx.channel.serviceUrl, { conversation: { id: who.conversation } })),
        authorization ? { Authorization: authorization } : {},
      );
      expect(answer).toEqual({ status: 401, text: JSON.stringify({ code: 401, message: 'Unauthorized' }) });
      expect(answer.text).not.toMatch(LEAKS);
      expect(ctx.channel.take(who.conversation)).toEqual([]);
      expect(await app.clerk.conversations.load(`emulator:${who.conversation}`)).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('where replies may go without a Microsoft App ID', () => {
  it('a serviceUrl off this machine is refused (403), nothing is posted and no turn runs', async () => {
    const who = citizen(ctx.app.baseUrl, ctx.channel, 'ro-RO');
    const answer = await postRaw(
      ctx.app.baseUrl,
      JSON.stringify(activity('https://attacker.example.org', { conversation: { id: who.conversation } })),
    );
    expect(answer).toEqual({ status: 403, text: JSON.stringify({ code: 403, message: 'Forbidden' }) });
    expect(await ctx.app.clerk.conversations.load(`emulator:${who.conversation}`)).toBeUndefined();
  });

  it('localhost, 127.0.0.1 and [::1] are this machine: the Emulator', async () => {
    const port = new URL(ctx.channel.serviceUrl).port;
    for (const host of ['localhost', '127.0.0.1']) {
      const who = citizen(ctx.app.baseUrl, { ...ctx.channel, serviceUrl: `http://${host}:${port}` }, 'ro-RO');
      expect((await who.post({ type: 'message', text: 'bună ziua' })).status).toBe(200);
    }
    const v6 = await postRaw(ctx.app.baseUrl, JSON.stringify(activity(`http://[::1]:${port}`)));
    expect(v6.status).toBe(200);
  });

  it.each(['sms', 'whatsapp', 'webchat'])(
    'an activity claiming the clerk’s own channel “%s” is refused (403): it would reach a citizen’s SMS or web chat conversation',
    async (channelId) => {
      const answer = await postRaw(
        ctx.app.baseUrl,
        JSON.stringify(
          activity(ctx.channel.serviceUrl, {
            channelId,
            conversation: { id: '+40722123456' },
            deliveryMode: 'expectReplies',
          }),
        ),
      );
      expect(answer.status).toBe(403);
      expect(await ctx.app.clerk.conversations.load(`${channelId}:+40722123456`)).toBeUndefined();
    },
  );

  it('ALLOWED_SERVICE_URLS names the origins that may be posted to besides', async () => {
    const app = await startClerk({
      dbPath: `${ctx.tmp.dir}/allowed.db`,
      // Written with a path and a trailing slash, as people paste them: the origin is what counts.
      env: { ALLOWED_SERVICE_URLS: 'https://channel.example.org/api/' },
    });
    try {
      const post = (serviceUrl: string) => postRaw(app.baseUrl, JSON.stringify(activity(serviceUrl)));
      // Allowed: the turn runs (its reply cannot be delivered from here, which the clerk survives).
      expect((await post('https://channel.example.org')).status).toBe(200);
      expect((await post('https://other.example.org')).status).toBe(403);
    } finally {
      await app.close();
    }
  });
});

describe('production without a Microsoft App ID', () => {
  it('the configuration is refused, and says why', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MicrosoftAppId/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'x', MicrosoftAppPassword: 'y' }),
    ).not.toThrow();
    expect(() => loadConfig({ NODE_ENV: 'development' })).not.toThrow();
  });

  it('the server process does not start: it exits with the reason on stderr', async () => {
    const root = path.join(__dirname, '../..');
    const child = spawn(process.execPath, ['-r', './test/helpers/register-ts.js', 'bot/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        MicrosoftAppId: '',
        PORT: '0',
        DATABASE_PATH: `${ctx.tmp.dir}/prod.db`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(/civic-clerk failed to start: .*MicrosoftAppId/);
    } finally {
      child.kill();
    }
  });
});

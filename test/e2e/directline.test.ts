/**
 * The self-hosted Direct Line 3.0 subset over HTTP and WebSocket, as Web Chat's client uses it: tokens,
 * starting and resuming conversations, posting activities, watermarks, the stream, expiry and refresh,
 * one conversation's token refused for another, and many conversations at once.
 */
import WebSocket from 'ws';
import { startClerk, tempDir, type RunningClerk } from '../helpers/clerk';

let tmp: ReturnType<typeof tempDir>;
let app: RunningClerk;
let clock: Date;

beforeEach(async () => {
  tmp = tempDir();
  clock = new Date('2026-11-23T08:00:00Z');
  app = await startClerk({ dbPath: `${tmp.dir}/clerk.db`, now: () => clock });
});
afterEach(async () => {
  await app.close();
  tmp.remove();
});

interface Activity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string };
  suggestedActions?: { actions: { title: string }[] };
  channelData?: Record<string, unknown>;
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${app.baseUrl}/v3/directline${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function open(locale = 'ro-RO') {
  const generated = await call('POST', '/tokens/generate', undefined, { locale });
  const token = String(generated.body.token);
  const started = await call('POST', '/conversations', token);
  return {
    id: String(started.body.conversationId),
    token,
    streamUrl: String(started.body.streamUrl),
    started,
  };
}

const say = (c: { id: string; token: string }, text: string, extra: Record<string, unknown> = {}) =>
  call('POST', `/conversations/${c.id}/activities`, c.token, {
    type: 'message',
    from: { id: 'citizen' },
    text,
    ...extra,
  });

const read = async (c: { id: string; token: string }, watermark?: string) => {
  const r = await call(
    'GET',
    `/conversations/${c.id}/activities${watermark ? `?watermark=${watermark}` : ''}`,
    c.token,
  );
  return {
    activities: r.body.activities as Activity[],
    watermark: String(r.body.watermark),
    status: r.status,
  };
};

describe('Direct Line', () => {
  it('starts a conversation with the greeting in the page’s language, with suggested actions', async () => {
    const c = await open('fa-IR');
    expect(c.started.status).toBe(201);
    expect(c.streamUrl).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${c.id}/stream\\?t=`),
    );
    const { activities, watermark } = await read(c);
    expect(watermark).toBe('1');
    expect(activities[0]).toMatchObject({ type: 'message', from: { role: 'bot' } });
    expect(activities[0].text).toContain(app.clerk.texts.t('fa', 'menu.prompt'));
    expect(activities[0].suggestedActions?.actions.map((a) => a.title)).toContain(
      app.clerk.texts.t('fa', 'choice.audience'),
    );
  });

  it('echoes the citizen’s activity with its channelData, then the answer; watermarks page through them', async () => {
    const c = await open();
    const posted = await say(c, 'Audiență', { channelData: { clientActivityID: 'abc' } });
    expect(posted.status).toBe(200);
    const all = await read(c);
    expect(all.activities.map((a) => a.from.role)).toEqual(['bot', 'user', 'bot']);
    expect(all.activities[1]).toMatchObject({
      id: posted.body.id,
      text: 'Audiență',
      channelData: { clientActivityID: 'abc' },
    });
    expect(all.activities[2].text).toContain(app.clerk.texts.t('ro', 'audience.askLevel').slice(0, 20));
    const later = await read(c, '1');
    expect(later.activities.map((a) => a.id)).toEqual(all.activities.slice(1).map((a) => a.id));
    expect((await read(c, all.watermark)).activities).toEqual([]);
  });

  it('streams new activities over the WebSocket, after what the watermark already had', async () => {
    const c = await open();
    const ws = new WebSocket(`${c.streamUrl}&watermark=1`);
    const received: Activity[] = [];
    let answered: () => void;
    const botAnswered = new Promise<void>((resolve) => (answered = resolve));
    ws.on('message', (data) => {
      const text = data.toString();
      if (text) received.push(...(JSON.parse(text) as { activities: Activity[] }).activities);
      if (received.some((a) => a.from.role === 'bot')) answered();
    });
    await new Promise((resolve) => ws.once('open', resolve));
    await say(c, 'Audiență');
    await botAnswered;
    expect(received.map((a) => a.from.role)).toEqual(['user', 'bot']);
    ws.close();
  });

  it('refuses another conversation’s token, a forged one, and an expired one; a refreshed token works', async () => {
    const a = await open();
    const b = await open();
    expect((await read({ id: a.id, token: b.token })).status).toBe(403);
    expect((await say({ id: a.id, token: b.token }, 'x')).status).toBe(403);
    expect((await read({ id: a.id, token: `${a.token.split('.')[0]}.AAAA` })).status).toBe(403);
    const stream = new WebSocket(b.streamUrl.replace(b.id, a.id));
    const refused = await new Promise<boolean>((resolve) => {
      stream.once('open', () => resolve(false));
      stream.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);

    clock = new Date(clock.getTime() + 25 * 60_000);
    const refreshed = await call('POST', '/tokens/refresh', a.token);
    expect(refreshed.body).toMatchObject({ conversationId: a.id, expires_in: 1800 });
    clock = new Date(clock.getTime() + 10 * 60_000); // 35 minutes after the first token
    expect((await read(a)).status).toBe(403);
    expect((await read({ id: a.id, token: String(refreshed.body.token) })).status).toBe(200);
    expect((await call('POST', '/tokens/refresh', a.token)).status).toBe(403);
  });

  it('resumes a conversation (a reload): the same state, the history from the watermark', async () => {
    const c = await open();
    await say(c, 'Audiență');
    const resumed = await call('GET', `/conversations/${c.id}?watermark=3`, c.token);
    expect(resumed.body).toMatchObject({ conversationId: c.id });
    expect(String(resumed.body.streamUrl)).toContain('watermark=3');
    await say(c, app.clerk.texts.t('ro', 'choice.levelHead'));
    const { activities } = await read(c, '3');
    expect(activities.at(-1)?.text).toContain(app.clerk.texts.t('ro', 'audience.askHasPetition'));
  });

  it('many conversations at once, each its own', async () => {
    const conversations = await Promise.all(Array.from({ length: 25 }, () => open()));
    await Promise.all(conversations.map((c, i) => say(c, i % 2 ? 'Audiență' : 'Program și adrese')));
    for (const [i, c] of conversations.entries()) {
      const { activities } = await read(c);
      expect(activities).toHaveLength(3);
      const expected = i % 2 ? 'audience.askLevel' : 'info.prompt';
      expect(activities[2].text).toContain(app.clerk.texts.t('ro', expected).slice(0, 15));
    }
    expect(new Set(conversations.map((c) => c.id)).size).toBe(25);
  });

  it('on shutdown, open streams are closed (1001) so that the server stops at once', async () => {
    const c = await open();
    const ws = new WebSocket(c.streamUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const started = Date.now();
    await app.close();
    expect(await closed).toBe(1001);
    expect(Date.now() - started).toBeLessThan(2000);
    app = await startClerk({ dbPath: `${tmp.dir}/clerk.db`, now: () => clock }); // for afterEach
  });

  it('bad input: no token, no activity type', async () => {
    expect((await call('POST', '/conversations')).status).toBe(403);
    const c = await open();
    expect(
      (await call('POST', `/conversations/${c.id}/activities`, c.token, { text: 'no type' })).status,
    ).toBe(400);
  });
});

describe('new conversations are limited per client address and in all', () => {
  const generate = (headers: Record<string, string> = {}) =>
    fetch(`${app.baseUrl}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '{}',
    });
  const restart = async (env: Record<string, string>) => {
    await app.close();
    app = await startClerk({ dbPath: `${tmp.dir}/clerk.db`, now: () => clock, env });
  };

  it('past the limit a client is told 429 with Retry-After, until the minute has passed', async () => {
    await restart({ WEBCHAT_TOKENS_PER_ADDRESS_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) expect((await generate()).status).toBe(200);
    const refused = await generate();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toEqual({ code: 429, message: 'Too many requests' });
    clock = new Date(clock.getTime() + 61_000);
    expect((await generate()).status).toBe(200);
  });

  it('X-Forwarded-For counts only behind a trusted proxy (TRUST_PROXY), so it cannot be forged', async () => {
    await restart({ WEBCHAT_TOKENS_PER_ADDRESS_PER_MINUTE: '2' });
    const forged = await Promise.all(
      ['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((ip) => generate({ 'X-Forwarded-For': ip })),
    );
    expect(forged.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    await restart({ WEBCHAT_TOKENS_PER_ADDRESS_PER_MINUTE: '2', TRUST_PROXY: 'true' });
    // The proxy appends the address it saw: the last one counts, what the client wrote before it does not.
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      expect((await generate({ 'X-Forwarded-For': `192.0.2.${ip.slice(-1)}, ${ip}` })).status).toBe(200);
    }
    expect((await generate({ 'X-Forwarded-For': '10.0.0.1' })).status).toBe(200);
    expect((await generate({ 'X-Forwarded-For': '10.0.0.1' })).status).toBe(429);
    expect((await generate({ 'X-Forwarded-For': '192.0.2.99, 10.0.0.1' })).status).toBe(429);
  });

  it('an address past its own limit does not use up everyone else’s', async () => {
    await restart({
      WEBCHAT_TOKENS_PER_ADDRESS_PER_MINUTE: '2',
      WEBCHAT_TOKENS_PER_MINUTE: '5',
      TRUST_PROXY: 'true',
    });
    for (let i = 0; i < 20; i++) await generate({ 'X-Forwarded-For': '10.0.0.1' });
    for (const ip of ['10.0.0.2', '10.0.0.3', '10.0.0.4']) {
      expect((await generate({ 'X-Forwarded-For': ip })).status).toBe(200);
    }
  });

  it('and in all, whatever the address', async () => {
    await restart({ WEBCHAT_TOKENS_PER_MINUTE: '2', TRUST_PROXY: 'true' });
    const statuses = [];
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      statuses.push((await generate({ 'X-Forwarded-For': ip })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});

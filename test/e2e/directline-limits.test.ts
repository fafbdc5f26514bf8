/**
 * One anonymous Direct Line token cannot fill the disk: an activity's size (413), what is kept of its text,
 * activities per conversation a minute and in all (429 with Retry-After, the citizen told once in their
 * language), and GETs paged by watermark. Over real HTTP, on a real SQLite file, with the clock fixed.
 */
import { startClerk, tempDir, type RunningClerk } from '../helpers/clerk';

let tmp: ReturnType<typeof tempDir>;
let app: RunningClerk;
let clock: Date;

async function start(env: Record<string, string> = {}) {
  tmp = tempDir();
  clock = new Date('2026-11-23T08:00:00Z');
  app = await startClerk({ dbPath: `${tmp.dir}/clerk.db`, now: () => clock, env });
}
afterEach(async () => {
  await app?.close();
  tmp?.remove();
});

interface Activity {
  id: string;
  text?: string;
  from: { role?: string };
}

async function call(method: string, path: string, token?: string, body?: string) {
  const response = await fetch(`${app.baseUrl}/v3/directline${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    text,
    bytes: text.length,
  };
}

async function open(locale = 'ro-RO') {
  const token = JSON.parse(
    (await call('POST', '/tokens/generate', undefined, JSON.stringify({ locale }))).text,
  ).token as string;
  const id = JSON.parse((await call('POST', '/conversations', token)).text).conversationId as string;
  const post = (activity: Record<string, unknown>) =>
    call('POST', `/conversations/${id}/activities`, token, JSON.stringify(activity));
  const say = (text: string) => post({ type: 'message', from: { id: 'c' }, text });
  async function read(watermark?: string) {
    const r = await call(
      'GET',
      `/conversations/${id}/activities${watermark ? `?watermark=${watermark}` : ''}`,
      token,
    );
    const body = JSON.parse(r.text) as { activities: Activity[]; watermark: string };
    return { ...body, bytes: r.bytes };
  }
  return { id, token, post, say, read };
}

describe('the size of what is posted', () => {
  beforeEach(() => start());

  it('40 activities of 250 KB: each refused with 413 and a fixed body, nothing stored, the file does not grow', async () => {
    const chat = await open();
    const before = (await chat.read()).activities.length;
    const pages = () => app.clerk.db.pragma('page_count', { simple: true }) as number;
    const pagesBefore = pages();
    const huge = JSON.stringify({ type: 'message', from: { id: 'c' }, text: 'x'.repeat(250_000) });
    for (let i = 0; i < 40; i++) {
      const r = await call('POST', `/conversations/${chat.id}/activities`, chat.token, huge);
      expect({ status: r.status, body: JSON.parse(r.text) }).toEqual({
        status: 413,
        body: { code: 413, message: 'Request body too large' },
      });
    }
    expect((await chat.read()).activities.length).toBe(before);
    expect(pages() - pagesBefore).toBeLessThan(5);
  });

  it('a long message under the body limit: only what the clerk reads is kept, and the citizen is asked to shorten it', async () => {
    const chat = await open();
    const r = await chat.post({
      type: 'message',
      from: { id: 'c', name: 'n'.repeat(5_000) },
      text: 'a'.repeat(50_000),
      channelData: { clientActivityID: 'web-1', padding: 'p'.repeat(5_000) },
      entities: [{ type: 'x', blob: 'b'.repeat(5_000) }],
    });
    expect(r.status).toBe(200);
    const { activities, bytes } = await chat.read();
    const echo = activities.find((a) => a.from.role === 'user')!;
    expect(echo.text!.length).toBeLessThanOrEqual(2001);
    expect(echo).toMatchObject({ channelData: { clientActivityID: 'web-1' } });
    expect(JSON.stringify(echo)).not.toMatch(/p{100}|b{100}|n{200}/);
    expect(bytes).toBeLessThan(10_000);
    expect(activities.at(-1)!.text).toContain(app.clerk.texts.t('ro', 'errors.tooLong', { max: 2000 }));
  });
});

describe('activities per conversation', () => {
  beforeEach(() => start({ ACTIVITIES_PER_CONVERSATION_PER_MINUTE: '5', ACTIVITIES_PER_CONVERSATION: '30' }));

  it('past the minute’s limit: 429 with Retry-After, the citizen told once in their language; a minute later, on', async () => {
    const chat = await open('fa-IR');
    for (let i = 0; i < 5; i++) expect((await chat.say('سلام')).status).toBe(200);
    const refused = await chat.say('سلام');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.text).not.toMatch(/Error|at /);
    expect((await chat.say('سلام')).status).toBe(429);
    const told = (await chat.read()).activities.filter(
      (a) => a.text === app.clerk.texts.t('fa', 'errors.slowDown'),
    );
    expect(told).toHaveLength(1);
    clock = new Date(clock.getTime() + 61_000);
    expect((await chat.say('سلام')).status).toBe(200);
  });

  it('past the limit in all: 429, and the citizen is told once that the conversation is full', async () => {
    const chat = await open('en-US');
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      clock = new Date(clock.getTime() + 20_000); // slow enough for the minute's limit
      status = (await chat.say('hello')).status;
    }
    expect(status).toBe(429);
    for (let i = 0; i < 3; i++) {
      clock = new Date(clock.getTime() + 20_000);
      expect((await chat.say('hello')).status).toBe(429);
    }
    const { activities } = await chat.read();
    expect(
      activities.filter((a) => a.text === app.clerk.texts.t('en', 'errors.conversationFull')),
    ).toHaveLength(1);
    expect(activities.length).toBeLessThanOrEqual(30);
  });
});

describe('reading a conversation', () => {
  beforeEach(() => start({ ACTIVITIES_PER_PAGE: '4' }));

  it('a GET returns a page at a time; following the watermark reads every activity once, in order', async () => {
    const chat = await open();
    for (const text of ['1', '2', '1', '1']) await chat.say(text);
    const seen: Activity[] = [];
    let watermark: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await chat.read(watermark);
      expect(r.activities.length).toBeLessThanOrEqual(4);
      if (r.activities.length === 0) break;
      seen.push(...r.activities);
      watermark = r.watermark;
    }
    // The greeting, then four messages and four answers.
    expect(seen).toHaveLength(9);
    expect(seen.map((a) => a.id)).toEqual([...seen.map((a) => a.id)].sort());
    expect(new Set(seen.map((a) => a.id)).size).toBe(9);
  });
});

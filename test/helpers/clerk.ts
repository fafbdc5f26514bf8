import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClerk, type Clerk, type ClerkOptions } from '../../bot/compose';
import { loadConfig } from '../../bot/config';
import { silentLogger, type Logger } from '../../bot/logger';
import { createUnderstandingFromData, type Understanding } from '../../bot/nlu';

let nlu: Promise<Understanding> | undefined;
/** The NLU trained once per test file (training is the slow part of starting a clerk). */
export function sharedNlu(): Promise<Understanding> {
  nlu ??= createUnderstandingFromData();
  return nlu;
}

/** Monday 23 November 2026, 10:00 in Cluj-Napoca. */
export const MONDAY_10AM = new Date('2026-11-23T08:00:00Z');

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civic-clerk-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningClerk {
  clerk: Clerk;
  baseUrl: string;
  dbPath: string;
  close(): Promise<void>;
}

/** A clerk on a real SQLite file, listening on 127.0.0.1 on a free port, with a fixed clock. */
export async function startClerk(options: {
  dbPath: string;
  now?: () => Date;
  env?: Record<string, string>;
  log?: Logger;
  /** Twilio's HTTP API, faked (test/helpers/fake-twilio.ts). */
  twilioHttpClient?: ClerkOptions['twilioHttpClient'];
}): Promise<RunningClerk> {
  const config = loadConfig({ DATABASE_PATH: options.dbPath, PORT: '0', ...options.env });
  const clerk = await createClerk(config, {
    now: options.now ?? (() => MONDAY_10AM),
    log: options.log ?? silentLogger,
    nlu: await sharedNlu(),
    twilioHttpClient: options.twilioHttpClient,
  });
  await new Promise<void>((resolve) => clerk.server.listen(0, '127.0.0.1', resolve));
  const { port } = clerk.server.address() as AddressInfo;
  return { clerk, baseUrl: `http://127.0.0.1:${port}`, dbPath: options.dbPath, close: () => clerk.close() };
}

export interface ChannelActivity {
  type: string;
  text?: string;
  locale?: string;
  textFormat?: string;
  suggestedActions?: { actions: { type: string; title: string; value: string }[] };
  attachments?: {
    contentType?: string;
    content?: { buttons?: { type: string; title: string; value: string }[] };
  }[];
}

/**
 * A stand-in for the Bot Framework Emulator's own server: the clerk posts its replies to
 * <serviceUrl>/v3/conversations/<id>/activities/<replyToId>, and this collects them.
 */
export async function startChannel() {
  const received = new Map<string, ChannelActivity[]>();
  /** Trace activities (the Emulator shows them in its inspector), kept apart from what the citizen sees. */
  const traces = new Map<string, ChannelActivity[]>();
  /** How long the channel takes to acknowledge each reply (to hold turns in flight). */
  const settings = { delayMs: 0 };
  /** While holding, replies are collected but not acknowledged until release(): their turns stay in flight. */
  let holding = false;
  const held: (() => void)[] = [];
  const heldWaiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = req.url?.match(/^\/v3\/conversations\/([^/]+)\/activities/);
      if (req.method === 'POST' && match) {
        const conversation = decodeURIComponent(match[1]);
        const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChannelActivity;
        const box = activity.type === 'trace' ? traces : received;
        if (!box.has(conversation)) box.set(conversation, []);
        box.get(conversation)!.push(activity);
        const acknowledge = () => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ id: `r${Date.now()}` }));
        };
        if (holding && activity.type !== 'trace') {
          held.push(acknowledge);
          for (const w of heldWaiters.filter((w) => held.length >= w.count)) {
            heldWaiters.splice(heldWaiters.indexOf(w), 1);
            w.resolve();
          }
        } else setTimeout(acknowledge, settings.delayMs);
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    settings,
    serviceUrl: `http://127.0.0.1:${port}`,
    /** Takes the replies received so far for a conversation. */
    take(conversation: string): ChannelActivity[] {
      const list = received.get(conversation) ?? [];
      received.set(conversation, []);
      return list;
    },
    /** Takes the trace activities received so far for a conversation. */
    takeTraces(conversation: string): ChannelActivity[] {
      const list = traces.get(conversation) ?? [];
      traces.set(conversation, []);
      return list;
    },
    /** From now on, replies are received but not acknowledged (their turns wait) until release(). */
    hold() {
      holding = true;
    },
    /** Resolves once this many replies are held, unacknowledged: that many turns are in flight. */
    whenHolding(count: number): Promise<void> {
      if (held.length >= count) return Promise.resolve();
      return new Promise((resolve) => heldWaiters.push({ count, resolve }));
    },
    /** Acknowledges every held reply, and stops holding. */
    release() {
      holding = false;
      for (const acknowledge of held.splice(0)) acknowledge();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const acknowledge of held.splice(0)) acknowledge();
        server.close(() => resolve());
        // Keep-alive connections from the clerk would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

let sequence = 0;

/** A citizen talking to the clerk over /api/messages the way the Emulator does. */
export function citizen(
  baseUrl: string,
  channel: Awaited<ReturnType<typeof startChannel>>,
  locale: string,
  id?: string,
) {
  const conversation = id ?? `conv-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2)}`;
  async function post(
    activity: Record<string, unknown>,
  ): Promise<{ status: number; replies: ChannelActivity[] }> {
    const response = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id: `a${++sequence}`,
        channelId: 'emulator',
        serviceUrl: channel.serviceUrl,
        from: { id: 'user-1', name: 'Citizen' },
        recipient: { id: 'clerk', name: 'clerk' },
        conversation: { id: conversation },
        locale,
        timestamp: new Date().toISOString(),
        ...activity,
      }),
    });
    await response.arrayBuffer();
    return { status: response.status, replies: channel.take(conversation) };
  }
  return {
    conversation,
    post,
    async start() {
      return (await post({ type: 'conversationUpdate', membersAdded: [{ id: 'user-1' }, { id: 'clerk' }] }))
        .replies;
    },
    async say(text: string) {
      return (await post({ type: 'message', text })).replies;
    },
  };
}

/** All reply texts of a turn, joined, for assertions. */
/** The named links of the replies (the calendar invite's button): its label and where it opens. */
export const linksOf = (replies: ChannelActivity[]) =>
  replies.flatMap((r) => (r.attachments ?? []).flatMap((a) => a.content?.buttons ?? []));
/** What the citizen reads: the texts, and each named link as "label: url". */
export const textOf = (replies: ChannelActivity[]) =>
  [...replies.map((r) => r.text ?? ''), ...linksOf(replies).map((b) => `${b.title}: ${b.value}`)].join('\n');
export const buttonsOf = (replies: ChannelActivity[]) =>
  replies.flatMap((r) => r.suggestedActions?.actions.map((a) => a.title) ?? []);

/**
 * Registers the hooks of an end-to-end test file: one channel for the file, and for each test a clerk on a
 * fresh SQLite file in a temporary folder, closed and removed afterwards. Fields are set by the hooks.
 */
export function clerkPerTest(options: { log?: () => Logger; env?: Record<string, string> } = {}) {
  const ctx = {} as {
    channel: Awaited<ReturnType<typeof startChannel>>;
    app: RunningClerk;
    tmp: ReturnType<typeof tempDir>;
  };
  beforeAll(async () => {
    ctx.channel = await startChannel();
  });
  afterAll(async () => {
    await ctx.channel?.close();
  });
  beforeEach(async () => {
    ctx.tmp = tempDir();
    ctx.app = await startClerk({ dbPath: `${ctx.tmp.dir}/clerk.db`, log: options.log?.(), env: options.env });
  });
  afterEach(async () => {
    try {
      await ctx.app?.close();
    } finally {
      ctx.tmp?.remove();
    }
  });
  return ctx;
}

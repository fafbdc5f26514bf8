/**
 * One citizen's turn on each public endpoint, as that channel's client sends it: the Emulator's protocol
 * (`POST /api/messages`, replies posted back to a stand-in channel server), the self-hosted Direct Line
 * (`/v3/directline`), and Twilio's signed SMS webhook (`POST /api/twilio`). Each can also start a new
 * conversation where another one is (its saved state copied in the real store), so that every generated
 * text meets the question afresh and a failing one shrinks on the same state.
 */
import twilio from 'twilio';
import type { Lang } from '../../dialogs/municipality';
import type { ConversationRecord } from '../../bot/store/conversation-store';
import { type ChannelActivity, type RunningClerk, type startChannel } from '../helpers/clerk';
import { LOCALE } from '../helpers/conversation';
import { asUtf8 } from './hostile-text';

/** What a turn gave back, as the channel's client sees it. */
export interface TurnSeen {
  status: number;
  /** The texts the citizen is shown (one per activity or SMS). */
  texts: string[];
  /** The locale of the reply activity, where the channel has one. */
  locale?: string;
  /** The Emulator's trace of the turn (`civic-clerk.turn`): the dialog's state before and after. */
  trace?: { from: string; to: string };
  /** What else the channel demands of a good answer, broken (e.g. a reply that is not a reply to it). */
  problems: string[];
}

export interface Conversation {
  /** The engine's id of the conversation (the store's key). */
  id: string;
  lang: Lang;
  say(text: string): Promise<TurnSeen>;
}

export interface ChannelDriver {
  name: string;
  /** The sender's number is the citizen's phone: the clerk does not ask for it. */
  knowsPhone: boolean;
  /** A new conversation, greeted and at the menu, in `lang`. */
  open(lang: Lang): Promise<Conversation>;
  /** A new conversation where `template` is now. */
  fork(template: Conversation): Promise<Conversation>;
}

let sequence = 0;
const nextId = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

/** Copies a conversation's saved state (dialog and language) under another id, as the real store keeps it. */
async function copyState(app: RunningClerk, from: string, to: string, channel: string, now: Date) {
  const record = await app.clerk.conversations.load(from);
  if (!record) throw new Error(`no saved conversation ${from}`);
  const copy: ConversationRecord = {
    id: to,
    channel,
    lang: record.lang,
    snapshot: record.snapshot,
    dialogVersion: record.dialogVersion,
  };
  await app.clerk.conversations.save(copy, now);
}

type Trace = ChannelActivity & { name?: string; value?: { from: string; to: string } };

export function emulatorDriver(
  app: () => RunningClerk,
  channel: () => Awaited<ReturnType<typeof startChannel>>,
  now: Date,
): ChannelDriver {
  function conversation(conversationId: string, lang: Lang): Conversation {
    return {
      id: `emulator:${conversationId}`,
      lang,
      async say(text) {
        const response = await fetch(`${app().baseUrl}/api/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            id: nextId('a'),
            channelId: 'emulator',
            serviceUrl: channel().serviceUrl,
            from: { id: 'citizen', name: 'Citizen' },
            recipient: { id: 'clerk', name: 'clerk' },
            conversation: { id: conversationId },
            locale: LOCALE[lang],
            timestamp: now.toISOString(),
            text,
          }),
        });
        await response.arrayBuffer();
        const replies = channel().take(conversationId);
        const traces = (channel().takeTraces(conversationId) as Trace[]).filter(
          (t) => t.name === 'civic-clerk.turn',
        );
        const problems: string[] = [];
        if (replies.length !== 1) problems.push(`${replies.length} reply activities, not one`);
        if (traces.length !== 1) problems.push(`${traces.length} civic-clerk.turn traces, not one`);
        return {
          status: response.status,
          texts: replies.map((r) => r.text ?? ''),
          locale: replies[0]?.locale,
          trace: traces[0]?.value,
          problems,
        };
      },
    };
  }
  return {
    name: 'Emulator',
    knowsPhone: false,
    async open(lang) {
      const id = nextId('conv');
      const response = await fetch(`${app().baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'conversationUpdate',
          id: nextId('a'),
          channelId: 'emulator',
          serviceUrl: channel().serviceUrl,
          from: { id: 'citizen' },
          recipient: { id: 'clerk' },
          conversation: { id },
          locale: LOCALE[lang],
          membersAdded: [{ id: 'citizen' }, { id: 'clerk' }],
        }),
      });
      await response.arrayBuffer();
      channel().take(id);
      channel().takeTraces(id);
      return conversation(id, lang);
    },
    async fork(template) {
      const id = nextId('conv');
      await copyState(app(), template.id, `emulator:${id}`, 'emulator', now);
      return conversation(id, template.lang);
    },
  };
}

interface DirectLineActivity {
  id: string;
  type: string;
  text?: string;
  locale?: string;
  replyToId?: string;
  from: { role?: string };
}

export function directLineDriver(app: () => RunningClerk, now: Date): ChannelDriver {
  async function call(method: string, path: string, token?: string, body?: unknown) {
    const response = await fetch(`${app().baseUrl}/v3/directline${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  /** A token for a new conversation; `before` runs before Web Chat starts it (to copy a state in). */
  async function start(lang: Lang, before?: (engineId: string) => Promise<void>): Promise<Conversation> {
    const generated = await call('POST', '/tokens/generate', undefined, { locale: LOCALE[lang] });
    const token = String(generated.body.token);
    const id = String(generated.body.conversationId);
    await before?.(`webchat:${id}`);
    const started = await call('POST', '/conversations', token);
    if (started.status !== 201) throw new Error(`Direct Line start answered ${started.status}`);
    let watermark = String((await call('GET', `/conversations/${id}/activities`, token)).body.watermark);
    return {
      id: `webchat:${id}`,
      lang,
      async say(text) {
        const posted = await call('POST', `/conversations/${id}/activities`, token, {
          type: 'message',
          from: { id: 'citizen' },
          locale: LOCALE[lang],
          text,
          channelData: { clientActivityID: nextId('client') },
        });
        const page = await call('GET', `/conversations/${id}/activities?watermark=${watermark}`, token);
        watermark = String(page.body.watermark);
        const activities = (page.body.activities ?? []) as DirectLineActivity[];
        const replies = activities.filter((a) => a.from.role === 'bot' && a.type === 'message');
        const problems: string[] = [];
        if (page.status !== 200) problems.push(`reading the activities answered ${page.status}`);
        if (replies.length !== 1 || replies[0].replyToId !== posted.body.id)
          problems.push(`${replies.length} bot activities, not one reply to the message`);
        return {
          status: posted.status,
          texts: replies.map((r) => r.text ?? ''),
          locale: replies[0]?.locale,
          problems,
        };
      },
    };
  }
  return {
    name: 'Direct Line',
    knowsPhone: false,
    open: (lang) => start(lang),
    fork: (template) =>
      start(template.lang, (engineId) => copyState(app(), template.id, engineId, 'webchat', now)),
  };
}

/** Twilio's webhook signed with the clerk's auth token for its public address, as Twilio sends it. */
export function smsDriver(
  app: () => RunningClerk,
  auth: { token: string; publicUrl: string },
  now: Date,
): ChannelDriver {
  const numbers = { next: 1_000_000 };
  function conversation(phone: string, lang: Lang): Conversation {
    return {
      id: `sms:${phone}`,
      lang,
      async say(text) {
        const params = {
          MessageSid: `SM${nextId('p').replace(/\D/g, '').padStart(32, '0')}`,
          AccountSid: `AC${'0'.repeat(32)}`,
          From: phone,
          To: '+40700000001',
          Body: asUtf8(text),
          NumMedia: '0',
        };
        const signature = twilio.getExpectedTwilioSignature(
          auth.token,
          `${auth.publicUrl}/api/twilio`,
          params,
        );
        const response = await fetch(`${app().baseUrl}/api/twilio`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
          body: new URLSearchParams(params),
        });
        const body = await response.text();
        const problems: string[] = [];
        if (!(response.headers.get('content-type') ?? '').includes('text/xml'))
          problems.push(`content type ${response.headers.get('content-type')}, not TwiML`);
        const texts = [...body.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
          m[1]
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&apos;/g, "'")
            .replace(/&amp;/g, '&'),
        );
        return { status: response.status, texts, problems };
      },
    };
  }
  /** What a citizen texts first to be answered in their language (a message naming it switches to it). */
  const opening: Record<Lang, string> = { ro: 'Română', fa: 'فارسی', en: 'English' };
  const newNumber = () => `+4072${String(++numbers.next).padStart(7, '0')}`;
  return {
    name: 'SMS',
    knowsPhone: true,
    async open(lang) {
      const c = conversation(newNumber(), lang);
      const first = await c.say(opening[lang]);
      if (first.status !== 200) throw new Error(`the webhook answered ${first.status}`);
      return c;
    },
    async fork(template) {
      const phone = newNumber();
      await copyState(app(), template.id, `sms:${phone}`, 'sms', now);
      return conversation(phone, template.lang);
    },
  };
}

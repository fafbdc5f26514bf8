import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage as HttpRequest, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Response, Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Lang, Municipality } from '../../dialogs/municipality';
import type { Texts } from '../i18n';
import { languageFromLocale } from '../language';
import { linkCards } from './link-cards';
import type { Logger } from '../logger';
import type { ConversationStore } from '../store/conversation-store';
import type { DirectLineStore } from '../store/directline-store';
import { isStoreUnavailable, STORE_RETRY_AFTER_SECONDS } from '../store/unavailable';
import { rateWindow } from '../rate-window';
import type { OutgoingReply, TurnEngine } from '../turn-engine';
import { keptOfCitizenActivity } from './directline-echo';
import { sendError } from './http-errors';
import type { Relay } from '../desk/relay';
import { staffText } from './staff-message';

export interface DirectLineDeps {
  city: Municipality;
  engine: TurnEngine;
  texts: Texts;
  store: DirectLineStore;
  /** The conversation's language, for what the channel itself tells the citizen (limits, an unavailable store). */
  conversations: Pick<ConversationStore, 'load'>;
  now: () => Date;
  log: Logger;
  /** How long a token lives, in seconds (Direct Line's own: 30 minutes); refreshed by Web Chat before then. */
  tokenSeconds?: number;
  limits: {
    /** New conversations a minute, per client address and in all (a script minting conversations is refused). */
    perAddressPerMinute: number;
    perMinute: number;
    /** Activities a citizen may post to one conversation a minute, and activities one conversation may hold. */
    activitiesPerMinute: number;
    activitiesInAll: number;
    /** The most activities one GET (or the stream's catch-up) returns; the client pages on by watermark. */
    pageSize: number;
  };
  /** Behind a reverse proxy: the client's address is the first of X-Forwarded-For (else the socket's). */
  trustProxy: boolean;
  /** Where the desk's messages to a citizen go: this channel registers how it reaches its conversations. */
  relay: Relay;
}

interface TokenClaims {
  /** Conversation id. */
  c: string;
  /** Expiry, seconds since the epoch. */
  e: number;
  /** The language the page asked for. */
  l?: string;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const PREFIX = '/v3/directline';
const BOT = { id: 'civic-clerk', role: 'bot' };

/** A Direct Line error: the protocol's shape, with a fixed text. */
function refuse(res: Response, status: number, code: string, message: string, retryAfter?: number) {
  if (retryAfter !== undefined) res.header('Retry-After', String(retryAfter));
  res.send(status, { error: { code, message } });
}
const unavailable = (res: Response) =>
  refuse(res, 503, 'ServiceUnavailable', 'Service unavailable; try again later', STORE_RETRY_AFTER_SECONDS);

/**
 * A self-hosted subset of Direct Line 3.0 (what Bot Framework Web Chat uses): tokens, conversations, posting
 * activities, reading them from a watermark, and a WebSocket stream. Tokens are per conversation, signed
 * with HMAC-SHA256, expire, and can be refreshed; a token opens its own conversation only. Behind it is the
 * same turn engine and store as every other channel; replies keep their suggested actions.
 */
export function registerDirectLine(server: Server, deps: DirectLineDeps): { closeStreams(): void } {
  const { store, log } = deps;
  const ttl = deps.tokenSeconds ?? 1800;
  const sockets = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ noServer: true });

  function sign(claims: TokenClaims): string {
    const payload = b64(JSON.stringify(claims));
    return `${payload}.${b64(createHmac('sha256', store.secret()).update(payload).digest())}`;
  }

  function verify(token: string | undefined): TokenClaims | undefined {
    if (!token) return undefined;
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return undefined;
    const expected = createHmac('sha256', store.secret()).update(payload).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
      return claims.e * 1000 > deps.now().getTime() ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  const issue = (conversationId: string, locale?: string) => {
    const claims: TokenClaims = {
      c: conversationId,
      e: Math.floor(deps.now().getTime() / 1000) + ttl,
      l: locale,
    };
    return { conversationId, token: sign(claims), expires_in: ttl };
  };

  /** A query parameter (restify's query parser is not used: one parameter is all these routes read). */
  const query = (req: Request, name: string) =>
    new URL(req.url ?? '/', 'http://localhost').searchParams.get(name) ?? undefined;
  const bearer = (req: Request) => /^Bearer\s+(.+)$/i.exec(req.header('Authorization') ?? '')?.[1];

  /** The token's claims, if it is valid and (when a conversation is named) for that conversation. */
  function authorise(req: Request, res: Response, conversationId?: string): TokenClaims | undefined {
    const claims = verify(bearer(req));
    if (!claims || (conversationId !== undefined && claims.c !== conversationId)) {
      refuse(res, 403, 'TokenInvalid', 'Token invalid, expired, or for another conversation');
      return undefined;
    }
    return claims;
  }

  function streamUrl(req: Request, conversationId: string, token: string, watermark?: string): string {
    const proto = req.header('X-Forwarded-Proto') === 'https' ? 'wss' : 'ws';
    const query = new URLSearchParams({ t: token, ...(watermark ? { watermark } : {}) });
    return `${proto}://${req.header('Host')}${PREFIX}/conversations/${conversationId}/stream?${query}`;
  }

  /** Hands an activity to the streams open on the conversation; one not stored has no watermark. */
  async function publish(conversationId: string, activity: Record<string, unknown>, seq?: number) {
    const message = JSON.stringify({ activities: [activity], ...(seq ? { watermark: String(seq) } : {}) });
    for (const socket of sockets.get(conversationId) ?? [])
      if (socket.readyState === socket.OPEN) socket.send(message);
  }

  /** What the channel itself says to the citizen (limits, an unavailable store), in the conversation's language. */
  async function notice(conversationId: string, locale: string | undefined, key: string) {
    let lang: Lang | undefined;
    try {
      lang = (await deps.conversations.load(`webchat:${conversationId}`))?.lang;
    } catch {
      // The store is unavailable: the page's language will do.
    }
    lang ??= languageFromLocale(locale) ?? deps.city.defaultLanguage;
    const text = deps.texts.t(lang, key);
    return Object.assign(replyActivity(conversationId, lang, [{ text, choices: [] }]), { text });
  }

  /** Stores an activity, hands it to the sockets open on the conversation, and returns it. */
  async function record(conversationId: string, build: (id: string, seq: number) => Record<string, unknown>) {
    let position = 0;
    const activity = await store.append(conversationId, (seq) => {
      position = seq;
      return build(`${conversationId}|${String(seq).padStart(7, '0')}`, seq);
    });
    await publish(conversationId, activity, position);
    return activity;
  }

  function replyActivity(conversationId: string, lang: string, replies: OutgoingReply[], replyToId?: string) {
    const text = replies.map((r) => r.text).join('\n\n');
    const choices = replies.length > 0 ? replies[replies.length - 1].choices : [];
    return (id: string) => ({
      type: 'message',
      id,
      channelId: 'directline',
      conversation: { id: conversationId },
      from: { ...BOT, name: deps.city.name[languageFromLocale(lang) ?? deps.city.defaultLanguage] },
      timestamp: deps.now().toISOString(),
      locale: lang,
      textFormat: 'plain',
      text,
      ...(replyToId ? { replyToId } : {}),
      ...(replies.some((r) => r.link) ? { attachments: linkCards(replies) } : {}),
      ...(choices.length > 0
        ? {
            suggestedActions: {
              actions: choices.map((c) => ({ type: 'imBack', title: c.label, value: c.label })),
            },
          }
        : {}),
    });
  }

  /** Runs a turn of the clerk and records its answer. */
  async function turn(
    conversationId: string,
    message: Parameters<TurnEngine['handle']>[0],
    replyToId?: string,
  ) {
    const result = await deps.engine.handle(message);
    if (result.replies.length === 0) return;
    await record(conversationId, replyActivity(conversationId, result.lang, result.replies, replyToId));
  }

  const started = async (conversationId: string, locale?: string) => {
    if (await store.exists(conversationId)) return;
    await turn(conversationId, {
      conversationId: `webchat:${conversationId}`,
      channel: 'webchat',
      kind: 'start',
      locale,
    });
  };

  const allowed = rateWindow();
  const posting = rateWindow();
  /**
   * Who asks: the socket's address, or behind a trusted proxy the last address of X-Forwarded-For — the one the
   * proxy appended; what comes before it is the client's to write.
   */
  const clientAddress = (req: Request): string => {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
    return (deps.trustProxy && last) || req.socket.remoteAddress || 'unknown';
  };

  server.post(`${PREFIX}/tokens/generate`, async (req: Request, res: Response) => {
    const now = deps.now().getTime();
    // The address first, and the total only for what the address may send: an address past its own limit
    // must not use up everyone's.
    const own = allowed(`a:${clientAddress(req)}`, deps.limits.perAddressPerMinute, now);
    const verdict = own.ok ? allowed('all', deps.limits.perMinute, now) : own;
    if (!verdict.ok) {
      // Refused without its address in the log (an address is personal data).
      log.warn('directline.rate_limited', { what: 'conversations' });
      sendError(res, 429, verdict.retryAfter);
      return;
    }
    const body = (req.body ?? {}) as { locale?: unknown };
    const locale =
      typeof body.locale === 'string' && languageFromLocale(body.locale) ? body.locale : undefined;
    res.send(200, issue(b64(randomBytes(18)), locale));
  });

  server.post(`${PREFIX}/tokens/refresh`, async (req: Request, res: Response) => {
    const claims = authorise(req, res);
    if (claims) res.send(200, issue(claims.c, claims.l));
  });

  server.post(`${PREFIX}/conversations`, async (req: Request, res: Response) => {
    const claims = authorise(req, res);
    if (!claims) return;
    await started(claims.c, claims.l);
    const token = bearer(req)!;
    res.send(201, {
      conversationId: claims.c,
      token,
      expires_in: ttl,
      streamUrl: streamUrl(req, claims.c, token),
    });
  });

  server.get(`${PREFIX}/conversations/:id`, async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const claims = authorise(req, res, id);
    if (!claims) return;
    // Web Chat given a conversation id (a reload, or a token made for it) resumes here rather than starting.
    await started(id, claims.l);
    const token = bearer(req)!;
    const watermark = query(req, 'watermark');
    res.send(200, {
      conversationId: id,
      token,
      expires_in: ttl,
      streamUrl: streamUrl(req, id, token, watermark),
    });
  });

  server.get(`${PREFIX}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!authorise(req, res, id)) return;
    const watermark = Number(query(req, 'watermark') ?? 0);
    const from = Number.isFinite(watermark) && watermark > 0 ? watermark : 0;
    const page = await store.since(id, from, deps.limits.pageSize);
    res.send(200, { activities: page.activities, watermark: String(page.watermark) });
  });

  server.post(`${PREFIX}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const claims = authorise(req, res, id);
    if (!claims) return;
    const incoming = (req.body ?? {}) as Record<string, unknown>;
    if (typeof incoming !== 'object' || typeof incoming.type !== 'string' || !incoming.type) {
      refuse(res, 400, 'BadArgument', 'An activity needs a type');
      return;
    }
    const locale = typeof incoming.locale === 'string' ? incoming.locale : claims.l;
    try {
      if (!(await withinLimits(id, locale, res))) return;
      await started(id, claims.l);
      // Direct Line echoes the citizen's own activity, keeping the client's channelData (Web Chat matches it).
      const echo = await record(id, (activityId) => ({
        ...keptOfCitizenActivity(incoming),
        id: activityId,
        channelId: 'directline',
        conversation: { id },
        timestamp: deps.now().toISOString(),
      }));
      // The answer is recorded (and streamed) before the post returns: once Web Chat sees its message sent,
      // the clerk's reply is already in the conversation.
      if (incoming.type === 'message') {
        await turn(
          id,
          {
            conversationId: `webchat:${id}`,
            channel: 'webchat',
            kind: 'message',
            text: typeof incoming.text === 'string' ? incoming.text : undefined,
            locale,
            hasAttachments: Array.isArray(incoming.attachments) && incoming.attachments.length > 0,
          },
          String(echo.id),
        );
      }
      res.send(200, { id: echo.id });
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      log.error('directline.store_unavailable', { code: (error as { code?: string }).code });
      // Nothing can be stored: the sentence goes to the open streams only, and the client may send again.
      const sorry = await notice(id, locale, 'errors.unavailable');
      void publish(id, sorry(`${id}|unavailable-${deps.now().getTime()}`));
      unavailable(res);
    }
  });

  /**
   * A conversation takes so many activities a minute, and so many in all. Past either, 429 with Retry-After,
   * and the citizen is told once, in their language, in the conversation itself (stored, so it is bounded too:
   * once per window, and once at the end).
   */
  async function withinLimits(id: string, locale: string | undefined, res: Response): Promise<boolean> {
    const count = await store.count(id);
    // A post takes two places (its echo and the answer); the last place is kept for telling the citizen.
    if (count + 3 > deps.limits.activitiesInAll) {
      log.warn('directline.rate_limited', { what: 'conversation full' });
      const full = await notice(id, locale, 'errors.conversationFull');
      const last = (await store.since(id, count - 1, 1)).activities[0];
      if (count < deps.limits.activitiesInAll && last?.text !== full.text) await record(id, full);
      refuse(res, 429, 'TooManyRequests', 'This conversation is full; start a new one', 3600);
      return false;
    }
    const verdict = posting(`c:${id}`, deps.limits.activitiesPerMinute, deps.now().getTime());
    if (verdict.ok) return true;
    log.warn('directline.rate_limited', { what: 'activities', first: verdict.first });
    if (verdict.first) await record(id, await notice(id, locale, 'errors.slowDown'));
    refuse(res, 429, 'TooManyRequests', 'Too many requests', verdict.retryAfter);
    return false;
  }

  /** Everything after the watermark, a page at a time (a conversation holds a bounded number). */
  async function catchUp(ws: WebSocket, id: string, watermark: number) {
    for (let from = watermark; ws.readyState === ws.OPEN;) {
      const page = await store.since(id, from, deps.limits.pageSize);
      if (page.activities.length === 0) return;
      ws.send(JSON.stringify({ activities: page.activities, watermark: String(page.watermark) }));
      from = page.watermark;
    }
  }

  /** The WebSocket stream (`streamUrl`): everything after the watermark, then each new activity. */
  function upgrade(req: HttpRequest, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = new RegExp(`^${PREFIX}/conversations/([^/]+)/stream$`).exec(url.pathname);
    if (!match) return;
    const id = decodeURIComponent(match[1]);
    const claims = verify(url.searchParams.get('t') ?? undefined);
    if (!claims || claims.c !== id) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!sockets.has(id)) sockets.set(id, new Set());
      sockets.get(id)!.add(ws);
      ws.on('close', () => {
        sockets.get(id)?.delete(ws);
        if (sockets.get(id)?.size === 0) sockets.delete(id);
      });
      const watermark = Number(url.searchParams.get('watermark') ?? 0);
      void catchUp(ws, id, Number.isFinite(watermark) ? watermark : 0).catch((error: unknown) =>
        log.error('directline.stream_failed', { error: error instanceof Error ? error.name : 'unknown' }),
      );
    });
  }

  /**
   * The desk's messages: recorded and streamed like the clerk's, from a sender named after the person, so Web
   * Chat shows them at once and the page's history keeps them.
   */
  deps.relay.register('webchat', async (conversationId, message) => {
    const id = conversationId.replace(/^webchat:/, '');
    if (id === conversationId || !(await store.exists(id))) return false;
    const text = staffText(deps.texts, deps.city, message);
    await record(id, (activityId) => ({
      type: 'message',
      id: activityId,
      channelId: 'directline',
      conversation: { id },
      from: message.firstName
        ? { id: 'civic-clerk-staff', name: message.firstName, role: 'bot' }
        : { ...BOT, name: deps.city.name[message.lang] },
      timestamp: deps.now().toISOString(),
      locale: message.lang,
      textFormat: 'plain',
      text,
    }));
    return true;
  });

  (server.server as HttpServer).on('upgrade', upgrade);
  return {
    /** On shutdown: streams are long-lived and would keep the server open; Web Chat reconnects elsewhere. */
    closeStreams() {
      for (const set of sockets.values()) for (const ws of set) ws.close(1001, 'server stopping');
      wss.close();
    },
  };
}

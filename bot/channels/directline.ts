import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage as HttpRequest, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Response, Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Municipality } from '../../dialogs/municipality';
import { languageFromLocale } from '../language';
import type { Logger } from '../logger';
import type { DirectLineStore } from '../store/directline-store';
import { rateWindow } from '../rate-window';
import type { OutgoingReply, TurnEngine } from '../turn-engine';

export interface DirectLineDeps {
  city: Municipality;
  engine: TurnEngine;
  store: DirectLineStore;
  now: () => Date;
  log: Logger;
  /** How long a token lives, in seconds (Direct Line's own: 30 minutes); refreshed by Web Chat before then. */
  tokenSeconds?: number;
  /** New conversations a minute, per client address and in all (a script minting conversations is refused). */
  limits: { perAddressPerMinute: number; perMinute: number };
  /** Behind a reverse proxy: the client's address is the first of X-Forwarded-For (else the socket's). */
  trustProxy: boolean;
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
      res.send(403, {
        error: { code: 'TokenInvalid', message: 'Token invalid, expired, or for another conversation' },
      });
      return undefined;
    }
    return claims;
  }

  function streamUrl(req: Request, conversationId: string, token: string, watermark?: string): string {
    const proto = req.header('X-Forwarded-Proto') === 'https' ? 'wss' : 'ws';
    const query = new URLSearchParams({ t: token, ...(watermark ? { watermark } : {}) });
    return `${proto}://${req.header('Host')}${PREFIX}/conversations/${conversationId}/stream?${query}`;
  }

  async function publish(conversationId: string, activity: Record<string, unknown>, seq: number) {
    const message = JSON.stringify({ activities: [activity], watermark: String(seq) });
    for (const socket of sockets.get(conversationId) ?? [])
      if (socket.readyState === socket.OPEN) socket.send(message);
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
  /** Who asks: the socket's address, or behind a trusted proxy the first address it forwarded. */
  const clientAddress = (req: Request): string => {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    return (deps.trustProxy && first) || req.socket.remoteAddress || 'unknown';
  };

  server.post(`${PREFIX}/tokens/generate`, async (req: Request, res: Response) => {
    const now = deps.now().getTime();
    if (
      !allowed(`a:${clientAddress(req)}`, deps.limits.perAddressPerMinute, now) ||
      !allowed('all', deps.limits.perMinute, now)
    ) {
      // Refused without its address in the log (an address is personal data).
      log.warn('directline.rate_limited', {});
      res.header('Retry-After', '60');
      res.send(429, { code: 429, message: 'Too many requests' });
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
    const page = await store.since(id, Number.isFinite(watermark) && watermark > 0 ? watermark : 0);
    res.send(200, { activities: page.activities, watermark: String(page.watermark) });
  });

  server.post(`${PREFIX}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const claims = authorise(req, res, id);
    if (!claims) return;
    const incoming = (req.body ?? {}) as Record<string, unknown>;
    if (typeof incoming.type !== 'string') {
      res.send(400, { error: { code: 'BadArgument', message: 'An activity needs a type' } });
      return;
    }
    await started(id, claims.l);
    // Direct Line echoes the citizen's own activity, keeping the client's channelData (Web Chat matches it).
    const echo = await record(id, (activityId) => ({
      ...incoming,
      id: activityId,
      channelId: 'directline',
      conversation: { id },
      from: { ...((incoming.from as object) ?? {}), role: 'user' },
      timestamp: deps.now().toISOString(),
    }));
    // The answer is recorded (and streamed) before the post returns: once Web Chat sees its message sent,
    // the clerk's reply is already in the conversation.
    if (incoming.type === 'message') {
      const value = incoming.value as { choice?: unknown } | undefined;
      await turn(
        id,
        {
          conversationId: `webchat:${id}`,
          channel: 'webchat',
          kind: 'message',
          text: typeof incoming.text === 'string' ? incoming.text : undefined,
          choice: typeof value?.choice === 'string' ? value.choice : undefined,
          locale: typeof incoming.locale === 'string' ? incoming.locale : claims.l,
          hasAttachments: Array.isArray(incoming.attachments) && incoming.attachments.length > 0,
        },
        String(echo.id),
      ).catch((error: unknown) => log.error('directline.turn_failed', { error: String(error) }));
    }
    res.send(200, { id: echo.id });
  });

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
      void store.since(id, Number.isFinite(watermark) ? watermark : 0).then((page) => {
        if (page.activities.length > 0)
          ws.send(JSON.stringify({ activities: page.activities, watermark: String(page.watermark) }));
      });
    });
  }

  (server.server as HttpServer).on('upgrade', upgrade);
  return {
    /** On shutdown: streams are long-lived and would keep the server open; Web Chat reconnects elsewhere. */
    closeStreams() {
      for (const set of sockets.values()) for (const ws of set) ws.close(1001, 'server stopping');
      wss.close();
    },
  };
}

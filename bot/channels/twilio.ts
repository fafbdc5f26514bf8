import type { Request, Response, Server } from 'restify';
import twilio from 'twilio';
import type { Lang, Municipality } from '../../dialogs/municipality';
import { maskPhone } from '../../dialogs/rules/phone';
import { fold } from '../../dialogs/text/normalize';
import { everyLanguage, type Texts } from '../i18n';
import { detectLanguage } from '../language';
import type { Logger } from '../logger';
import { createSerialQueue } from '../serial-queue';
import { smsCost, smsPlain, splitForSms } from '../notify/sms-segments';
import type { ConversationStore } from '../store/conversation-store';
import type { OutboxStore } from '../store/outbox-store';
import type { SmsStore } from '../store/sms-store';
import type { TurnEngine } from '../turn-engine';
import { rateWindow } from '../rate-window';
import { isStoreUnavailable } from '../store/unavailable';
import { renderPlain } from './plain-text';
import type { Relay } from '../desk/relay';
import { staffText } from './staff-message';

export interface TwilioChannelDeps {
  city: Municipality;
  engine: TurnEngine;
  texts: Texts;
  sms: SmsStore;
  outbox: OutboxStore;
  conversations: ConversationStore;
  /** Checks X-Twilio-Signature; empty: every webhook is refused. */
  authToken: string;
  /** The address Twilio calls (behind a proxy, not the Host header): signatures are computed on it. */
  publicBaseUrl: string;
  limits: { perNumberPerMinute: number; perMinute: number };
  now: () => Date;
  log: Logger;
  /** Where the desk's messages to a citizen go: this channel registers how it reaches its conversations. */
  relay: Relay;
}

const xml = (res: Response, body: string) =>
  res.sendRaw(200, body, { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' });

/**
 * SMS and WhatsApp through Twilio: `POST /api/twilio` takes the messaging webhook, checks its
 * signature, handles each MessageSid once, and answers with TwiML — the same dialogs as every channel,
 * rendered as numbered plain text and split into messages of a few segments. `POST /api/twilio/status`
 * records delivery statuses of what the outbox sent.
 */
export function registerTwilioRoutes(server: Server, deps: TwilioChannelDeps): void {
  const { log, texts } = deps;
  /**
   * Opt-out, opt-in and help keywords (a whole message, any case): Twilio's own and carriers' in the English
   * pack, their equivalents in each language's (`words.sms`), understood whatever the conversation's language.
   */
  const keyword = (key: string) => new Set(everyLanguage(texts, key).map(fold));
  const STOP_WORDS = keyword('words.sms.stop');
  const START_WORDS = keyword('words.sms.start');
  const HELP_WORDS = keyword('words.sms.help');
  const allowed = rateWindow();
  /** One webhook at a time per number: a redelivery waits for the first delivery and gets its reply. */
  const queue = createSerialQueue();

  function signed(req: Request): boolean {
    const signature = req.header('X-Twilio-Signature');
    if (!deps.authToken || !signature) return false;
    const params = (req.body ?? {}) as Record<string, string>;
    return twilio.validateRequest(deps.authToken, signature, `${deps.publicBaseUrl}${req.url ?? ''}`, params);
  }

  const toTwiml = (messages: string[]) => {
    const response = new twilio.twiml.MessagingResponse();
    for (const m of messages) response.message(m);
    return response.toString();
  };

  /**
   * A turn within the limits per number and in all. Past the number's limit the citizen is told once, in their
   * language, to wait a minute; further messages in the same minute get no reply, so an auto-responder
   * answering the clerk is cut off rather than answered for ever. Past the limit in all, nothing is sent (it
   * protects the server, and every reply would cost an SMS).
   */
  async function limited(channel: 'sms' | 'whatsapp', phone: string, params: Record<string, string>) {
    const now = deps.now().getTime();
    const own = allowed(`n:${phone}`, deps.limits.perNumberPerMinute, now);
    if (own.ok) {
      if (allowed('all', deps.limits.perMinute, now).ok) return reply(channel, phone, params);
      log.warn('twilio.rate_limited', { what: 'all', channel });
      return [];
    }
    log.warn('twilio.rate_limited', { what: 'number', from: maskPhone(phone), channel, told: own.first });
    if (!own.first) return [];
    const lang =
      (await deps.conversations.load(`${channel}:${phone}`))?.lang ??
      detectLanguage(undefined, String(params.Body ?? '').slice(0, 200), deps.city.defaultLanguage);
    return [texts.t(lang, 'errors.slowDown')];
  }

  function refuse(req: Request, res: Response, why: string) {
    log.warn('twilio.refused', { path: req.getPath(), why });
    res.sendRaw(403, 'Forbidden', { 'Content-Type': 'text/plain' });
  }

  async function reply(
    channel: 'sms' | 'whatsapp',
    phone: string,
    params: Record<string, string>,
  ): Promise<string[]> {
    const body = typeof params.Body === 'string' ? params.Body : '';
    const conversationId = `${channel}:${phone}`;
    const word = fold(body);
    /** The language for the channel's own answers (keywords, media); a dialog turn finds it itself. */
    const language = async (): Promise<Lang> =>
      (await deps.conversations.load(conversationId))?.lang ??
      detectLanguage(undefined, body, deps.city.defaultLanguage);

    if (STOP_WORDS.has(word)) {
      const first = await deps.sms.optOut(phone, deps.now());
      log.info('twilio.opt_out', { from: maskPhone(phone), first });
      return first ? [texts.t(await language(), 'sms.optedOut')] : [];
    }
    if (START_WORDS.has(word)) {
      await deps.sms.optIn(phone);
      log.info('twilio.opt_in', { from: maskPhone(phone) });
      return [texts.t(await language(), 'sms.optedIn')];
    }
    if (HELP_WORDS.has(word)) return [texts.t(await language(), 'sms.help')];

    const notes: string[] = [];
    if (Number(params.NumMedia ?? 0) > 0) notes.push(texts.t(await language(), 'sms.mediaIgnored'));
    if (!body.trim()) return notes;
    const result = await deps.engine.handle({
      conversationId,
      channel,
      kind: 'message',
      text: body,
      senderPhone: phone,
    });
    const text = renderPlain(result.replies, result.lang, texts);
    return [...notes, ...splitForSms(text)];
  }

  server.post('/api/twilio', async (req: Request, res: Response) => {
    if (!signed(req))
      return refuse(req, res, deps.authToken ? 'bad or missing signature' : 'no TWILIO_AUTH_TOKEN');
    const params = req.body as Record<string, string>;
    const from = String(params.From ?? '');
    const sid = String(params.MessageSid ?? params.SmsSid ?? '');
    const channel = from.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    const phone = from.replace(/^whatsapp:/, '');
    if (!/^\+\d{6,15}$/.test(phone) || !sid) {
      res.sendRaw(400, 'Bad request', { 'Content-Type': 'text/plain' });
      return;
    }
    const twiml = await queue.run(phone, async () => {
      try {
        const earlier = await deps.sms.replied(sid);
        if (earlier !== undefined) {
          log.info('twilio.redelivery', { sid });
          return earlier;
        }
        const body = toTwiml(await limited(channel, phone, params));
        await deps.sms.rememberReply(sid, body, deps.now());
        return body;
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        // Twilio drops the reply of a webhook that fails and does not call it again: the citizen is told here
        // that nothing was lost, with a 200, and the message was not remembered, so a resend is a new turn.
        log.error('twilio.store_unavailable', { code: (error as { code?: string }).code, channel });
        const lang = detectLanguage(
          undefined,
          String(params.Body ?? '').slice(0, 200),
          deps.city.defaultLanguage,
        );
        return toTwiml([texts.t(lang, 'errors.unavailable')]);
      }
    });
    xml(res, twiml);
  });

  /**
   * The desk's messages go through the outbox like every message outside a reply: retried, rate-limited, and on
   * WhatsApp routed by its 24-hour window. Essential: the citizen is in a conversation with a person.
   */
  for (const channel of ['sms', 'whatsapp'] as const)
    deps.relay.register(channel, async (conversationId, message) => {
      const phone = conversationId.slice(channel.length + 1);
      if (!conversationId.startsWith(`${channel}:`) || !/^\+\d{6,15}$/.test(phone)) return false;
      const text = staffText(texts, deps.city, message);
      const now = deps.now();
      for (const part of splitForSms(channel === 'sms' ? smsPlain(text) : text))
        await deps.outbox.queue(
          {
            kind: 'staff.message',
            channel,
            to: phone,
            body: part,
            segments: smsCost(part).segments,
            essential: true,
          },
          now,
        );
      return true;
    });

  server.post('/api/twilio/status', async (req: Request, res: Response) => {
    if (!signed(req))
      return refuse(req, res, deps.authToken ? 'bad or missing signature' : 'no TWILIO_AUTH_TOKEN');
    const params = req.body as Record<string, string>;
    const sid = String(params.MessageSid ?? '');
    const status = String(params.MessageStatus ?? '');
    const known = /^[a-z-]{3,20}$/.test(status) && (await deps.outbox.recordStatus(sid, status, deps.now()));
    log.info('twilio.status', { sid, status, known });
    res.sendRaw(204, '');
  });
}

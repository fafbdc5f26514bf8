import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TextFormatTypes,
  TurnContext,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
} from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Municipality } from '../../dialogs/municipality';
import { describe } from '../../dialogs/rules/descriptions';
import type { Texts } from '../i18n';
import { detectLanguage } from '../language';
import type { Logger } from '../logger';
import { isStoreUnavailable, STORE_RETRY_AFTER_SECONDS } from '../store/unavailable';
import type { IncomingMessage, OutgoingReply, TurnEngine } from '../turn-engine';
import { incomingActivity, withDates } from './activity-schema';
import { sendError } from './http-errors';
import { linkCards } from './link-cards';
import type { Relay } from '../desk/relay';
import { staffText } from './staff-message';

export interface BotFrameworkDeps {
  city: Municipality;
  engine: TurnEngine;
  texts: Texts;
  log: Logger;
  auth: ConfigurationBotFrameworkAuthenticationOptions;
  /**
   * Without a Microsoft App ID nothing authenticates a caller, so replies go only to a serviceUrl on this
   * machine (the Emulator) unless this names others: `*`, or origins separated by commas.
   */
  allowedServiceUrls: string;
  /** Where the desk's messages to a citizen go: this channel registers how it reaches its conversations. */
  relay: Relay;
}

/** The adapter with its activity entry point open: the clerk validates the request and writes the response. */
class ClerkAdapter extends CloudAdapter {
  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const LOOPBACK_ADDRESS = /^(127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/;
/**
 * The clerk's own channels: their conversations are keyed by these names (`sms:+40…`), so an activity that
 * nothing authenticates may not claim them and so reach a citizen's SMS conversation.
 */
const OWN_CHANNELS = new Set(['sms', 'whatsapp', 'webchat']);
/** Conversation references kept for the desk's proactive messages (the oldest forgotten past this many). */
const MAX_REFERENCES = 10_000;

/**
 * `POST /api/messages`: the Bot Framework protocol (the Emulator, Azure Bot Service). The clerk checks each
 * activity's shape itself and calls the adapter's `processActivity`, so every answer is its own: 400 for a
 * malformed activity, 401 for a missing, bad or forged token, 403 for a reply address it may not post to, 503
 * with `Retry-After` when the store is unavailable (the citizen told so in their language) — fixed bodies,
 * never a library's message.
 */
export function registerBotFramework(server: Server, deps: BotFrameworkDeps): void {
  const { log, texts } = deps;
  const adapter = new ClerkAdapter(new ConfigurationBotFrameworkAuthentication(deps.auth));
  const language = (activity: Activity) =>
    detectLanguage(
      typeof activity.locale === 'string' ? activity.locale : undefined,
      typeof activity.text === 'string' ? activity.text.slice(0, 200) : undefined,
      deps.city.defaultLanguage,
    );
  async function tell(context: TurnContext, key: string) {
    try {
      await context.sendActivity(texts.t(language(context.activity), key));
    } catch {
      // The channel is unreachable; nothing more to tell the citizen.
    }
  }
  adapter.onTurnError = async (context, error) => {
    log.error('turn.error', {
      channel: context.activity.channelId,
      error: error instanceof Error ? error.name : 'unknown',
    });
    await tell(context, 'errors.technical');
  };
  const onTurn = createBotFrameworkHandler(deps.engine, log);
  const authenticated = !!deps.auth.MicrosoftAppId;
  const allowed = deps.allowedServiceUrls
    .split(',')
    .filter(Boolean)
    .map((entry) => (entry === '*' ? entry : new URL(entry).origin));
  /**
   * Without an App ID: a caller on this machine (the Emulator) may have replies posted to this machine, and
   * anyone to the origins ALLOWED_SERVICE_URLS names — never a remote caller to this machine's own ports.
   */
  const mayReplyTo = (serviceUrl: string, from: string | undefined) => {
    if (authenticated || allowed.includes('*')) return true;
    const url = new URL(serviceUrl);
    if (allowed.includes(url.origin)) return true;
    return LOOPBACK.test(url.hostname) && LOOPBACK_ADDRESS.test(from ?? '');
  };

  /**
   * Where a person at the desk can write to a Bot Framework conversation: its reference (channel, service URL,
   * ids), kept from the citizen's last activity. In memory: after a restart, a conversation is reachable again
   * once the citizen writes (enough for the Emulator; a shared store would keep them for a farm of servers).
   */
  const references = new Map<string, Partial<ConversationReference>>();
  function remember(activity: Activity) {
    const channel = activity.channelId;
    if (!activity.conversation?.id || OWN_CHANNELS.has(channel)) return;
    const key = `${channel}:${activity.conversation.id}`;
    references.delete(key);
    references.set(key, TurnContext.getConversationReference(activity));
    if (references.size > MAX_REFERENCES) references.delete(references.keys().next().value!);
    if (!deps.relay.channels().includes(channel)) deps.relay.register(channel, proactive);
  }
  async function proactive(conversationId: string, message: Parameters<Relay['deliver']>[1]) {
    const reference = references.get(conversationId);
    if (!reference) return false;
    const text = staffText(texts, deps.city, message);
    try {
      await adapter.continueConversationAsync(deps.auth.MicrosoftAppId ?? '', reference, async (context) => {
        const activity = MessageFactory.text(text);
        activity.textFormat = TextFormatTypes.Plain;
        activity.locale = message.lang;
        await context.sendActivity(activity);
      });
      return true;
    } catch (error) {
      log.warn('desk.proactive_failed', { error: error instanceof Error ? error.name : 'unknown' });
      return false;
    }
  }

  server.post('/api/messages', async (req: Request, res: Response) => {
    const parsed = incomingActivity.safeParse(req.body);
    if (!parsed.success) {
      log.warn('api.refused', { why: 'malformed activity', field: parsed.error.issues[0]?.path.join('.') });
      return sendError(res, 400);
    }
    const activity = parsed.data;
    if (!authenticated && OWN_CHANNELS.has(activity.channelId)) {
      log.warn('api.refused', { why: 'an unauthenticated activity claims one of the clerk’s own channels' });
      return sendError(res, 403);
    }
    // With expectReplies the replies come back in the response: nothing is posted anywhere.
    if (
      activity.deliveryMode !== 'expectReplies' &&
      !mayReplyTo(activity.serviceUrl, req.socket.remoteAddress)
    ) {
      log.warn('api.refused', { why: 'serviceUrl not allowed without a Microsoft App ID' });
      return sendError(res, 403);
    }
    const turn = { started: false, unavailable: false };
    const logic = async (context: TurnContext) => {
      turn.started = true;
      remember(context.activity);
      try {
        await onTurn(context);
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        turn.unavailable = true;
        log.error('turn.store_unavailable', {
          channel: context.activity.channelId,
          code: (error as { code?: string }).code,
        });
        await tell(context, 'errors.unavailable');
      }
    };
    const authorization = req.header('Authorization') ?? '';
    let result: { status: number; body?: unknown } | undefined;
    try {
      result = await adapter.run(authorization, withDates(activity) as unknown as Activity, logic);
    } catch (error) {
      // Before the turn runs, only authentication can fail: a missing, expired or forged token, or keys that
      // could not be fetched to check it. Either way the caller is not known.
      if (!turn.started) {
        log.warn('api.refused', {
          why: 'authentication',
          error: error instanceof Error ? error.name : 'unknown',
        });
        return sendError(res, 401);
      }
      log.error('api.error', { error: error instanceof Error ? error.name : 'unknown' });
      return sendError(res, 500);
    }
    if (turn.unavailable) {
      // With expectReplies the citizen's sentence is in the body: it goes with the 503.
      if (result?.body === undefined) return sendError(res, 503, STORE_RETRY_AFTER_SECONDS);
      res.header('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
      // Not returned: restify logs whatever an async handler returns, and this body holds the citizen's words.
      res.send(503, result.body);
      return;
    }
    if (result?.body !== undefined) res.send(result.status, result.body);
    else res.send(result?.status ?? 200);
  });
}

/**
 * The Bot Framework channels (Emulator, Azure Bot Service, Direct Line): activities in, the one internal
 * message shape to the turn engine, and replies back as plain text with suggested actions.
 */
export function createBotFrameworkHandler(engine: TurnEngine, log: Logger) {
  return async function onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const message = toMessage(activity);
    if (!message) return;
    const result = await engine.handle(message);
    if (result.replies.length === 0) return;
    // One message per turn: the paragraphs of the turn together, the offered answers under the last one.
    const reply = toActivity(result.replies, result.lang);
    // Staff trying flows in the Emulator see, in its inspector, where the dialog went and the rule that decided.
    if (activity.channelId === 'emulator') {
      await context.sendActivities([
        reply,
        {
          type: ActivityTypes.Trace,
          name: 'civic-clerk.turn',
          label: `${result.trace.from} → ${result.trace.to}`,
          valueType: 'https://github.com/civic-clerk/civic-clerk/trace/turn',
          value: { ...result.trace, rule: describe(result.trace.decided?.rule) },
        },
      ]);
    } else {
      await context.sendActivity(reply);
    }
    log.info('turn', { channel: activity.channelId, state: result.state, replies: result.replies.length });
  };
}

function toMessage(activity: Activity): IncomingMessage | undefined {
  const base = {
    conversationId: `${activity.channelId}:${activity.conversation?.id ?? ''}`,
    channel: activity.channelId,
    locale: typeof activity.locale === 'string' ? activity.locale : undefined,
  };
  if (!activity.conversation?.id) return undefined;
  if (activity.type === ActivityTypes.ConversationUpdate) {
    const botId = activity.recipient?.id;
    const humanJoined = (activity.membersAdded ?? []).some((m) => m.id !== botId);
    return humanJoined ? { ...base, kind: 'start' } : undefined;
  }
  if (activity.type !== ActivityTypes.Message) return undefined;
  return {
    ...base,
    kind: 'message',
    text: typeof activity.text === 'string' ? activity.text : undefined,
    hasAttachments: Array.isArray(activity.attachments) && activity.attachments.length > 0,
  };
}

function toActivity(replies: OutgoingReply[], lang: string): Partial<Activity> {
  const text = replies.map((r) => r.text).join('\n\n');
  const choices = replies[replies.length - 1].choices;
  const activity =
    choices.length > 0
      ? MessageFactory.suggestedActions(
          choices.map((c) => ({ type: 'imBack', title: c.label, value: c.label })),
          text,
        )
      : MessageFactory.text(text);
  activity.textFormat = TextFormatTypes.Plain;
  activity.locale = lang;
  const links = linkCards(replies);
  if (links.length) activity.attachments = links;
  return activity;
}

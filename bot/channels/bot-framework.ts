import { ActivityTypes, MessageFactory, TextFormatTypes, type Activity, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { describe } from '../../dialogs/rules/descriptions';
import type { IncomingMessage, OutgoingReply, TurnEngine } from '../turn-engine';

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
  const value = activity.value as { choice?: unknown } | undefined;
  return {
    ...base,
    kind: 'message',
    text: typeof activity.text === 'string' ? activity.text : undefined,
    choice: typeof value?.choice === 'string' ? value.choice : undefined,
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
  return activity;
}

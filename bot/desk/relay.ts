import type { Lang } from '../../dialogs/languages';

/** A message to a citizen in their own conversation, outside a turn: a person's, or a notice (called at the counter). */
export interface StaffMessage {
  text: string;
  /** The staff member's first name: the citizen sees that a person writes, and who (none: the clerk's own notice). */
  firstName?: string;
  lang: Lang;
}

/** Delivers a message into one channel's conversation (the id as the turn engine knows it); false if it cannot. */
export type Deliver = (conversationId: string, message: StaffMessage) => Promise<boolean>;

/**
 * Where a person's message goes: each channel registers how it reaches its citizens (the web widget live, SMS
 * and WhatsApp through the outbox, Bot Framework channels proactively), so the desk names no channel.
 */
export function createRelay() {
  const channels = new Map<string, Deliver>();
  return {
    register(channel: string, deliver: Deliver) {
      channels.set(channel, deliver);
    },
    /** The channels a person can write on. */
    channels: () => [...channels.keys()],
    async deliver(conversation: { id: string; channel: string }, message: StaffMessage): Promise<boolean> {
      const deliver = channels.get(conversation.channel);
      return deliver ? deliver(conversation.id, message) : false;
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;

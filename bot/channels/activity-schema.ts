import { z } from 'zod';

/** A string of bounded length: nothing a channel sends in these fields is longer. */
const text = (max: number) => z.string().max(max);
const account = z.looseObject({ id: text(256), name: text(256).nullish(), role: text(32).nullish() });
/** An ISO instant as channels send it; botbuilder reads these fields as dates. */
const instant = text(64).refine((s) => !Number.isNaN(Date.parse(s)));

/**
 * The fields of an incoming Bot Framework activity the clerk or botbuilder read, with their types and sizes.
 * Anything else an activity carries passes through unread. An activity that does not fit is refused with 400
 * before it reaches the adapter, whose own errors would name its internals.
 */
export const incomingActivity = z.looseObject({
  type: text(64).min(1),
  id: text(256).nullish(),
  channelId: text(64).min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  conversation: z.looseObject({ id: text(512).min(1) }),
  from: account,
  recipient: account.nullish(),
  locale: text(35).nullish(),
  text: z.string().nullish(),
  textFormat: text(32).nullish(),
  timestamp: instant.nullish(),
  localTimestamp: instant.nullish(),
  expiration: instant.nullish(),
  replyToId: text(256).nullish(),
  deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).nullish(),
  membersAdded: z.array(account).max(100).nullish(),
  membersRemoved: z.array(account).max(100).nullish(),
  attachments: z
    .array(z.looseObject({ contentType: text(256).nullish() }))
    .max(50)
    .nullish(),
  entities: z.array(z.unknown()).max(50).nullish(),
});

export type IncomingActivity = z.infer<typeof incomingActivity>;

/** The activity as botbuilder expects it after its own validation: instants as dates, the raw strings kept. */
export function withDates(activity: IncomingActivity): Record<string, unknown> {
  const fixed: Record<string, unknown> = { ...activity };
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = activity[field];
    if (typeof value !== 'string') continue;
    fixed[`raw${field[0].toUpperCase()}${field.slice(1)}`] = value;
    fixed[field] = new Date(value);
  }
  return fixed;
}

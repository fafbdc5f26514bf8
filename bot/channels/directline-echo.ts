import { MAX_TEXT_LENGTH } from '../turn-engine';

const short = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : undefined);
/** A choice's value is a short JSON object ({ choice }); anything bigger is not the clerk's and is not kept. */
const MAX_VALUE_JSON = 1024;
const MAX_ATTACHMENTS = 10;

/**
 * What is kept of an activity a citizen posts on Direct Line: the fields Web Chat shows or matches (its text,
 * the client's activity id, attachments' names and types) and only as much text as the clerk reads. A 100 KB
 * message is stored as its first 2,000 characters; attachments' contents and other fields are not stored.
 */
export function keptOfCitizenActivity(incoming: Record<string, unknown>): Record<string, unknown> {
  const from = (incoming.from ?? {}) as Record<string, unknown>;
  const channelData = (incoming.channelData ?? {}) as Record<string, unknown>;
  const text = typeof incoming.text === 'string' ? incoming.text : undefined;
  const value = incoming.value === undefined ? undefined : JSON.stringify(incoming.value);
  const attachments = Array.isArray(incoming.attachments)
    ? incoming.attachments.slice(0, MAX_ATTACHMENTS)
    : [];
  const kept: Record<string, unknown> = {
    type: short(incoming.type, 64),
    from: { id: short(from.id, 128), name: short(from.name, 128), role: 'user' },
    locale: short(incoming.locale, 35),
    text:
      text === undefined
        ? undefined
        : text.length > MAX_TEXT_LENGTH
          ? `${text.slice(0, MAX_TEXT_LENGTH)}…`
          : text,
    textFormat: short(incoming.textFormat, 16),
    value: value !== undefined && value.length <= MAX_VALUE_JSON ? incoming.value : undefined,
    attachments: attachments.length
      ? attachments.map((a: Record<string, unknown>) => ({
          contentType: short(a?.contentType, 128),
          name: short(a?.name, 256),
        }))
      : undefined,
    // Web Chat matches its own message by this id to mark it sent.
    channelData: {
      clientActivityID: short(channelData.clientActivityID, 128),
      clientTimestamp: short(channelData.clientTimestamp, 64),
    },
  };
  return JSON.parse(JSON.stringify(kept)) as Record<string, unknown>;
}

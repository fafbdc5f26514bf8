import type { Twilio } from 'twilio';
import type { OutboxRow } from '../store/outbox-store';
import { SendError, type Sender } from './dispatcher';
import { whatsappRoute } from './whatsapp-route';

export interface TwilioSenderOptions {
  client: Twilio;
  from: string;
  whatsappFrom: string;
  reminderContentSid: string;
  /** Where Twilio posts delivery statuses (PUBLIC_BASE_URL + /api/twilio/status). */
  statusCallback: string;
  /** When a WhatsApp user last wrote to the clerk (the 24-hour window). */
  lastInboundAt: (phone: string) => Promise<Date | undefined>;
  now: () => Date;
}

/** Twilio error codes that no retry can fix (invalid or unreachable number, opted out, region not allowed…). */
const retryable = (status: number | undefined) => status === undefined || status === 429 || status >= 500;

/** Sends outbox messages with Twilio's REST API (messages.create), SMS or WhatsApp. */
export function createTwilioSender(o: TwilioSenderOptions): Sender {
  async function params(m: OutboxRow) {
    const route = whatsappRoute({
      channel: m.channel,
      lastInboundAt: m.channel === 'whatsapp' ? await o.lastInboundAt(m.to) : undefined,
      now: o.now(),
      templateSid: o.reminderContentSid,
      hasTemplateVars: m.vars !== null,
    });
    const base = { statusCallback: o.statusCallback };
    if (route.route === 'sms') return { route, create: { ...base, to: m.to, from: o.from, body: m.body } };
    const whatsapp = { ...base, to: `whatsapp:${m.to}`, from: o.whatsappFrom };
    if (route.route === 'whatsapp') return { route, create: { ...whatsapp, body: m.body } };
    return { route, create: { ...whatsapp, contentSid: o.reminderContentSid, contentVariables: m.vars! } };
  }

  return {
    async send(m) {
      const { route, create } = await params(m);
      try {
        const message = await o.client.messages.create(create);
        return { status: 'sent', sid: message.sid, route: route.route, routeReason: route.reason };
      } catch (error) {
        const e = error as { status?: number; code?: number | string };
        throw new SendError(retryable(e.status), e.status, e.code === undefined ? undefined : String(e.code));
      }
    },
    async reconcile(m) {
      const { create } = await params(m);
      const since = new Date(m.updatedAt).getTime() - 60_000;
      const recent = await o.client.messages.list({ to: create.to, from: create.from, limit: 20 });
      const body = 'body' in create ? create.body : undefined;
      const match = recent.find(
        (r) => (body === undefined || r.body === body) && r.dateCreated.getTime() >= since,
      );
      return match?.sid;
    },
  };
}

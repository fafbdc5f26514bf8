/**
 * How a message for a WhatsApp user leaves. WhatsApp allows free-form messages only within 24 hours of the
 * citizen's last message (the customer-service window); outside it, only an approved template. A reminder
 * the day before an audience is usually outside: it uses the configured template, or else goes by SMS.
 */
export const WHATSAPP_WINDOW_MS = 24 * 3_600_000;

export type Route =
  | { route: 'whatsapp'; reason: 'within the 24-hour window' }
  | { route: 'whatsapp-template'; reason: 'outside the 24-hour window: approved template' }
  | {
      route: 'sms';
      reason: 'sms channel' | 'outside the 24-hour window and no template configured: SMS instead';
    };

export function whatsappRoute(opts: {
  channel: 'sms' | 'whatsapp';
  lastInboundAt: Date | undefined;
  now: Date;
  templateSid: string;
  hasTemplateVars: boolean;
}): Route {
  if (opts.channel === 'sms') return { route: 'sms', reason: 'sms channel' };
  const inWindow =
    opts.lastInboundAt !== undefined &&
    opts.now.getTime() - opts.lastInboundAt.getTime() < WHATSAPP_WINDOW_MS;
  if (inWindow) return { route: 'whatsapp', reason: 'within the 24-hour window' };
  if (opts.templateSid && opts.hasTemplateVars)
    return { route: 'whatsapp-template', reason: 'outside the 24-hour window: approved template' };
  return { route: 'sms', reason: 'outside the 24-hour window and no template configured: SMS instead' };
}

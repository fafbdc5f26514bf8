import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import type { Municipality } from '../dialogs/municipality';
import { createBotFrameworkHandler } from './channels/bot-framework';
import { registerDirectLine, type DirectLineDeps } from './channels/directline';
import { registerTwilioRoutes, type TwilioChannelDeps } from './channels/twilio';
import { registerWebPage } from './channels/web-page';
import type { Texts } from './i18n';
import { languageFromLocale } from './language';
import type { Logger } from './logger';
import { buildInvite } from './notify/ics';
import type { BookingStore } from './store/booking-store';
import type { TurnEngine } from './turn-engine';

export interface AppDeps {
  city: Municipality;
  engine: TurnEngine;
  texts: Texts;
  bookings: BookingStore;
  log: Logger;
  auth: ConfigurationBotFrameworkAuthenticationOptions;
  maxBodyBytes: number;
  twilio: TwilioChannelDeps;
  directLine: DirectLineDeps;
}

/** What an HTTP client is told for each error status: short, fixed texts, never an internal message. */
const PUBLIC_ERRORS: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
};

/**
 * Builds the HTTP application — routes, the Bot Framework adapter, error handling — without listening,
 * so tests can run it on port 0 and bot/server.ts owns the process.
 */
export function createApp(deps: AppDeps) {
  const { log } = deps;
  const server = restify.createServer({ name: 'civic-clerk' });
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes, mapParams: false }));

  server.on(
    'restifyError',
    (
      _req: Request,
      _res: Response,
      err: Error & { statusCode?: number; toJSON?: () => unknown },
      cb: () => void,
    ) => {
      const status = err.statusCode ?? 500;
      const message = PUBLIC_ERRORS[status] ?? 'Internal error';
      if (status >= 500) log.error('http.error', { status, error: err.name });
      err.toJSON = () => ({ code: status, message });
      cb();
    },
  );

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(deps.auth));
  adapter.onTurnError = async (context, error) => {
    log.error('turn.error', {
      channel: context.activity.channelId,
      error: error instanceof Error ? error.name : 'unknown',
    });
    const lang = languageFromLocale(context.activity.locale) ?? deps.city.defaultLanguage;
    try {
      await context.sendActivity(deps.texts.t(lang, 'errors.technical'));
    } catch {
      // The channel is unreachable; nothing more to tell the citizen.
    }
  };
  const onTurn = createBotFrameworkHandler(deps.engine, log);

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok', municipality: deps.city.id });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, onTurn);
  });

  registerTwilioRoutes(server, deps.twilio);
  const directLine = registerDirectLine(server, deps.directLine);
  registerWebPage(server, deps.city);

  server.get('/ics/:token', async (req: Request, res: Response) => {
    const token = String(req.params.token ?? '').replace(/\.ics$/, '');
    const booking = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await deps.bookings.byIcsToken(token) : undefined;
    if (!booking || booking.status !== 'booked') {
      res.send(404, { code: 404, message: PUBLIC_ERRORS[404] });
      return;
    }
    const body = Buffer.from(buildInvite(booking, deps.city, deps.texts), 'utf8');
    res.sendRaw(200, body, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="audience-${booking.code}.ics"`,
      'Cache-Control': 'no-store',
    });
  });

  return Object.assign(server, { closeStreams: directLine.closeStreams });
}

import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import type { Municipality } from '../dialogs/municipality';
import type { ProcedureBookings } from '../dialogs/procedure';
import { registerBotFramework } from './channels/bot-framework';
import { registerDirectLine, type DirectLineDeps } from './channels/directline';
import { PUBLIC_ERRORS, sendError } from './channels/http-errors';
import { registerTwilioRoutes, type TwilioChannelDeps } from './channels/twilio';
import { registerWebPage } from './channels/web-page';
import type { DeskDeps } from './desk/desk';
import { registerDesk, type DeskServices } from './desk/register';
import type { Relay } from './desk/relay';
import type { Texts } from './i18n';
import type { Logger } from './logger';
import { buildInvite } from './notify/ics';
import type { BookingStore } from './store/booking-store';
import { isStoreUnavailable, STORE_RETRY_AFTER_SECONDS } from './store/unavailable';
import type { TurnEngine } from './turn-engine';

export interface AppDeps {
  city: Municipality;
  engine: TurnEngine;
  texts: Texts;
  bookings: BookingStore;
  /** The city's procedures' bookings, to describe one in its calendar invite. */
  procedures: ProcedureBookings[];
  log: Logger;
  auth: ConfigurationBotFrameworkAuthenticationOptions;
  /** Without a Microsoft App ID, where replies may be posted besides this machine (`*` or origins). */
  allowedServiceUrls: string;
  maxBodyBytes: number;
  twilio: TwilioChannelDeps;
  directLine: DirectLineDeps;
  relay: Relay;
  /** The staff desk at /staff. */
  desk: { deps: DeskDeps; services: DeskServices };
}

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
      res: Response,
      err: Error & { statusCode?: number; toJSON?: () => unknown },
      cb: () => void,
    ) => {
      // A store failure no route caught (a full disk, a locked file) is still a 503 the client may retry.
      const unavailable = isStoreUnavailable(err) || isStoreUnavailable((err as { cause?: unknown }).cause);
      const status = unavailable ? 503 : (err.statusCode ?? 500);
      const message = PUBLIC_ERRORS[status] ?? PUBLIC_ERRORS[500];
      if (unavailable) {
        err.statusCode = 503;
        res.header('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
      }
      if (status >= 500) log.error('http.error', { status, error: err.name });
      err.toJSON = () => ({ code: status, message });
      cb();
    },
  );

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok', municipality: deps.city.id });
  });

  registerBotFramework(server, deps);
  registerTwilioRoutes(server, deps.twilio);
  const directLine = registerDirectLine(server, deps.directLine);
  registerWebPage(server, deps.city);
  registerDesk(server, deps.desk.deps, deps.desk.services);

  server.get('/ics/:token', async (req: Request, res: Response) => {
    const token = String(req.params.token ?? '').replace(/\.ics$/, '');
    const booking = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await deps.bookings.byIcsToken(token) : undefined;
    const procedure = deps.procedures.find((p) => p.id === booking?.procedure);
    if (!booking || booking.status !== 'booked' || !procedure) {
      return sendError(res, 404);
    }
    const body = Buffer.from(buildInvite(booking, procedure, deps.city, deps.texts), 'utf8');
    res.sendRaw(200, body, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${booking.procedure}-${booking.code}.ics"`,
      'Cache-Control': 'no-store',
    });
  });

  return Object.assign(server, { closeStreams: directLine.closeStreams });
}

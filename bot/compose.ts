import type { Server as HttpServer } from 'node:http';
import { createAudienceMachine } from '../dialogs/audience/audience.machine';
import type { Municipality } from '../dialogs/municipality';
import { createHolidayCalendar } from '../dialogs/rules/holidays';
import { createApp } from './app';
import type { Config } from './config';
import { createTexts } from './i18n';
import type { Logger } from './logger';
import { loadMunicipality } from './municipality';
import { createUnderstandingFromData, type Understanding } from './nlu';
import { createDevSender, createDispatcher } from './notify/dispatcher';
import { createBookingStore, syncOfficials } from './store/booking-store';
import { createConversationStore } from './store/conversation-store';
import { openDatabase } from './store/db';
import { createOutboxStore } from './store/outbox-store';
import { createStaffStore } from './store/staff-store';
import { createTurnEngine } from './turn-engine';

export interface ClerkOptions {
  now?: () => Date;
  log: Logger;
  /** A trained NLU to reuse (tests and the benchmark train it once). */
  nlu?: Understanding;
  /** Start the outbox dispatcher (the server does; tests drive it themselves). */
  dispatch?: boolean;
  /** The municipality already loaded (the benchmark widens its programmes); default: data/municipalities. */
  city?: Municipality;
}

/**
 * The composition root: the one place that builds the store, the texts, the NLU, the dialog machine, the
 * clock and the notifier, and hands them to what needs them.
 */
export async function createClerk(config: Config, options: ClerkOptions) {
  const now = options.now ?? (() => new Date());
  const { log } = options;
  const city = options.city ?? loadMunicipality(config.MUNICIPALITY);
  const db = openDatabase(config.DATABASE_PATH);
  syncOfficials(db, city);
  const conversations = createConversationStore(db);
  const bookings = createBookingStore(db);
  const outbox = createOutboxStore(db);
  const staff = createStaffStore(db);
  const isHoliday = createHolidayCalendar(city.holidayCountry);
  const texts = createTexts(city);
  const nlu = options.nlu ?? (await createUnderstandingFromData());
  const engine = createTurnEngine({
    city,
    machine: createAudienceMachine(city, { isHoliday }),
    texts,
    nlu,
    conversations,
    bookings,
    staff,
    isHoliday,
    now,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    log,
  });
  const dispatcher = createDispatcher({
    outbox,
    send: createDevSender(log),
    now,
    log,
    intervalMs: config.OUTBOX_INTERVAL_MS,
  });
  if (options.dispatch) dispatcher.start();
  const server = createApp({
    city,
    engine,
    texts,
    bookings,
    log,
    maxBodyBytes: config.MAX_BODY_BYTES,
    auth: {
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    },
  });

  let closed = false;
  return {
    city,
    db,
    server,
    engine,
    bookings,
    outbox,
    staff,
    conversations,
    dispatcher,
    texts,
    /** Stops taking requests, finishes the turns in flight, stops the dispatcher and closes the database. */
    async close() {
      if (closed) return;
      closed = true;
      // Stop accepting; let the requests in flight finish; close keep-alive connections as they fall idle.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const http = server.server as HttpServer;
      const idle = setInterval(() => http.closeIdleConnections(), 50);
      http.closeIdleConnections();
      await engine.drain();
      await stopped;
      clearInterval(idle);
      await dispatcher.stop();
      db.close();
    },
  };
}

export type Clerk = Awaited<ReturnType<typeof createClerk>>;

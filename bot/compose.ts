import type { Server as HttpServer } from 'node:http';
import { createConversationMachine } from '../dialogs/conversation/conversation.machine';
import { DIALOG_VERSION } from '../dialogs/dialog-version';
import type { Municipality } from '../dialogs/municipality';
import { createHolidayCalendar } from '../dialogs/rules/holidays';
import { createApp } from './app';
import type { Config } from './config';
import { createTexts } from './i18n';
import type { Logger } from './logger';
import { loadMunicipality } from './municipality';
import { createUnderstandingFromData, type Understanding } from './nlu';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { createDevSender, createDispatcher, type Sender } from './notify/dispatcher';
import { createTwilioSender } from './notify/twilio-sender';
import { createBookingStore, syncResources } from './store/booking-store';
import { createConversationStore } from './store/conversation-store';
import { openDatabase } from './store/db';
import { createKeyedHash } from './store/keyed-hash';
import { createLookupStore } from './store/lookup-store';
import { createOutboxStore } from './store/outbox-store';
import { purgeOlderThan } from './store/retention';
import { createDirectLineStore } from './store/directline-store';
import { createSmsStore } from './store/sms-store';
import { createStaffStore } from './store/staff-store';
import { createHoldStore } from './store/hold-store';
import { createProgrammeStore } from './store/programme-store';
import { createStaffUsers } from './store/staff-users';
import { createAuditLog } from './store/audit-store';
import { createRelay } from './desk/relay';
import { loadProcedures } from './procedures';
import { createTurnEngine } from './turn-engine';
import type { DialogEffectsDeps } from './dialog-effects';
import { createQueueStore } from './store/queue-store';

const DAY_MS = 86_400_000;

export interface ClerkOptions {
  now?: () => Date;
  log: Logger;
  /** A trained NLU to reuse (tests and the benchmark train it once). */
  nlu?: Understanding;
  /** Start the outbox dispatcher (the server does; tests drive it themselves). */
  dispatch?: boolean;
  /** The municipality already loaded (the benchmark widens its programmes); default: data/municipalities. */
  city?: Municipality;
  /** Folders searched for the city's procedures before dialogs/ (a test city's own). */
  procedureDirs?: string[];
  /** Locale folders read after locales/ (`<dir>/<lang>/<namespace>.json`: a test city's procedure's texts). */
  localeDirs?: string[];
  /** Twilio's HTTP client (tests give one that answers as Twilio would; the network is never reached). */
  twilioHttpClient?: RequestClient;
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
  // The city data's programmes with the desk's changes over them: resources built from these are current.
  const programmes = createProgrammeStore(db, city, loadProcedures(city, options.procedureDirs));
  const procedures = programmes.procedures;
  const resources = procedures.flatMap((p) => p.resources(city));
  syncResources(db, city.id, resources);
  const conversations = createConversationStore(db);
  const bookings = createBookingStore(db, {
    limits: Object.fromEntries(resources.map((r) => [r.procedure, r.limits])),
  });
  const hash = createKeyedHash(db);
  const outbox = createOutboxStore(db);
  const staff = createStaffStore(db);
  const sms = createSmsStore(db);
  const holidays = createHolidayCalendar(city.holidayCountry);
  const isHoliday = (day: string) => holidays(day) || programmes.isCityBlocked(day);
  const texts = createTexts(city, options.localeDirs);
  const nlu = options.nlu ?? (await createUnderstandingFromData());
  // The turn engine hands its deps to the dialog's effects, which take a citizen office's walk-in queue too.
  const engineDeps = {
    city,
    machine: createConversationMachine(
      city,
      procedures.map((p) => p.dialog(city, { isHoliday })),
      { isHoliday },
    ),
    dialogVersion: DIALOG_VERSION,
    procedures,
    texts,
    nlu,
    conversations,
    bookings,
    lookups: createLookupStore(db, hash),
    hash,
    staff,
    holds: createHoldStore(db),
    isHoliday,
    now,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    reminderLocalTime: config.REMINDER_LOCAL_TIME,
    log,
    walkIns: createQueueStore(db),
  } satisfies DialogEffectsDeps;
  const engine = createTurnEngine(engineDeps);
  const twilioConfigured = !!(config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_FROM);
  const sender: Sender = twilioConfigured
    ? createTwilioSender({
        client: twilio(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, {
          httpClient: options.twilioHttpClient,
        }),
        from: config.TWILIO_FROM,
        whatsappFrom: config.TWILIO_WHATSAPP_FROM,
        reminderContentSid: config.TWILIO_WHATSAPP_REMINDER_CONTENT_SID,
        statusCallback: `${config.PUBLIC_BASE_URL}/api/twilio/status`,
        lastInboundAt: (phone) => conversations.lastSeen(`whatsapp:${phone}`),
        now,
      })
    : createDevSender(log);
  const dispatcher = createDispatcher({
    outbox,
    sms,
    sender,
    policy: {
      countries: config.SMS_COUNTRIES.split(','),
      maxPerNumberPerHour: config.SMS_MAX_PER_NUMBER_PER_HOUR,
      maxPerHour: config.SMS_MAX_PER_HOUR,
    },
    now,
    log,
    intervalMs: config.OUTBOX_INTERVAL_MS,
  });
  if (options.dispatch) dispatcher.start();
  // Personal data kept no longer than RETENTION_DAYS (0: kept): at start, then once a day, with the server.
  const purge = () => {
    const purged = purgeOlderThan(db, new Date(now().getTime() - config.RETENTION_DAYS * DAY_MS));
    log.info('retention.purged', { days: config.RETENTION_DAYS, ...purged });
  };
  const retention =
    options.dispatch && config.RETENTION_DAYS > 0 ? setInterval(purge, DAY_MS).unref() : undefined;
  if (retention) purge();
  const relay = createRelay();
  const server = createApp({
    city,
    engine,
    texts,
    bookings,
    procedures,
    log,
    maxBodyBytes: config.MAX_BODY_BYTES,
    directLine: {
      city,
      engine,
      texts,
      store: createDirectLineStore(db),
      conversations,
      now,
      log,
      limits: {
        perAddressPerMinute: config.WEBCHAT_TOKENS_PER_ADDRESS_PER_MINUTE,
        perMinute: config.WEBCHAT_TOKENS_PER_MINUTE,
        activitiesPerMinute: config.ACTIVITIES_PER_CONVERSATION_PER_MINUTE,
        activitiesInAll: config.ACTIVITIES_PER_CONVERSATION,
        pageSize: config.ACTIVITIES_PER_PAGE,
      },
      trustProxy: config.TRUST_PROXY,
      relay,
    },
    twilio: {
      city,
      engine,
      texts,
      sms,
      outbox,
      conversations,
      authToken: config.TWILIO_AUTH_TOKEN,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      limits: {
        perNumberPerMinute: config.INBOUND_MAX_PER_NUMBER_PER_MINUTE,
        perMinute: config.INBOUND_MAX_PER_MINUTE,
      },
      now,
      log,
      relay,
    },
    relay,
    desk: {
      deps: {
        city,
        db,
        texts,
        users: createStaffUsers(db),
        audit: createAuditLog(db),
        hash,
        now,
        log,
        sessions: {
          idleMinutes: config.STAFF_SESSION_IDLE_MINUTES,
          maxHours: config.STAFF_SESSION_MAX_HOURS,
        },
        signIn: {
          perAccount: config.STAFF_SIGN_IN_FAILURES_PER_ACCOUNT,
          perAddress: config.STAFF_SIGN_IN_FAILURES_PER_ADDRESS,
          windowMinutes: config.STAFF_SIGN_IN_WINDOW_MINUTES,
        },
        secureCookies: config.PUBLIC_BASE_URL.startsWith('https:'),
        trustProxy: config.TRUST_PROXY,
      },
      services: {
        procedures,
        bookings,
        staff,
        conversations,
        isHoliday,
        relay,
        engine,
        programmes,
        publicBaseUrl: config.PUBLIC_BASE_URL,
      },
    },
    allowedServiceUrls: config.ALLOWED_SERVICE_URLS,
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
    procedures,
    outbox,
    staff,
    sms,
    conversations,
    dispatcher,
    texts,
    relay,
    /** Stops taking requests, finishes the turns in flight, stops the dispatcher and closes the database. */
    async close() {
      if (closed) return;
      closed = true;
      // Stop accepting; let the requests in flight finish; close keep-alive connections as they fall idle.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeStreams();
      const http = server.server as HttpServer;
      const idle = setInterval(() => http.closeIdleConnections(), 50);
      http.closeIdleConnections();
      await engine.drain();
      await stopped;
      clearInterval(idle);
      await dispatcher.stop();
      clearInterval(retention);
      db.close();
    },
  };
}

export type Clerk = Awaited<ReturnType<typeof createClerk>>;

import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { maskPhone } from '../../dialogs/rules/phone';
import type { Logger } from '../logger';
import type { OutboxRow, OutboxStore, SendOutcome } from '../store/outbox-store';
import type { SmsStore } from '../store/sms-store';

/** A failed send: `retryable` for 429, 5xx and network errors; permanent (invalid number, opted out) otherwise. */
export class SendError extends Error {
  constructor(
    readonly retryable: boolean,
    readonly httpStatus?: number,
    readonly code?: string,
  ) {
    super(`send failed${httpStatus ? ` (${httpStatus}${code ? `/${code}` : ''})` : ''}`);
    this.name = 'SendError';
  }
}

/** Where messages leave: Twilio, or the development outbox. */
export interface Sender {
  send(message: OutboxRow): Promise<SendOutcome>;
  /** After a crash mid-send: the provider's id of this message if it was in fact accepted, else undefined. */
  reconcile?(message: OutboxRow): Promise<string | undefined>;
}

/**
 * Without an SMS provider configured, messages stay in the development outbox: they are marked
 * `dev-outbox` (readable with `npm run outbox`) and logged with the number masked.
 */
export function createDevSender(log: Logger): Sender {
  return {
    async send(message) {
      log.info('outbox.dev', {
        id: message.id,
        kind: message.kind,
        to: maskPhone(message.to),
        segments: message.segments,
      });
      return { status: 'dev-outbox', route: message.channel, routeReason: 'no provider configured' };
    },
  };
}

/** What may leave at all: opt-outs, allowed countries, and the limits against SMS pumping. */
export interface SendPolicy {
  countries: readonly string[];
  maxPerNumberPerHour: number;
  maxPerHour: number;
}

export interface DispatcherDeps {
  outbox: OutboxStore;
  sms: SmsStore;
  sender: Sender;
  policy: SendPolicy;
  now: () => Date;
  log: Logger;
  intervalMs: number;
  /** First retry after this long, doubling each time (default 30 s); failed for good after maxAttempts. */
  backoffMs?: number;
  maxAttempts?: number;
}

const HOUR_MS = 3_600_000;

/**
 * Sends what the outbox holds, in order: claims each message before calling the provider, records every
 * attempt, retries what is worth retrying with exponential backoff, and at start reconciles messages a
 * previous process left mid-send (sent after all, or released to be sent once).
 */
export function createDispatcher(deps: DispatcherDeps) {
  const backoffMs = deps.backoffMs ?? 30_000;
  const maxAttempts = deps.maxAttempts ?? 6;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const log = (event: string, m: OutboxRow, extra: Record<string, unknown> = {}) =>
    deps.log.info(event, { id: m.id, kind: m.kind, to: maskPhone(m.to), ...extra });

  /** Why a message must not leave, or undefined. */
  async function refusal(m: OutboxRow, now: Date): Promise<string | undefined> {
    if (!m.essential && (await deps.sms.isOptedOut(m.to))) return 'skipped-optout';
    const country = parsePhoneNumberFromString(m.to)?.country;
    if (!country || !deps.policy.countries.includes(country)) return 'refused-country';
    const hourAgo = new Date(now.getTime() - HOUR_MS);
    if ((await deps.outbox.sentSince(hourAgo, m.to)) >= deps.policy.maxPerNumberPerHour)
      return 'refused-rate';
    if ((await deps.outbox.sentSince(hourAgo)) >= deps.policy.maxPerHour) return 'refused-rate';
    return undefined;
  }

  async function deliver(m: OutboxRow): Promise<void> {
    const now = deps.now();
    if (!(await deps.outbox.claim(m.id, now))) return;
    const refused = await refusal(m, now);
    if (refused) {
      await deps.outbox.recordRefused(m.id, refused, now);
      deps.log.warn('outbox.refused', { id: m.id, kind: m.kind, to: maskPhone(m.to), reason: refused });
      return;
    }
    try {
      const outcome = await deps.sender.send(m);
      await deps.outbox.recordSent(m.id, outcome, deps.now());
      log('outbox.sent', m, { route: outcome.route, status: outcome.status });
    } catch (error) {
      const failure =
        error instanceof SendError
          ? error
          : new SendError(true, undefined, error instanceof Error ? error.name : 'unknown');
      const attempts = m.attempts + 1;
      if (failure.retryable && attempts < maxAttempts) {
        const next = new Date(deps.now().getTime() + backoffMs * 2 ** (attempts - 1));
        await deps.outbox.recordRetry(m.id, failure, next, deps.now());
        log('outbox.retry', m, {
          httpStatus: failure.httpStatus,
          code: failure.code,
          next: next.toISOString(),
        });
      } else {
        await deps.outbox.recordFailed(m.id, failure, deps.now());
        deps.log.warn('outbox.failed', {
          id: m.id,
          kind: m.kind,
          httpStatus: failure.httpStatus,
          code: failure.code,
        });
      }
    }
  }

  async function runOnce(): Promise<number> {
    const due = await deps.outbox.due(deps.now(), 50);
    for (const m of due) await deliver(m);
    return due.length;
  }

  /** Messages a stopped process left `sending`: accepted by the provider after all, or sent again now. */
  async function recover(): Promise<void> {
    for (const m of await deps.outbox.inFlight()) {
      const sid = await deps.sender.reconcile?.(m);
      if (sid) {
        await deps.outbox.recordSent(
          m.id,
          { status: 'sent', sid, routeReason: 'found at the provider after a restart' },
          deps.now(),
        );
        log('outbox.reconciled', m, { found: true });
      } else {
        await deps.outbox.release(m.id, deps.now());
        log('outbox.reconciled', m, { found: false });
      }
    }
  }

  return {
    runOnce,
    recover,
    start() {
      const tick = () => {
        running = runOnce()
          .catch((error: unknown) => deps.log.error('outbox.error', { error: String(error) }))
          .finally(() => {
            if (timer) timer = setTimeout(tick, deps.intervalMs);
          });
      };
      running = recover()
        .catch((error: unknown) => deps.log.error('outbox.error', { error: String(error) }))
        .finally(() => {
          timer = setTimeout(tick, deps.intervalMs);
        });
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

import { maskPhone } from '../../dialogs/rules/phone';
import type { Logger } from '../logger';
import type { OutboxRow, OutboxStore } from '../store/outbox-store';

/** Sends one outbox message; resolves with the status to record. */
export type Sender = (message: OutboxRow) => Promise<string>;

/**
 * Without an SMS provider configured, messages stay in the development outbox: they are marked
 * `dev-outbox` (readable with `npm run outbox`) and logged with the number masked.
 */
export function createDevSender(log: Logger): Sender {
  return async (message) => {
    log.info('outbox.dev', {
      id: message.id,
      kind: message.kind,
      to: maskPhone(message.to),
      segments: message.segments,
    });
    return 'dev-outbox';
  };
}

/** Polls the outbox and hands each pending message to the sender, in order. */
export function createDispatcher(deps: {
  outbox: OutboxStore;
  send: Sender;
  now: () => Date;
  log: Logger;
  intervalMs: number;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function runOnce(): Promise<number> {
    const pending = await deps.outbox.pending(50);
    for (const message of pending) {
      try {
        await deps.outbox.markDelivered(message.id, await deps.send(message), deps.now());
      } catch (error) {
        deps.log.warn('outbox.send_failed', {
          id: message.id,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    }
    return pending.length;
  }

  return {
    runOnce,
    start() {
      const tick = () => {
        running = runOnce()
          .then(() => undefined)
          .catch((error: unknown) => deps.log.error('outbox.error', { error: String(error) }))
          .finally(() => {
            if (timer) timer = setTimeout(tick, deps.intervalMs);
          });
      };
      timer = setTimeout(tick, deps.intervalMs);
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

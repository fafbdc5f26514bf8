/**
 * Work keyed by a name runs one piece after another (turns of one conversation, webhooks of one number),
 * while different keys run side by side. `drain` waits for everything queued.
 */
export function createSerialQueue() {
  const queues = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const next = (queues.get(key) ?? Promise.resolve()).then(work, work);
      const settled = next.catch(() => undefined);
      queues.set(key, settled);
      void settled.then(() => {
        if (queues.get(key) === settled) queues.delete(key);
      });
      return next;
    },
    async drain(): Promise<void> {
      while (queues.size > 0) await Promise.all([...queues.values()]);
    },
  };
}

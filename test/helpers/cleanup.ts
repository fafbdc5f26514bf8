import type { ChildProcess } from 'node:child_process';

/**
 * What a test opens (a server, a child process, a browser), closed after the test whatever happened in it.
 * A `finally` covers a failed expectation but not a test that times out while awaiting something that never
 * settles (its `finally` never runs, and what it opened keeps jest from exiting); afterEach runs in both cases.
 * Returns `closeLater(close)`: closers run last-registered first, each even when an earlier one fails.
 */
export function closeAfterEach(): (close: () => unknown) => void {
  let closers: (() => unknown)[] = [];
  afterEach(async () => {
    const list = closers.reverse();
    closers = [];
    const failures: unknown[] = [];
    for (const close of list) {
      try {
        await close();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length) throw failures[0];
  });
  return (close) => {
    closers.push(close);
  };
}

/** Kills a child process that is still running (SIGKILL) and resolves once it has exited. */
export function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

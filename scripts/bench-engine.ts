/**
 * The clerk's turn engine alone, in a process of its own (started by `npm run bench -- --engine`): no HTTP,
 * no Bot Framework — what the dialogs, rules and storage cost by themselves. Five conversations (or as many
 * as asked) walk the benchmark's audience flow (scripts/bench-citizens.ts) through `engine.handle`, either
 * back to back or with a pause between turns (caches colder, as between a server's requests); after a
 * warm-up, the process's CPU time (all threads) per turn is reported over IPC (or printed when run by hand).
 *   node dist/scripts/bench-engine.js [pauseMs=0] [turns=12000] [conversations=5]
 */
import { clerkScript } from './bench-citizens';
import { benchClerk } from './bench-server';

const WARM_UP = 3000;

export async function measureEngine(pauseMs: number, measured: number, conversations = 5) {
  const { clerk, close } = await benchClerk();
  const script = clerkScript(true);
  let turns = 0;
  let started = 0;
  let cpu = process.cpuUsage();
  let wall = performance.now();
  async function citizen(index: number) {
    while (turns < WARM_UP + measured) {
      const conversationId = `directline:engine-${index}-${++started}`;
      const conversation = script();
      let reply = '';
      for (let turn = conversation.next(reply); turn; turn = conversation.next(reply)) {
        const result = await clerk.engine.handle({
          conversationId,
          channel: 'directline',
          kind: turn.start ? 'start' : 'message',
          text: turn.text,
          locale: 'ro-RO',
        });
        reply = result.replies.map((r) => r.text).join('\n');
        if (++turns === WARM_UP) {
          cpu = process.cpuUsage();
          wall = performance.now();
        }
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      }
    }
  }
  await Promise.all(Array.from({ length: conversations }, (_, i) => citizen(i)));
  const used = process.cpuUsage(cpu);
  const counted = turns - WARM_UP;
  const result = {
    pauseMs,
    turns: counted,
    cpuMsPerTurn: (used.user + used.system) / 1000 / counted,
    wallSeconds: (performance.now() - wall) / 1000,
  };
  await close();
  return result;
}

if (require.main === module) {
  measureEngine(Number(process.argv[2] ?? 0), Number(process.argv[3] ?? 12_000), Number(process.argv[4] ?? 5))
    .then((result) => {
      if (process.send) process.send(result);
      else process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench-engine: ${String(error)}\n`);
      process.exit(1);
    });
}

/**
 * `npm run bench`: the clerk against two baselines on this machine, over real HTTP.
 *
 * Each subject (scripts/bench-server.ts) runs in a process of its own; this process is the load generator
 * and also the channel that receives replies (the serviceUrl the bot posts to, as the Emulator does).
 *   throughput: closed loop, 50 conversations sending their next turn as soon as the answer comes, with the
 *               server's CPU time per turn; echo and clerk take turns, round after round (this machine's speed
 *               drifts by tens of percent within minutes: alternating shares the drift), and the medians count;
 *   latency:    open loop, 100 conversations each answering one second after the clerk's reply (~100 turns/s);
 *   memory:     RSS (after a GC) once 1,000 conversations exist, and again after 10,000.
 * Flags: --seconds N (each phase, default 15), --rounds N (closed-loop rounds of echo and clerk, default 3),
 * --conversations N (memory phase, default 10000), --json, --only SUBJECT or --subjects A,B (those alone: their
 * figures, and each round's ratio to echo when echo is one of them; stored-echo is run only when named),
 * --profile DIR (CPU profiles of the servers, for DevTools); --engine: instead, the turn engine alone in a
 * process of its own, no HTTP (scripts/bench-engine.ts), for what dialogs, rules and storage cost by themselves;
 * --worst: instead, the costliest turns hostile texts can cause, against the 20 ms target (scripts/bench-worst.ts);
 * --attacks: instead, the public endpoint under attack, with /healthz asked meanwhile (scripts/bench-attacks.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { clerkScript, echoScript, type Script } from './bench-citizens';
import { postActivity, startChannel } from './bench-process';
import { SUBJECTS, type Subject } from './bench-server';
import { hasFlag, option } from './script-env';

const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 256 });
let agent = newAgent();
const children = new Set<ChildProcess>();

interface Server {
  child: ChildProcess;
  port: number;
}

/** Forks one of the benchmark's scripts (killed if the benchmark fails) and waits for its first message. */
function forkFor<T>(script: string, args: string[], execArgv: string[] = []) {
  const child = fork(path.join(__dirname, script), args, { execArgv, stdio: 'inherit' });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const first = new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`${script} ${args.join(' ')} exited with ${code}`)));
  });
  return { child, first };
}

async function startServer(subject: Subject, profileDir?: string): Promise<Server> {
  const execArgv = ['--expose-gc', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const { child, first } = forkFor<{ port: number }>('bench-server.js', [subject], execArgv);
  return { child, port: (await first).port };
}

function ask<T>(server: Server, type: string): Promise<T> {
  return new Promise((resolve) => {
    server.child.once('message', (m) => resolve(m as T));
    server.child.send({ type });
  });
}

async function stopServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.send({ type: 'stop' });
  });
}

type Channel = Awaited<ReturnType<typeof startChannel>>;

let activitySeq = 0;
function activity(
  channel: Channel,
  conversation: string,
  message: { text?: string; start?: boolean },
): string {
  return JSON.stringify({
    type: message.start ? 'conversationUpdate' : 'message',
    id: `b${++activitySeq}`,
    // Citizens' traffic, as Azure Bot Service's Direct Line (Web Chat) channel delivers it: the same protocol
    // and serviceUrl replies as the Emulator, without the trace activity the clerk adds for staff there.
    channelId: 'directline',
    serviceUrl: channel.url,
    from: { id: 'citizen' },
    recipient: { id: 'clerk' },
    conversation: { id: conversation },
    locale: 'ro-RO',
    text: message.text,
    membersAdded: message.start ? [{ id: 'citizen' }] : undefined,
  });
}

interface Result {
  /** Turns in the measured span (after the warm-up). */
  turns: number;
  /** Every turn of the run, the warm-up's too. */
  allTurns: number;
  seconds: number;
  latencies: number[];
  conversations: number;
  booked: number;
}

/**
 * Drives `concurrency` conversations. Closed loop (`thinkMs` 0): the next turn goes as soon as the answer
 * comes. Open loop: each citizen answers `thinkMs` after the reply, whatever the server's speed.
 */
async function drive(opts: {
  port: number;
  channel: Channel;
  script: Script;
  concurrency: number;
  seconds?: number;
  conversations?: number;
  thinkMs: number;
  warmupSeconds: number;
  onConversation?: (count: number) => Promise<void>;
}): Promise<Result> {
  // Fresh connections for every run: a server closes keep-alive connections idle for 5 s (as Node's does),
  // and the subjects take turns, so the last run's connections to this one may be closing as they are reused.
  agent.destroy();
  agent = newAgent();
  const started = Date.now();
  const measureFrom = started + opts.warmupSeconds * 1000;
  const deadline = opts.seconds ? measureFrom + opts.seconds * 1000 : Infinity;
  const latencies: number[] = [];
  let turns = 0;
  let allTurns = 0;
  let conversations = 0;
  let booked = 0;
  let launched = 0;
  let measuredUntil = measureFrom;
  const code = /[A-Z0-9]{4}-[A-Z0-9]{4}/;

  async function citizen(index: number) {
    await new Promise((r) => setTimeout(r, (index * Math.max(opts.thinkMs, 200)) / opts.concurrency));
    while (Date.now() < deadline && (opts.conversations === undefined || launched < opts.conversations)) {
      launched++;
      const id = `bench-${process.pid}-${index}-${launched}`;
      const conversation = opts.script();
      let reply = '';
      for (let turn = conversation.next(reply); turn; turn = conversation.next(reply)) {
        const t0 = performance.now();
        const status = await postActivity(opts.port, agent, activity(opts.channel, id, turn));
        const t1 = performance.now();
        if (status !== 200) throw new Error(`HTTP ${status}`);
        reply = opts.channel.take(id);
        allTurns++;
        const now = Date.now();
        if (now >= measureFrom && now <= deadline) {
          turns++;
          latencies.push(t1 - t0);
          measuredUntil = now;
        }
        if (opts.thinkMs > 0) await new Promise((r) => setTimeout(r, opts.thinkMs));
      }
      if (code.test(reply)) booked++;
      conversations++;
      await opts.onConversation?.(conversations);
    }
  }

  await Promise.all(Array.from({ length: opts.concurrency }, (_, i) => citizen(i)));
  const end = opts.seconds ? Math.min(deadline, Math.max(measuredUntil, measureFrom + 1)) : Date.now();
  return { turns, allTurns, seconds: (end - measureFrom) / 1000, latencies, conversations, booked };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One closed-loop run: turns per second, latency, and the server's CPU time per turn. */
async function closedLoop(server: Server, channel: Channel, script: Script, seconds: number) {
  const before = await ask<{ micros: number }>(server, 'cpu');
  const run = await drive({
    port: server.port,
    channel,
    script,
    concurrency: 50,
    seconds,
    thinkMs: 0,
    warmupSeconds: 2,
  });
  const after = await ask<{ micros: number }>(server, 'cpu');
  return {
    turnsPerSecond: run.turns / run.seconds,
    // Over every turn of the run (the warm-up too), so that CPU time and turns cover the same span.
    cpuMsPerTurn: (after.micros - before.micros) / 1000 / run.allTurns,
    latencies: run.latencies,
    conversations: run.conversations,
    booked: run.booked,
  };
}

/** The turn engine alone (scripts/bench-engine.ts), in a fresh process: CPU a turn, back to back and paused. */
async function engineOnly(argv: string[]) {
  const say = (line: string) => hasFlag(argv, '--json') || process.stdout.write(`${line}\n`);
  const runs = [];
  for (const pauseMs of [0, 1]) {
    say(
      `engine alone: ${pauseMs ? `${pauseMs} ms between turns` : 'back to back'} (5 conversations, no HTTP)…`,
    );
    const result = await forkFor<{ cpuMsPerTurn: number }>('bench-engine.js', [String(pauseMs)]).first;
    say(`  ${result.cpuMsPerTurn.toFixed(3)} ms of CPU a turn`);
    runs.push(result);
  }
  if (hasFlag(argv, '--json')) process.stdout.write(`${JSON.stringify({ engine: runs })}\n`);
}

async function main() {
  const argv = process.argv.slice(2);
  if (hasFlag(argv, '--engine')) return engineOnly(argv);
  if (hasFlag(argv, '--worst')) return (await import('./bench-worst')).worstTurns(argv);
  if (hasFlag(argv, '--attacks')) return (await import('./bench-attacks')).attacks(argv);
  const seconds = Number(option(argv, '--seconds') ?? 15);
  const rounds = Math.max(1, Number(option(argv, '--rounds') ?? 3));
  const memoryConversations = Number(option(argv, '--conversations') ?? 10_000);
  const channel = await startChannel();
  const report: Record<string, Record<string, number>> = {};
  const say = (line: string) => hasFlag(argv, '--json') || process.stdout.write(`${line}\n`);
  const chosen = option(argv, '--subjects') ?? option(argv, '--only');
  const subjects = (chosen ? chosen.split(',') : ['bare', 'echo', 'clerk']) as Subject[];
  const unknown = subjects.filter((s) => !SUBJECTS.includes(s));
  if (unknown.length) throw new Error(`unknown subject ${unknown.join(', ')} (${SUBJECTS.join(', ')})`);
  // The report against the targets needs the three subjects; another choice prints each subject's figures.
  const only = chosen !== undefined;
  const scriptOf = (subject: Subject) => (subject === 'clerk' ? clerkScript(true) : echoScript);

  // Throughput. bare once (it only shows what HTTP alone costs); echo and clerk alternately, `rounds` times.
  const servers = new Map<Subject, Server>();
  for (const subject of subjects) {
    const server = await startServer(subject, option(argv, '--profile'));
    servers.set(subject, server);
    // Not measured: the first seconds of a process are spent compiling (V8's JIT), on its other threads too.
    say(`${subject}: warming up (closed loop, 5 s, not measured)…`);
    await drive({
      port: server.port,
      channel,
      script: scriptOf(subject),
      concurrency: 50,
      seconds: 5,
      thinkMs: 0,
      warmupSeconds: 0,
    });
  }
  const closed = new Map<Subject, Awaited<ReturnType<typeof closedLoop>>[]>();
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const subject of subjects) {
      if (subject === 'bare' && round > 1) continue;
      say(`${subject}: throughput, round ${round}/${rounds} (closed loop, 50 conversations, ${seconds} s)…`);
      const run = await closedLoop(servers.get(subject)!, channel, scriptOf(subject), seconds);
      say(
        `  ${Math.round(run.turnsPerSecond)} turns/s, ${run.cpuMsPerTurn.toFixed(3)} ms of server CPU a turn`,
      );
      closed.set(subject, [...(closed.get(subject) ?? []), run]);
    }
    const echo = closed.get('echo')?.[round - 1];
    const clerk = closed.get(subjects.find((s) => s !== 'echo' && s !== 'bare') ?? 'clerk')?.[round - 1];
    if (echo && clerk) {
      ratios.push(clerk.turnsPerSecond / echo.turnsPerSecond);
      cpuRatios.push(echo.cpuMsPerTurn / clerk.cpuMsPerTurn);
    }
  }

  for (const subject of subjects) {
    const server = servers.get(subject)!;
    say(`${subject}: latency (open loop, 100 conversations answering 1 s after each reply, ${seconds} s)…`);
    const open = await drive({
      port: server.port,
      channel,
      script: scriptOf(subject),
      concurrency: 100,
      seconds,
      thinkMs: 1000,
      warmupSeconds: 3,
    });
    const runs = closed.get(subject)!;
    const last = runs[runs.length - 1];
    const row: Record<string, number> = {
      turnsPerSecond: Math.round(median(runs.map((r) => r.turnsPerSecond))),
      cpuMsPerTurn: Math.round(median(runs.map((r) => r.cpuMsPerTurn)) * 1000) / 1000,
      closedP50Ms: percentile(last.latencies, 50),
      closedP99Ms: percentile(last.latencies, 99),
      openTurnsPerSecond: Math.round(open.turns / open.seconds),
      openP50Ms: percentile(open.latencies, 50),
      openP99Ms: percentile(open.latencies, 99),
    };
    row.peakRssMb = mb((await ask<{ maxRss: number }>(server, 'memory')).maxRss);
    await stopServer(server);
    if (subject === 'clerk') {
      row.bookedConversations = runs.reduce((n, r) => n + r.booked, open.booked);
      row.completedConversations = runs.reduce((n, r) => n + r.conversations, open.conversations);
      // A fresh process, so that the figures are this phase's alone and not the timed phases' high-water mark.
      say(`clerk: memory (${memoryConversations} new conversations, 50 at a time, fresh process)…`);
      const fresh = await startServer('clerk');
      let at1000 = { rss: 0, heapUsed: 0 };
      await drive({
        port: fresh.port,
        channel,
        script: clerkScript(false),
        concurrency: 50,
        conversations: memoryConversations,
        thinkMs: 0,
        warmupSeconds: 0,
        onConversation: async (n) => {
          if (n === 1000) at1000 = await ask<{ rss: number; heapUsed: number }>(fresh, 'memory');
        },
      });
      const atEnd = await ask<{ rss: number; heapUsed: number }>(fresh, 'memory');
      row.rssAfter1000Mb = mb(at1000.rss);
      row.rssAfterAllMb = mb(atEnd.rss);
      row.rssGrowthMb = mb(atEnd.rss - at1000.rss);
      row.heapAfter1000Mb = mb(at1000.heapUsed);
      row.heapAfterAllMb = mb(atEnd.heapUsed);
      await stopServer(fresh);
    }
    report[subject] = row;
  }
  await channel.close();
  agent.destroy();
  if (only) {
    const compared = cpuRatios.length
      ? {
          toEchoThroughputByRound: ratios.map((r) => Math.round(r * 100) / 100),
          echoToSubjectCpuPerTurn: Math.round(median(cpuRatios) * 100) / 100,
        }
      : {};
    process.stdout.write(`${JSON.stringify({ ...report, ...compared })}\n`);
    return;
  }

  const ratio = median(ratios);
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const summary = {
    machine: `${process.platform} ${process.arch}, ${(await import('node:os')).cpus().length} cores, Node ${process.version}`,
    ...report,
    rounds,
    clerkToEchoThroughput: round2(ratio),
    clerkToEchoThroughputByRound: ratios.map(round2),
    echoToClerkCpuPerTurn: round2(median(cpuRatios)),
    echoToBareThroughput: round2(report.echo.turnsPerSecond / report.bare.turnsPerSecond),
    targets: {
      'clerk turns/s ≥ 80% of echo': ratio >= 0.8,
      'clerk p99 < 100 ms at ~100 turns/s open loop': report.clerk.openP99Ms < 100,
      'RSS growth 1,000 → 10,000 conversations ≤ 50 MB': report.clerk.rssGrowthMb <= 50,
    },
  };
  if (hasFlag(argv, '--json')) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  say('');
  say(`machine: ${summary.machine}`);
  say(
    '| subject | turns/s (closed, 50) | server CPU ms a turn | p50 / p99 ms (closed) | turns/s (open) | p50 / p99 ms (open) | peak RSS MB |',
  );
  say('| --- | --- | --- | --- | --- | --- | --- |');
  for (const subject of ['bare', 'echo', 'clerk']) {
    const r = report[subject];
    const f = (n: number) => n.toFixed(1);
    say(
      `| ${subject} | ${r.turnsPerSecond} | ${r.cpuMsPerTurn.toFixed(2)} | ${f(r.closedP50Ms)} / ${f(r.closedP99Ms)} | ${r.openTurnsPerSecond} | ${f(r.openP50Ms)} / ${f(r.openP99Ms)} | ${r.peakRssMb} |`,
    );
  }
  say('');
  say(
    `clerk / echo throughput: ${summary.clerkToEchoThroughput} (median of rounds ${summary.clerkToEchoThroughputByRound.join(', ')}; target ≥ 0.8); ` +
      `echo / clerk server CPU a turn: ${summary.echoToClerkCpuPerTurn}; echo / bare: ${summary.echoToBareThroughput}`,
  );
  say(
    `clerk RSS after 1,000 conversations: ${report.clerk.rssAfter1000Mb} MB; after ${memoryConversations}: ${report.clerk.rssAfterAllMb} MB; ` +
      `growth ${report.clerk.rssGrowthMb} MB (target ≤ 50); V8 heap in use after GC: ${report.clerk.heapAfter1000Mb} → ${report.clerk.heapAfterAllMb} MB`,
  );
  say(
    `clerk conversations completed in the timed phases: ${report.clerk.completedConversations}, of which booked: ${report.clerk.bookedConversations}`,
  );
  for (const [target, met] of Object.entries(summary.targets)) say(`${met ? 'MET ' : 'MISSED'}  ${target}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  // The servers are children of this process: they go with it.
  for (const child of children) child.kill();
  process.exit(1);
});

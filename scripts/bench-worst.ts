/**
 * `npm run bench -- --worst`: the costliest turn a citizen can cause. Hostile texts (scripts/bench-hostile-texts.ts,
 * each built to the 2,000 characters the clerk reads) are sent at every kind of question, in Romanian, Persian
 * and English, to the server exactly as `npm start` runs it (dist/bot/server.js, in a process of its own, on a
 * temporary SQLite file), over /api/messages with replies posted to a local serviceUrl (the Emulator's set-up).
 *
 * Each measured turn goes alone into a fresh conversation walked to its question; the server's CPU for it is
 * the sum over its threads of /proc/<pid>/task/<tid>/schedstat (time on a CPU, in ns), read when the server is
 * idle before and after. After a warm-up, each (text, question, language) is measured `--repeats` times
 * (default 5), round after round, and the median counts. Reported: per text, its worst question; the worst
 * turn of all against the 20 ms target.
 * Flags: --repeats N, --json, --langs ro,fa,en, --questions yes/no,date,…, --texts <part of a name>,
 * --server FILE (another build's dist/bot/server.js, e.g. an older commit's, to compare), --profile DIR (a CPU
 * profile of the server, for DevTools).
 */
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createTexts } from '../bot/i18n';
import { loadMunicipality } from '../bot/municipality';
import { LANGS, type Lang } from '../dialogs/municipality';
import { toPersianDigits } from '../dialogs/text/normalize';
import { HOSTILE_TEXTS } from './bench-hostile-texts';
import { postActivity, startChannel, startServer } from './bench-process';
import { QUESTIONS, type Question, type Step } from './bench-worst-questions';
import { hasFlag, option } from './script-env';

const BASELINE = 'a short message ("hmm"), for comparison';
/** No turn may cost more CPU than this, whatever a citizen sends. */
const TARGET_MS = 20;
/** The most the clerk reads of a message (MAX_TEXT_LENGTH in bot/turn-engine.ts). */
const TEXT_LENGTH = 2000;
const LOCALE: Record<Lang, string> = { ro: 'ro-RO', fa: 'fa-IR', en: 'en-US' };

/** CPU time of a process, all its threads, in nanoseconds (Linux). */
function cpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read: its time is gone with it.
    }
  }
  return total;
}

/** The CPU time once the server has stopped working: two reads a few milliseconds apart agree. */
async function idleCpuNs(pid: number): Promise<number> {
  let last = cpuNs(pid);
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 3));
    const now = cpuNs(pid);
    if (now === last) return now;
    last = now;
  }
  return last;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

interface Sample {
  text: string;
  chars: number;
  lang: Lang;
  question: string;
  cpuMs: number[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round2 = (n: number) => Math.round(n * 100) / 100;

export async function worstTurns(argv: string[]): Promise<void> {
  const json = hasFlag(argv, '--json');
  const say = (line: string) => json || process.stdout.write(`${line}\n`);
  if (process.platform !== 'linux') throw new Error('--worst reads /proc/<pid>/task/*/schedstat: Linux only');
  // Five: a turn's CPU now and then includes the server's periodic work (a garbage collection, SQLite's WAL
  // checkpoint), whatever the text; the median of five leaves such a spike out, of three not always.
  const repeats = Math.max(1, Number(option(argv, '--repeats') ?? 5));
  const pick = <T extends { name: string }>(all: T[], flag: string) => {
    const wanted = option(argv, flag)?.split(',');
    return wanted ? all.filter((x) => wanted.some((w) => x.name.includes(w))) : all;
  };
  const langs = (option(argv, '--langs')?.split(',') ?? [...LANGS]) as Lang[];
  const questions = pick(QUESTIONS, '--questions');
  const hostile = [
    // An ordinary turn at the same questions, for comparison: what HTTP, the dialog and storage cost anyway.
    { name: BASELINE, text: 'hmm' },
    ...pick(HOSTILE_TEXTS, '--texts').map((h) => ({ name: h.name, text: h.build(TEXT_LENGTH) })),
  ];
  const serverFile = path.resolve(option(argv, '--server') ?? path.join(__dirname, '..', 'bot', 'server.js'));
  const texts = createTexts(loadMunicipality(process.env.MUNICIPALITY ?? 'cluj-napoca'));
  /** The fixed start of a question's text, to check a walk reached it. */
  const fixedPart = (lang: Lang, key: string) =>
    texts
      .t(lang, key, { official: '\u0000', when: new Date().toISOString(), code: '\u0000', days: 30 })
      .split('\u0000')[0]
      .split('{{')[0]
      .split('\n')[0]
      .slice(0, 40);

  const channel = await startChannel();
  const server = await startServer(serverFile, {}, option(argv, '--profile'));
  let sequence = 0;
  const conversation = (lang: Lang) => {
    const id = `worst-${process.pid}-${++sequence}`;
    const activity = (text?: string) =>
      JSON.stringify({
        type: text === undefined ? 'conversationUpdate' : 'message',
        id: `a${++sequence}`,
        // Citizens' traffic, as Azure Bot Service's Direct Line delivers it (no trace activities for staff).
        channelId: 'directline',
        serviceUrl: channel.url,
        from: { id: `citizen-${id}` },
        recipient: { id: 'clerk' },
        conversation: { id },
        locale: LOCALE[lang],
        text,
        membersAdded: text === undefined ? [{ id: `citizen-${id}` }] : undefined,
      });
    return {
      async send(text?: string): Promise<string> {
        const status = await postActivity(server.port, agent, activity(text));
        if (status !== 200) throw new Error(`HTTP ${status}`);
        return channel.take(id);
      },
    };
  };
  let citizens = 0;
  const typed = (lang: Lang, step: Step) => {
    if (typeof step === 'string') return step;
    if ('label' in step) return texts.t(lang, step.label);
    const digits = String(++citizens % 1_000_000).padStart(6, '0');
    return lang === 'fa'
      ? toPersianDigits(`0912 3${digits}`)
      : `${lang === 'en' ? '+40 ' : '0'}722 ${digits}`;
  };
  /** A fresh conversation at the question; throws if the clerk asked something else. */
  async function walk(lang: Lang, question: Question) {
    const citizen = conversation(lang);
    let reply = await citizen.send();
    for (const step of question.path(lang)) reply = await citizen.send(typed(lang, step));
    if (!reply.includes(fixedPart(lang, question.expect)))
      throw new Error(`${lang}: the walk to "${question.name}" got "${reply.slice(0, 120)}"`);
    return citizen;
  }
  async function measure(lang: Lang, question: Question, text: string): Promise<number> {
    const citizen = await walk(lang, question);
    const before = await idleCpuNs(server.pid);
    await citizen.send(text);
    return ((await idleCpuNs(server.pid)) - before) / 1e6;
  }

  try {
    // Not measured: the first turns of a process are spent compiling (V8's JIT), on its other threads too.
    say(`warming up (every text at ${Math.min(3, questions.length)} questions, not measured)…`);
    for (const question of questions.slice(0, 3))
      for (const { text } of hostile) await measure(langs[0], question, text);

    const samples: Sample[] = langs.flatMap((lang) =>
      questions.flatMap((q) =>
        hostile.map((h) => ({ text: h.name, chars: h.text.length, lang, question: q.name, cpuMs: [] })),
      ),
    );
    for (let round = 1; round <= repeats; round++) {
      say(`round ${round}/${repeats}: ${samples.length} turns, one at a time…`);
      let i = 0;
      for (const lang of langs)
        for (const question of questions)
          for (const { text } of hostile) samples[i++].cpuMs.push(await measure(lang, question, text));
    }

    const turns = samples
      .map((s) => ({ ...s, medianMs: round2(median(s.cpuMs)), cpuMs: s.cpuMs.map(round2) }))
      .sort((a, b) => b.medianMs - a.medianMs);
    const perText = hostile.map(({ name, text }) => {
      const own = turns.filter((t) => t.text === name);
      return {
        text: name,
        chars: text.length,
        worst: own[0],
        medianOfQuestionsMs: round2(median(own.map((t) => t.medianMs))),
      };
    });
    perText.sort((a, b) => b.worst.medianMs - a.worst.medianMs);
    const worst = turns.find((t) => t.text !== BASELINE)!;
    const summary = {
      machine: `${process.platform} ${process.arch}, ${os.cpus().length} cores, Node ${process.version}`,
      date: new Date().toISOString().slice(0, 10),
      server: path.relative(process.cwd(), serverFile),
      repeats,
      targetMs: TARGET_MS,
      worst,
      met: worst.medianMs <= TARGET_MS,
      perText,
      turns,
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    say('');
    say(`${summary.date}, ${summary.machine}; ${summary.server}, median of ${repeats} a turn`);
    say('| text | chars | worst turn, ms of server CPU | at | median over the questions, ms |');
    say('| --- | --- | --- | --- | --- |');
    for (const t of perText)
      say(
        `| ${t.text} | ${t.chars} | ${t.worst.medianMs.toFixed(2)} | ${t.worst.question} (${t.worst.lang}) | ${t.medianOfQuestionsMs.toFixed(2)} |`,
      );
    say('');
    say('the five costliest turns:');
    for (const t of turns.filter((t) => t.text !== BASELINE).slice(0, 5))
      say(
        `  ${t.medianMs.toFixed(2)} ms  ${t.text} at ${t.question} (${t.lang}); samples ${t.cpuMs.join(', ')}`,
      );
    say(
      `${summary.met ? 'MET ' : 'MISSED'}  worst turn ${worst.medianMs.toFixed(2)} ms (${worst.text}, at ${worst.question}, ${worst.lang}; samples ${worst.cpuMs.join(', ')}) ≤ ${TARGET_MS} ms`,
    );
  } finally {
    await server.stop();
    await channel.close();
    agent.destroy();
  }
}

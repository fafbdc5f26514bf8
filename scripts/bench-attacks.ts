/**
 * `npm run bench -- --attacks`: the attacks a public endpoint must shrug off, against the server exactly as
 * `npm start` runs it (dist/bot/server.js, a process of its own, a temporary SQLite file), while another
 * process asks `/healthz` every 20 ms. For each attack: what the clerk answered (statuses, the citizen's
 * sentence), its slowest answer, and the slowest `/healthz` meanwhile (target: under 50 ms throughout).
 *
 * The attacks: the 2,000-character message at a yes/no question, 40 activities of 250 KB on one Direct Line
 * conversation, malformed activities, one phone booking a whole day of one official, reference-code look-ups
 * by the dozen, and a citizen answering every 1.5 s over SMS (who must be served to the end). Flags: --json.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import twilio from 'twilio';
import { createTexts } from '../bot/i18n';
import { loadMunicipality } from '../bot/municipality';
import { startChannel, startServer } from './bench-process';
import { hasFlag } from './script-env';

const HEALTH_TARGET_MS = 50;
const TWILIO_TOKEN = 'bench-attacks-token';
const PUBLIC = 'https://clerk.example.org';

const EMPTY_OUTCOME = {
  attack: '',
  requests: 0,
  statuses: {},
  slowestMs: 0,
  healthMaxMs: 0,
  healthChecks: 0,
};

interface Outcome {
  attack: string;
  requests: number;
  statuses: Record<string, number>;
  /** What the citizen was told, where one was reached (the last distinct sentence). */
  told?: string;
  slowestMs: number;
  healthMaxMs: number;
  healthChecks: number;
  note?: string;
}

/**
 * A separate process asking /healthz every 20 ms for the whole run, each answer's time written as a line
 * (`<epoch ms> <ms taken>`); `during(from, to)` gives the slowest and the count within an attack.
 */
async function probeHealth(port: number) {
  const code = `
    (async () => {
      for (;;) {
        const at = Date.now(), t = performance.now();
        let ms;
        try { const r = await fetch('http://127.0.0.1:${port}/healthz'); await r.arrayBuffer(); ms = performance.now() - t; }
        catch { ms = -1; }
        process.stdout.write(at + ' ' + ms + '\\n');
        await new Promise((r) => setTimeout(r, 20));
      }
    })();`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const samples: [number, number][] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [at, ms] = line.split(' ').map(Number);
    samples.push([at, ms]);
  });
  // The probe's own first requests pay for its HTTP client's start: they are not the server's time.
  while (samples.length < 10) await new Promise((resolve) => setTimeout(resolve, 20));
  return {
    during(from: number, to: number) {
      const within = samples
        .filter(([at]) => at >= from && at <= to)
        .map(([, ms]) => (ms < 0 ? Infinity : ms));
      return { max: Math.max(0, ...within), n: within.length };
    },
    stop: () => child.kill(),
  };
}

export async function attacks(argv: string[]): Promise<void> {
  const json = hasFlag(argv, '--json');
  const city = loadMunicipality('cluj-napoca');
  const texts = createTexts(city);
  const t = (key: string) => texts.t('ro', key);
  const channel = await startChannel();
  const server = await startServer(path.join(__dirname, '..', 'bot', 'server.js'), {
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    PUBLIC_BASE_URL: PUBLIC,
  });
  const base = `http://127.0.0.1:${server.port}`;
  const outcomes: Outcome[] = [];
  let sequence = 0;

  async function timed(request: () => Promise<Response>) {
    const start = performance.now();
    const response = await request();
    const body = await response.text();
    return { status: response.status, body, ms: performance.now() - start };
  }
  const emulator = (conversation: string, activity: Record<string, unknown>) =>
    timed(() =>
      fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          channelId: 'emulator',
          serviceUrl: channel.url,
          from: { id: 'attacker' },
          conversation: { id: conversation },
          locale: 'ro-RO',
          ...activity,
        }),
      }),
    );
  async function say(conversation: string, text: string) {
    await emulator(conversation, { text });
    return channel.take(conversation);
  }

  type Count = (r: { status: number; ms: number }) => void;
  const probe = await probeHealth(server.port);
  async function attack(name: string, run: (o: Outcome, count: Count) => Promise<void>) {
    const from = Date.now();
    const outcome: Outcome = { ...EMPTY_OUTCOME, statuses: {}, attack: name };
    await run(outcome, (r) => {
      outcome.requests++;
      outcome.statuses[r.status] = (outcome.statuses[r.status] ?? 0) + 1;
      outcome.slowestMs = Math.max(outcome.slowestMs, r.ms);
    });
    // The probe's last answers of the attack arrive a moment after it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = probe.during(from, Date.now());
    outcome.healthMaxMs = Math.round(health.max * 10) / 10;
    outcome.healthChecks = health.n;
    outcome.slowestMs = Math.round(outcome.slowestMs * 10) / 10;
    outcomes.push(outcome);
  }

  // A citizen on the way to a booking with a head of department, up to `stop` answers.
  const toSlots = (phone: string) => [
    t('choice.audience'),
    t('choice.levelHead'),
    t('choice.yes'),
    '123456/2026',
    '01.09.2026',
    t('choice.outcomeNegative'),
    'groapă mare în asfalt pe strada Horea nr. 10',
    '1',
    'Ioana Pop',
    phone,
    '4',
    t('choice.yes'),
  ];

  try {
    const atYesNo = async (o: Outcome, count: Count, times: number) => {
      for (let i = 0; i < times; i++) {
        const id = `nu-${++sequence}`;
        await say(id, t('choice.audience'));
        await say(id, t('choice.levelHead'));
        const r = await emulator(id, { text: 'nu '.repeat(665) + 'yes' });
        count(r);
        o.told = channel.take(id).split('\n')[0];
      }
    };
    await attack('2,000 characters at a yes/no question (×10)', (o, count) => atYesNo(o, count, 10));

    await attack('40 × 250 KB on one Direct Line conversation', async (o, count) => {
      const dbFile = server.databasePath;
      const before = statSync(dbFile).size;
      const token = JSON.parse(
        await (await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST' })).text(),
      ).token as string;
      const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      const id = JSON.parse(
        await (await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: auth })).text(),
      ).conversationId as string;
      const body = JSON.stringify({ type: 'message', from: { id: 'x' }, text: 'x'.repeat(250_000) });
      for (let i = 0; i < 40; i++)
        count(
          await timed(() =>
            fetch(`${base}/v3/directline/conversations/${id}/activities`, {
              method: 'POST',
              headers: auth,
              body,
            }),
          ),
        );
      const read = await timed(() =>
        fetch(`${base}/v3/directline/conversations/${id}/activities`, { headers: auth }),
      );
      o.note = `database grew ${statSync(dbFile).size - before} bytes; a GET of the conversation: ${read.body.length} bytes`;
    });

    await attack('malformed activities', async (_o, count) => {
      const bodies = [
        JSON.stringify({
          type: 'message',
          channelId: 'emulator',
          serviceUrl: channel.url,
          from: { id: 'a' },
          conversation: { id: 'm' },
          locale: 5,
        }),
        JSON.stringify({
          channelId: 'emulator',
          serviceUrl: channel.url,
          from: { id: 'a' },
          conversation: { id: 'm' },
        }),
        '',
        'null',
        '{"type": "message", "text": ',
      ];
      for (const body of bodies)
        count(
          await timed(() =>
            fetch(`${base}/api/messages`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body,
            }),
          ),
        );
      count(
        await timed(() =>
          fetch(`${base}/api/messages`, {
            method: 'POST',
            headers: { 'Content-Type': 'text/plain' },
            body: 'hi',
          }),
        ),
      );
    });

    await attack('one phone booking a whole day of one official (5 conversations)', async (o, count) => {
      const told = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const id = `day-${++sequence}`;
        for (const answer of toSlots('0722 123 456')) await say(id, answer);
        // The first place offered (the same day each time while it has room), then the confirmation.
        await say(id, '1');
        const r = await emulator(id, { text: t('choice.confirm') });
        count(r);
        told.add(channel.take(id).split('\n')[0]);
      }
      const db = new Database(server.databasePath, { readonly: true });
      const booked = db
        .prepare("SELECT resource_id, day FROM bookings WHERE phone = '+40722123456' AND status = 'booked'")
        .all() as { resource_id: string; day: string }[];
      db.close();
      o.told = [...told].join(' | ');
      o.note = `bookings this phone holds: ${booked.length} (${booked.map((b) => `${b.resource_id} ${b.day}`).join(', ')})`;
    });

    await attack('reference-code look-ups by the dozen (one conversation)', async (o, count) => {
      const id = `lookup-${++sequence}`;
      await say(id, t('choice.myBooking'));
      const told = new Set<string>();
      for (let i = 0; i < 24; i++) {
        await say(id, 'ACDE-3467');
        const r = await emulator(id, { text: `07229876${String(i).padStart(2, '0')}` });
        count(r);
        told.add(channel.take(id).split('\n')[0]);
        await say(id, t('choice.tryAgain'));
      }
      o.told = [...told].join(' | ');
    });

    await attack('a citizen answering every 1.5 s over SMS', async (o, count) => {
      const from = '+40722555111';
      const sms = (body: string) => {
        const params = {
          MessageSid: `SM${++sequence}`,
          From: from,
          To: '+40700000001',
          Body: body,
          NumMedia: '0',
        };
        return timed(() =>
          fetch(`${base}/api/twilio`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
                TWILIO_TOKEN,
                `${PUBLIC}/api/twilio`,
                params,
              ),
            },
            body: new URLSearchParams(params),
          }),
        );
      };
      const answers = [
        'vreau audiență',
        '1',
        '1',
        '123456/2026',
        '01.09.2026',
        '1',
        'groapă mare în asfalt pe strada Horea nr. 10',
        '1',
        'Ioana Pop',
        '4',
        '1',
        '1',
        '1',
      ];
      let last = '';
      for (const answer of answers) {
        const started = performance.now();
        const r = await sms(answer);
        count(r);
        last = r.body;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, 1500 - (performance.now() - started))),
        );
      }
      const code = /[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(last)?.[0];
      o.note = code ? `booked: ${code.slice(0, 2)}…` : 'NOT booked';
    });
  } finally {
    probe.stop();
    await server.stop();
    await channel.close();
  }

  if (json) {
    process.stdout.write(
      `${JSON.stringify({ city: city.id, healthTargetMs: HEALTH_TARGET_MS, outcomes })}\n`,
    );
    return;
  }
  for (const o of outcomes) {
    const statuses = Object.entries(o.statuses)
      .map(([s, n]) => `${n}× ${s}`)
      .join(', ');
    const health = `${o.healthMaxMs} ms over ${o.healthChecks} checks ${o.healthMaxMs < HEALTH_TARGET_MS ? '(met)' : '(MISSED)'}`;
    process.stdout.write(
      `\n${o.attack}\n  answers: ${statuses}; slowest ${o.slowestMs} ms\n  /healthz slowest: ${health}\n`,
    );
    if (o.told) process.stdout.write(`  told: ${o.told.slice(0, 160)}\n`);
    if (o.note) process.stdout.write(`  ${o.note}\n`);
  }
}

/**
 * Bucharest Sector 1's Citizen Office (counter appointments) as tables of turns, for the end-to-end tests: a
 * clerk per test on the Sector 1 data with a clock the test may move, the office's facts read from its data
 * file, a citizen's words and contact in each language, places of a day, and a day filled in the store.
 */
import { smsPlain } from '../../bot/notify/sms-segments';
import { readFileSync } from 'node:fs';
import { loadMunicipality } from '../../bot/municipality';
import { localesPath } from '../../bot/paths';
import type { Reservation } from '../../bot/store/booking-store';
import type { Slot } from '../../dialogs/appointment';
import { counterBookings } from '../../dialogs/counter/bookings';
import type { Lang } from '../../dialogs/municipality';
import type { Param, Params } from '../../dialogs/reply';
import { zonedInstant } from '../../dialogs/rules/slot-engine';
import {
  citizen,
  MONDAY_10AM,
  startChannel,
  startClerk,
  tempDir,
  textOf,
  type ChannelActivity,
  type RunningClerk,
} from './clerk';

/** The locale the Emulator sends for each language. */
export const LOCALE: Record<Lang, string> = { ro: 'ro-RO', fa: 'fa-IR', en: 'en-US' };
export const LANGS: Lang[] = ['ro', 'fa', 'en'];
export const SECTOR_1 = { MUNICIPALITY: 'bucuresti-sector-1' };

/** The office's data, as the clerk loads it. */
export const office = loadMunicipality('bucuresti-sector-1');
export const rules = office.counter!;
export const serviceOf = (id: string) => rules.services.find((s) => s.id === id)!;
export const elsewhereOf = (id: string) => rules.elsewhere.find((e) => e.id === id)!;
export const resourceOf = (id: string) => counterBookings.resources(office).find((r) => r.id === id)!;

/** Tuesday 24 November 2026, the day after the clerk's clock (MONDAY_10AM). */
export const TUESDAY = '2026-11-24';

/** The instant (ISO) of a service's `time`-th place of a day (the first at the day's opening). */
export function placeAt(resourceId: string, day: string, time: number): string {
  const resource = resourceOf(resourceId);
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
  const session = resource.sessions.find((s) => s.weekday === weekday)!;
  return new Date(
    zonedInstant(day, session.start, office.timeZone) + time * resource.minutesEach * 60_000,
  ).toISOString();
}

/** Every place of a service's day: each time of the day's session at each of the service's counters. */
export function placesOf(resourceId: string, day: string): Slot[] {
  const resource = resourceOf(resourceId);
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
  const session = resource.sessions.find((s) => s.weekday === weekday)!;
  return Array.from({ length: session.times * resource.parallel }, (_, seq) => {
    const start = placeAt(resourceId, day, Math.floor(seq / resource.parallel));
    return {
      resourceId,
      day,
      seq,
      start,
      end: new Date(Date.parse(start) + resource.minutesEach * 60_000).toISOString(),
    };
  });
}

/** A booking of a place by someone else, straight in the store (each its own phone: one a service a day). */
export function reservationOf(slot: Slot, n: number): Reservation {
  const phone = `+40733${String(100_000 + n).padStart(6, '0')}`;
  return {
    request: {
      procedure: 'counter',
      slot,
      name: `Citizen ${n}`,
      phone,
      details: { service: slot.resourceId },
    },
    lang: 'ro',
    channel: 'test',
    conversationId: `filled-${n}`,
    confirmation: (code) => ({ channel: 'sms', to: phone, body: `Programarea ${code}`, segments: 1 }),
  };
}

/** A citizen booking a counter, in each language: what they write, and their contact as typed and as kept. */
export const booker: Record<Lang, { taxes: string; name: string; phone: string; e164: string }> = {
  ro: {
    taxes: 'vreau să plătesc impozitul pe casă',
    name: 'Ioana Pop',
    phone: '0722 123 456',
    e164: '+40722123456',
  },
  fa: {
    taxes: 'می‌خواهم مالیات خانه‌ام را بپردازم',
    name: 'علی رضایی',
    phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
    e164: '+989123456789',
  },
  en: {
    taxes: 'I need to pay my property tax',
    name: 'Jane Doe',
    phone: '+40 722 123 456',
    e164: '+40722123456',
  },
};

/** Where a booking is, as the clerk says it: the office, its address and the service's counter. */
export const whereParams = (counter: number): Params => ({
  office: rules.office,
  address: rules.address,
  counter,
});
export const whereParam = (counter: number): Param => ({ t: 'counter:where', params: whereParams(counter) });

/** SMS bodies are compared with the locale texts both written as an SMS writes them (bot/notify/sms-segments.ts). */
export const smsFold = smsPlain;

/**
 * What a citizen types (`{ label }`: the text of that choice, with its parameters) and the answer expected: the
 * locale key `expect` (`counter:` for the office's own texts). With `params` the whole text is compared, values
 * included; a function of the answer gives what only the clerk knows beforehand (the code). Without them, every
 * fixed word of the text, any value in its places.
 */
export interface Turn {
  say: string | { label: string; params?: Params };
  expect: string;
  params?: Params | ((answer: string) => Params);
}

export const codeIn = (answer: string) => answer.match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0] ?? '(no code)';
export const icsUrlIn = (answer: string) => answer.match(/https?:\/\/\S+\.ics/)?.[0] ?? '(no link)';

const locales = Object.fromEntries(
  LANGS.map((lang) => [
    lang,
    Object.fromEntries(
      ['clerk', 'counter'].map((ns) => [
        ns,
        JSON.parse(readFileSync(localesPath(lang, `${ns}.json`), 'utf8')),
      ]),
    ),
  ]),
) as Record<Lang, Record<string, unknown>>;

/** A locale text as a pattern: every fixed word in order, anything in the places of its values. */
export function templatePattern(lang: Lang, key: string): RegExp | undefined {
  const [ns, path] = key.includes(':') ? key.split(':') : ['clerk', key];
  let node: unknown = locales[lang][ns];
  for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') return undefined;
  const fixed = node.split(/\{\{[^}]*\}\}|\$t\([^)]*\)/);
  return new RegExp(fixed.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*?'));
}

export interface OfficeContext {
  channel: Awaited<ReturnType<typeof startChannel>>;
  app: RunningClerk;
  tmp: ReturnType<typeof tempDir>;
  /** The clerk's clock: MONDAY_10AM unless a test sets it before its first turn. */
  clock: { now: Date };
}

/**
 * The hooks of a test file: one channel for the file, and for each test a Sector 1 clerk on a fresh SQLite file
 * with its clock reset to MONDAY_10AM (10:00 in Bucharest too), closed and removed afterwards.
 */
export function officeClerkPerTest(): OfficeContext {
  const ctx = { clock: { now: MONDAY_10AM } } as OfficeContext;
  beforeAll(async () => {
    ctx.channel = await startChannel();
  });
  afterAll(async () => {
    await ctx.channel?.close();
  });
  beforeEach(async () => {
    ctx.clock.now = MONDAY_10AM;
    ctx.tmp = tempDir();
    ctx.app = await startClerk({
      dbPath: `${ctx.tmp.dir}/clerk.db`,
      now: () => ctx.clock.now,
      env: SECTOR_1,
    });
  });
  afterEach(async () => {
    try {
      await ctx.app?.close();
    } finally {
      ctx.tmp?.remove();
    }
  });
  return ctx;
}

/** `play` (a new conversation, greeted first) and `goOn` (one under way) bound to a test file's clerk. */
export function officeTables(ctx: OfficeContext) {
  const t = (lang: Lang, key: string, params?: Params) => ctx.app.clerk.texts.t(lang, key, params);

  function expected(lang: Lang, turn: Turn, answer: string) {
    if (turn.params) {
      const params = typeof turn.params === 'function' ? turn.params(answer) : turn.params;
      return expect.stringContaining(t(lang, turn.expect, params));
    }
    const pattern = templatePattern(lang, turn.expect);
    if (!pattern) throw new Error(`no text ${turn.expect} in ${lang}`);
    return expect.stringMatching(pattern);
  }

  type Who = ReturnType<typeof citizen>;
  async function goOn(lang: Lang, who: Who, turns: Turn[]) {
    let last: ChannelActivity[] = [];
    for (const turn of turns) {
      const text = typeof turn.say === 'string' ? turn.say : t(lang, turn.say.label, turn.say.params);
      last = await who.say(text);
      const got = textOf(last);
      expect({ said: text, got }).toEqual({ said: text, got: expected(lang, turn, got) });
    }
    return { who, last };
  }

  async function play(lang: Lang, turns: Turn[]) {
    const who = citizen(ctx.app.baseUrl, ctx.channel, LOCALE[lang]);
    const greeting = await who.start();
    expect(textOf(greeting)).toEqual(expected(lang, { say: '', expect: 'welcome.greeting' }, ''));
    return goOn(lang, who, turns);
  }

  return { play, goOn, t };
}

/**
 * A citizen at the Citizen Office without an appointment asks the clerk for a queue ticket (Bucharest Sector 1
 * City Hall, Citizen Office announcement: booked citizens first, walk-ins take a ticket): through the real turn
 * engine, the trained NLU and a real SQLite file, in Romanian, English and Persian. Cluj-Napoca, which has no
 * counters, answers as it always does.
 */
import path from 'node:path';
import type { Lang } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import { MONDAY_10AM, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { placesOf, reservationOf, SECTOR_1, serviceOf } from '../helpers/citizen-office';

const tmp = tempDir();
afterAll(() => tmp.remove());
let app: RunningClerk;
const clock = { now: MONDAY_10AM };
let n = 0;

async function start(env: Record<string, string> = SECTOR_1) {
  app = await startClerk({ dbPath: path.join(tmp.dir, `clerk-${++n}.db`), now: () => clock.now, env });
}
afterEach(async () => {
  await app?.close();
  clock.now = MONDAY_10AM;
});

const LOCALES: Record<Lang, string> = { ro: 'ro-RO', fa: 'fa-IR', en: 'en-US' };
function conversation(lang: Lang, id = `walk-${lang}-${++n}`) {
  const say = (text: string) =>
    app.clerk.engine.handle({
      conversationId: id,
      channel: 'emulator',
      kind: 'message',
      text,
      locale: LOCALES[lang],
    });
  const t = (key: string, params?: Params) => app.clerk.texts.t(lang, key, params);
  return {
    id,
    say,
    t,
    /** Taps a button by its label, as the channels send it. */
    choose: (key: string, params?: Params) => say(t(key, params)),
  };
}
const textOf = (r: { replies: { text: string }[] }) => r.replies.map((x) => x.text).join('\n');
const tickets = () =>
  app.clerk.db
    .prepare(
      'SELECT resource_id AS resourceId, day, number, conversation_id AS conversationId, status FROM walk_in_tickets ORDER BY id',
    )
    .all() as { resourceId: string; day: string; number: number; conversationId: string; status: string }[];

describe('a walk-in ticket at the Citizen Office', () => {
  it('ro: asks which counter, then gives ticket 1 with no wait; a second citizen gets 2 with a wait; asking again gives the same ticket', async () => {
    await start();
    const ana = conversation('ro');
    const first = await ana.say('sunt la ghișeu, nu am programare');
    expect(first.trace.said).toContain('counter:askServiceWalkIn');
    const taxes = serviceOf('local-taxes');
    const ticket = await ana.choose('counter:serviceChoice', { name: taxes.name });
    expect(ticket.trace.said).toEqual(['counter:ticket.issued', 'counter:ticket.noWait', 'menu.prompt']);
    expect(textOf(ticket)).toContain(ana.t('counter:ticket.issued', { service: taxes.name, number: 1 }));
    expect(tickets()).toEqual([
      { resourceId: 'local-taxes', day: '2026-11-23', number: 1, conversationId: ana.id, status: 'waiting' },
    ]);

    // The service named in the first message: no question, the next number, and a wait for the one ahead.
    const ion = conversation('ro');
    const second = await ion.say('am venit fără programare pentru impozitul pe casă, vreau un bon');
    expect(second.trace.said.slice(0, 2)).toEqual(['counter:ticket.issued', 'counter:ticket.wait']);
    // One ticket ahead, 20 minutes shared by the service's 4 counters: 5 minutes.
    expect(textOf(second)).toContain(ion.t('counter:ticket.wait', { ahead: 1, minutes: 5 }));
    expect(textOf(second)).toContain(ion.t('counter:ticket.issued', { service: taxes.name, number: 2 }));

    const again = await ana.say('sunt la ghișeu, nu am programare');
    await ana.choose('counter:serviceChoice', { name: taxes.name }).then((r) => {
      expect(r.trace.said[0]).toBe('counter:ticket.again');
      expect(textOf(r)).toContain(ana.t('counter:ticket.again', { service: taxes.name, number: 1 }));
    });
    expect(again.trace.said).toContain('counter:askServiceWalkIn');
    expect(tickets().map((t) => t.number)).toEqual([1, 2]);
  });

  it('en: the wait counts the booked citizens due meanwhile, who go first', async () => {
    await start();
    // The place under way at 10:00 (09:50–10:10) at all four tax counters is booked: they go before any ticket.
    const now = placesOf('local-taxes', '2026-11-23').filter(
      (p) => p.start <= MONDAY_10AM.toISOString() && p.end > MONDAY_10AM.toISOString(),
    );
    expect(now).toHaveLength(4);
    for (const [i, slot] of now.entries())
      await app.clerk.bookings.reserve(reservationOf(slot, i), MONDAY_10AM);
    const jane = conversation('en');
    const asked = await jane.say("I'm at the office without an appointment");
    expect(asked.trace.said).toContain('counter:askServiceWalkIn');
    const r = await jane.say('local taxes');
    expect(r.trace.said.slice(0, 2)).toEqual(['counter:ticket.issued', 'counter:ticket.wait']);
    // No ticket ahead, four booked citizens due now: 4 × 20 ÷ 4 = 20 minutes.
    expect(textOf(r)).toContain(jane.t('counter:ticket.wait', { ahead: 0, minutes: 20 }));
  });

  it('fa: the same through the Persian model', async () => {
    await start();
    const sara = conversation('fa');
    const asked = await sara.say('من الان در دفتر هستم و نوبت ندارم');
    expect(asked.trace.said).toContain('counter:askServiceWalkIn');
    const r = await sara.choose('counter:serviceChoice', { name: serviceOf('urbanism').name });
    expect(r.trace.said[0]).toBe('counter:ticket.issued');
    expect(tickets()).toMatchObject([{ resourceId: 'urbanism', number: 1 }]);
  });

  it('outside the hours: when the counters open, and no ticket', async () => {
    await start();
    // Monday 18:00 in Bucharest: closed since 16:30, open again on Tuesday at 08:30.
    clock.now = new Date('2026-11-23T16:00:00Z');
    const c = conversation('en');
    await c.say("I'm at the office without an appointment");
    const r = await c.say('local taxes');
    expect(r.trace.said[0]).toBe('counter:ticket.closedOn');
    expect(textOf(r)).toContain(
      c.t('counter:ticket.closedOn', {
        service: serviceOf('local-taxes').name,
        day: '2026-11-24',
        from: '08:30',
      }),
    );
    // Before opening on the same day: today, at 08:30.
    clock.now = new Date('2026-11-24T05:00:00Z');
    const early = conversation('ro');
    await early.say('sunt la ghișeu, nu am programare');
    const e = await early.say('impozitul pe clădire');
    expect(e.trace.said[0]).toBe('counter:ticket.closedToday');
    expect(tickets()).toEqual([]);
  });

  it('in Cluj-Napoca (no counters) the same words get the clerk’s usual answer, nothing breaks', async () => {
    await start({});
    const c = conversation('ro');
    const r = await c.say('sunt la ghișeu, nu am programare');
    expect(r.replies.length).toBeGreaterThan(0);
    expect(r.trace.said.some((k) => k.startsWith('counter:') || k.startsWith('errors.'))).toBe(false);
    expect(tickets()).toEqual([]);
    const en = await conversation('en').say("I'm at the office without an appointment");
    expect(en.trace.said.some((k) => k.startsWith('counter:') || k.startsWith('errors.'))).toBe(false);
  });
});

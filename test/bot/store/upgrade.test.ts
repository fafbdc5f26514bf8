/**
 * A database made by the clerk before appointments became generic (test/fixtures/clerk-before-appointments.db,
 * built by the code of that time through real conversations) upgrades on start with nothing lost: every
 * booking keeps its code, its place, its calendar link and its SMS and reminders; "my booking" finds it with
 * its code and phone and moves it; the conversations left mid-dialog go on.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { closeAfterEach } from '../../helpers/cleanup';
import { startClerk, tempDir, type RunningClerk } from '../../helpers/clerk';

const FIXTURES = path.join(__dirname, '../../fixtures');
interface Manifest {
  clock: string;
  config: Record<string, string>;
  bookings: {
    id: number;
    code: string;
    phone: string;
    icsToken: string;
    officialId: string;
    day: string;
    seq: number;
    start: string;
    status: 'booked' | 'cancelled';
    lang: string;
    mode: string;
    name: string;
    outbox: { id: number; kind: string; status: string; sendAfter: string | null }[];
  }[];
  conversations: { id: string; channel: string; lang: string; state: string }[];
}
const manifest = JSON.parse(
  readFileSync(path.join(FIXTURES, 'clerk-before-appointments.json'), 'utf8'),
) as Manifest;

let app: RunningClerk;
const tmp = tempDir();
const closeLater = closeAfterEach();
afterAll(() => tmp.remove());

beforeEach(async () => {
  const dbPath = path.join(tmp.dir, `upgraded-${Date.now()}.db`);
  // Opening migrates the file and turns on WAL: the checked-in file is never opened itself.
  copyFileSync(path.join(FIXTURES, 'clerk-before-appointments.db'), dbPath);
  app = await startClerk({ dbPath, now: () => new Date(manifest.clock), env: manifest.config });
  closeLater(() => app.close());
});

describe('a database from before generic appointments, upgraded on start', () => {
  it('applies the migration once, keeping every booking with its code, place, phone and details', async () => {
    const { db } = app.clerk;
    expect(
      db.prepare("SELECT count(*) FROM schema_migrations WHERE name = '008_appointments.sql'").pluck().get(),
    ).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    for (const b of manifest.bookings) {
      const row = db
        .prepare(
          `SELECT id, code, procedure, resource_id AS resourceId, day, seq, start_at AS start, status, phone, name,
             lang, ics_token AS icsToken, details_json AS details FROM bookings WHERE code = ?`,
        )
        .get(b.code) as Record<string, unknown>;
      expect(row).toMatchObject({
        id: b.id,
        procedure: 'audience',
        resourceId: b.officialId,
        day: b.day,
        seq: b.seq,
        start: b.start,
        status: b.status,
        phone: b.phone,
        name: b.name,
        lang: b.lang,
        icsToken: b.icsToken,
      });
      expect(JSON.parse(row.details as string)).toMatchObject({ mode: b.mode, level: expect.any(String) });
    }
  });

  it('keeps each booking’s SMS and reminders, still tied to it, as they were', async () => {
    const rows = app.clerk.db
      .prepare(
        'SELECT o.id, o.kind, o.status, o.send_after AS sendAfter, b.code FROM outbox o JOIN bookings b ON b.id = o.booking_id',
      )
      .all() as { id: number; kind: string; status: string; sendAfter: string | null; code: string }[];
    const expected = manifest.bookings.flatMap((b) =>
      b.outbox.map((o) => ({
        id: o.id,
        kind: o.kind,
        status: o.status,
        sendAfter: o.sendAfter,
        code: b.code,
      })),
    );
    expect(rows.sort((a, b) => a.id - b.id)).toEqual(expected.sort((a, b) => a.id - b.id));
    expect(
      rows.filter((r) => r.kind === 'booking.reminder' && r.status === 'pending').length,
    ).toBeGreaterThan(0);
  });

  it('the calendar links of standing bookings still open, those of cancelled ones do not', async () => {
    for (const b of manifest.bookings) {
      const response = await fetch(`${app.baseUrl}/ics/${b.icsToken}.ics`);
      expect({ code: b.code, status: response.status }).toEqual({
        code: b.code,
        status: b.status === 'booked' ? 200 : 404,
      });
      if (b.status === 'booked') expect(await response.text()).toContain(b.code);
    }
  });

  it('"my booking" finds a booking with its code and phone, and moves it', async () => {
    const booked = manifest.bookings.find((b) => b.status === 'booked' && b.lang === 'ro')!;
    const say = (text: string) =>
      app.clerk.engine.handle({
        conversationId: 'emulator:after-upgrade',
        channel: 'emulator',
        kind: 'message',
        text,
        locale: 'ro-RO',
      });
    await say('bună ziua');
    await say(booked.code);
    const shown = await say(booked.phone);
    expect(shown.state).toBe('showBooking');
    expect(shown.replies.map((r) => r.text).join('\n')).toContain(booked.code);
    const move = await app.clerk.engine.handle({
      conversationId: 'emulator:after-upgrade',
      channel: 'emulator',
      kind: 'message',
      text: app.clerk.texts.t('ro', 'choice.moveBooking'),
    });
    expect(move.state).toBe('chooseNewSlot');
    const cancelled = manifest.bookings.find((b) => b.status === 'cancelled')!;
    expect(await app.clerk.bookings.find({ code: cancelled.code, phone: cancelled.phone })).toBeUndefined();
  });

  it('a conversation left mid-dialog goes on: its next turn is answered, never an error', async () => {
    for (const c of manifest.conversations.filter((c) => c.state !== 'menu')) {
      const next = await app.clerk.engine.handle({
        conversationId: c.id,
        channel: c.channel,
        kind: 'message',
        text: 'ajutor',
      });
      expect({ id: c.id, state: next.state, said: next.replies.length > 0 }).toEqual({
        id: c.id,
        state: expect.not.stringMatching(/^error$/),
        said: true,
      });
    }
  });
});

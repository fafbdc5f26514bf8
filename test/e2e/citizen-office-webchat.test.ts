/**
 * Bucharest Sector 1's Citizen Office on its web page's channel (the self-hosted Direct Line Web Chat uses): a
 * local-taxes appointment booked in Persian, the calendar invite a named button, and its SMS in the outbox.
 */
import { startClerk, tempDir, type RunningClerk } from '../helpers/clerk';

let tmp: ReturnType<typeof tempDir>;
let app: RunningClerk;

beforeAll(async () => {
  tmp = tempDir();
  app = await startClerk({ dbPath: `${tmp.dir}/clerk.db`, env: { MUNICIPALITY: 'bucuresti-sector-1' } });
});
afterAll(async () => {
  await app.close();
  tmp.remove();
});

interface Activity {
  text?: string;
  from: { id: string; role?: string };
  suggestedActions?: { actions: { title: string }[] };
  attachments?: { content?: { buttons?: { type: string; title: string; value: string }[] } }[];
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${app.baseUrl}/v3/directline${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

it('a local-taxes appointment booked in Persian on the web page, with a named calendar button and an SMS', async () => {
  const t = (key: string, params?: Record<string, string>) => app.clerk.texts.t('fa', key, params);
  const { token } = (await call('POST', '/tokens/generate', undefined, { locale: 'fa-IR' })) as {
    token: string;
  };
  const { conversationId: id } = (await call('POST', '/conversations', token)) as { conversationId: string };
  let watermark = '';
  /** Says something and returns the clerk's answer to it: its texts, its buttons, its cards' buttons. */
  async function say(text: string) {
    await call('POST', `/conversations/${id}/activities`, token, {
      type: 'message',
      from: { id: 'citizen' },
      text,
    });
    const page = await call('GET', `/conversations/${id}/activities?watermark=${watermark}`, token);
    watermark = String(page.watermark);
    const bot = (page.activities as Activity[]).filter(
      (a) => a.from.role === 'bot' || a.from.id !== 'citizen',
    );
    return {
      text: bot.map((a) => a.text ?? '').join('\n'),
      // The buttons offered last: the question's answers.
      buttons: bot.at(-1)?.suggestedActions?.actions.map((b) => b.title) ?? [],
      cards: bot.flatMap((a) => (a.attachments ?? []).flatMap((c) => c.content?.buttons ?? [])),
    };
  }

  // Said in Persian words: the service is known, the days come at once.
  const days = await say('می‌خواهم مالیات خانه را پرداخت کنم');
  expect(days.text).toContain(t('counter:askDay', { service: 'مالیات و عوارض محلی' }).slice(0, 20));
  const times = await say(days.buttons[0]);
  expect(times.text).toContain(t('counter:askTime', { day: '' }).slice(0, 10));
  expect((await say(times.buttons[0])).text).toContain(t('contact.askName'));
  expect((await say('علی رضایی')).text).toContain(t('contact.askPhone'));
  expect((await say('۰۷۲۲ ۱۲۳ ۴۵۶')).text).toContain(t('contact.askConsent', { data: '' }).slice(0, 20));
  const summary = await say(t('choice.yes'));
  expect(summary.text).toContain('مالیات و عوارض محلی');
  const booked = await say(t('choice.confirm'));
  const code = booked.text.match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0];
  expect(code).toBeDefined();
  expect(booked.text).toContain(t('counter:priority'));
  // The calendar invite: a button named in Persian, not an address in the text.
  expect(booked.cards).toEqual([
    { type: 'openUrl', title: t('choice.calendar'), value: expect.stringMatching(/\.ics$/) },
  ]);
  expect(booked.text).not.toMatch(/\.ics/);

  const [booking] = await app.clerk.db
    .prepare("SELECT code, procedure, resource_id AS resourceId FROM bookings WHERE status = 'booked'")
    .all();
  expect(booking).toEqual({ code, procedure: 'counter', resourceId: 'local-taxes' });
  const sms = (await app.clerk.outbox.list()).find((m) => m.kind === 'booking.confirmation');
  expect(sms).toMatchObject({ to: '+40722123456' });
  expect(sms!.body).toContain(code!);
});

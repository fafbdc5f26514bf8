/**
 * A person in the conversation, over HTTP against the real clerk: a citizen in the web widget (Direct Line) asks
 * for a person; the desk lists the request with its transcript and question; a staff member takes it (a second
 * is told who holds it); the clerk stays quiet while the citizen's words reach the desk; the person's message
 * reaches the widget under their first name; handing back, the clerk asks again where the citizen was and
 * answers again. By SMS the person's message goes through the outbox. Roles, CSRF and the audit log.
 */
import twilio from 'twilio';
import { smsPlain } from '../../bot/notify/sms-segments';
import { closeAfterEach } from '../helpers/cleanup';
import {
  citizen as emulatorCitizen,
  MONDAY_10AM,
  sharedNlu,
  startChannel,
  startClerk,
  tempDir,
  type RunningClerk,
} from '../helpers/clerk';
import { addStaff, deskClient } from '../helpers/desk';

const TOKEN = 'test-auth-token';
const PUBLIC = 'https://clerk.example.org';

interface Activity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string; name?: string };
}

describe('the staff desk: a person in the conversation', () => {
  let tmp: ReturnType<typeof tempDir>;
  let app: RunningClerk;
  const closeLater = closeAfterEach();
  // The NLU is trained once for the file, before the first test's clock starts (slow on a busy machine).
  beforeAll(() => sharedNlu(), 180_000);

  async function start() {
    tmp = tempDir();
    app = await startClerk({
      dbPath: `${tmp.dir}/clerk.db`,
      now: () => MONDAY_10AM,
      env: { PUBLIC_BASE_URL: PUBLIC, TWILIO_AUTH_TOKEN: TOKEN },
    });
    closeLater(() => tmp.remove());
    closeLater(() => app.close());
  }
  const t = (key: string, params?: Record<string, string | number>) => app.clerk.texts.t('en', key, params);

  async function call(method: string, path: string, token?: string, body?: unknown) {
    const response = await fetch(`${app.baseUrl}/v3/directline${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** A citizen in the web widget: their conversation, what they write, and what they see after a watermark. */
  async function widget() {
    const generated = await call('POST', '/tokens/generate', undefined, { locale: 'en-GB' });
    const token = String(generated.body.token);
    const id = String((await call('POST', '/conversations', token)).body.conversationId);
    let watermark = '0';
    return {
      id,
      say: (text: string) =>
        call('POST', `/conversations/${id}/activities`, token, {
          type: 'message',
          from: { id: 'citizen' },
          text,
        }),
      /** The activities since the last call. */
      async fresh(): Promise<Activity[]> {
        const r = await call('GET', `/conversations/${id}/activities?watermark=${watermark}`, token);
        watermark = String(r.body.watermark);
        return r.body.activities as Activity[];
      },
    };
  }

  const bot = (activities: Activity[]) => activities.filter((a) => a.from.role === 'bot');
  const auditActions = () =>
    app.clerk.db
      .prepare<[], { action: string; conversationId: string; detail: string }>(
        'SELECT action, conversation_id AS conversationId, detail_json AS detail FROM audit_log ORDER BY id',
      )
      .all()
      .filter((a) => a.action.startsWith('conversation.'));

  it('takes a web widget conversation, writes in it live, and hands back to the clerk where the citizen was', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk', { firstName: 'Ana' });
    await addStaff(app, 'bob@cluj.ro', 'admin', { firstName: 'Bob' });
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    const bob = await deskClient(app.baseUrl, 'bob@cluj.ro');

    // The citizen starts an audience, then asks for a person in the middle of its first question.
    const citizen = await widget();
    await citizen.say(t('choice.audience'));
    await citizen.say('talk to a person');
    const asked = bot(await citizen.fresh()).map((a) => a.text ?? '');
    expect(asked.at(-1)).toContain(t('person.askPhone'));
    await citizen.say('0722 123 456');
    // Recorded; meanwhile the clerk goes back to the question the citizen was on, the audience kept.
    const recorded = bot(await citizen.fresh()).map((a) => a.text ?? '');
    expect(recorded.join('\n')).toContain('I have passed your request to a colleague');
    expect(recorded.at(-1)).toContain(t('audience.askLevel'));
    const [request] = await app.clerk.staff.open();
    expect(request).toMatchObject({ conversationId: `webchat:${citizen.id}`, channel: 'webchat' });
    expect(request.during).toBe('audience.askLevel');

    // The desk lists it with the transcript and the question the citizen was on.
    const list = await ana.get('/staff/people');
    expect(list.status).toBe(200);
    expect(list.text).toContain('talk to a person');
    expect(list.text).toContain('0722');
    const question = t(request.during!).slice(0, 30).replace(/&/g, '&amp;').replace(/'/g, '&#39;');
    expect(list.text).toContain(question);
    expect(list.text).toContain(`action="/staff/people/${request.id}/take"`);

    // Ana takes it; Bob is told she holds it.
    const taken = await ana.post(`/staff/people/${request.id}/take`);
    expect(taken).toMatchObject({ status: 303, location: `/staff/people/${request.id}` });
    const second = await bob.post(`/staff/people/${request.id}/take`);
    expect(second.status).toBe(409);
    expect(second.text).toContain(app.clerk.texts.t('en', 'desk-people:alreadyHeld', { name: 'Ana' }));

    // The clerk is quiet; the dialog stays where it was; the citizen's words (escaped) reach the desk.
    const before = (await app.clerk.conversations.load(`webchat:${citizen.id}`))!.snapshot as {
      value: unknown;
    };
    const posted = await citizen.say('<script>alert(1)</script> are you there?');
    expect(posted.status).toBe(200);
    const whileHeld = await citizen.fresh();
    expect(whileHeld.map((a) => a.from.role)).toEqual(['user']);
    const after = (await app.clerk.conversations.load(`webchat:${citizen.id}`))!.snapshot as {
      value: unknown;
    };
    expect(after.value).toEqual(before.value);
    const page = await ana.get(`/staff/people/${request.id}`);
    expect(page.text).toContain(`id="transcript" data-refresh="/staff/people/${request.id}"`);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; are you there?');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('name="text"');

    // Ana writes: the citizen sees her first name and that she is a person, live in the widget.
    const wrote = await ana.post(`/staff/people/${request.id}/write`, {
      text: 'Hello, I am reading your request.',
    });
    expect(wrote.status).toBe(303);
    const said = t('staff.says', {
      name: 'Ana',
      city: app.clerk.city.name.en,
      text: 'Hello, I am reading your request.',
    });
    expect(said).toContain('Ana');
    const fromAna = await citizen.fresh();
    expect(fromAna).toHaveLength(1);
    expect(fromAna[0]).toMatchObject({ type: 'message', text: said, from: { name: 'Ana', role: 'bot' } });
    expect((await ana.get(`/staff/people/${request.id}`)).text).toContain(
      'Hello, I am reading your request.',
    );
    const transcript = await app.clerk.conversations.transcript(`webchat:${citizen.id}`);
    expect(transcript.slice(-2)).toEqual([
      expect.objectContaining({ direction: 'in', text: '<script>alert(1)</script> are you there?' }),
      expect.objectContaining({ direction: 'out', text: said }),
    ]);
    // Only the holder writes.
    expect((await bob.post(`/staff/people/${request.id}/write`, { text: 'hi' })).status).toBe(409);

    // The start page counts the request and the conversation Ana holds.
    const startPage = await ana.get('/staff');
    expect(startPage.text).toContain(app.clerk.texts.t('en', 'desk-people:summary', { open: 1, held: 1 }));

    // Hand back: the request is done, the clerk says it is back and asks again where the citizen was.
    const released = await ana.post(`/staff/people/${request.id}/release`);
    expect(released).toMatchObject({ status: 303, location: '/staff/people' });
    const back = await citizen.fresh();
    expect(back).toHaveLength(1);
    expect(back[0].text).toContain(t('staff.back'));
    // The audience's first question, where the citizen asked for a person: the procedure was kept.
    expect(back[0].text).toContain(t('audience.askLevel'));
    expect(back[0].text).not.toContain(t('menu.prompt'));
    expect(await app.clerk.staff.open()).toEqual([]);
    // And the clerk answers again, going on with the audience.
    await citizen.say(t('choice.levelHead'));
    const answered = bot(await citizen.fresh());
    expect(answered).toHaveLength(1);
    expect(answered[0].text).toBe(
      (await app.clerk.conversations.transcript(`webchat:${citizen.id}`)).at(-1)!.text,
    );
    expect(answered[0].text).not.toContain(t('staff.back'));
    expect(answered[0].text).toContain(t('audience.askHasPetition').slice(0, 30));

    // Every change in the audit log, the message by its length only.
    const lines = auditActions();
    expect(lines.map((l) => l.action)).toEqual([
      'conversation.taken',
      'conversation.message',
      'conversation.released',
    ]);
    expect(lines.every((l) => l.conversationId === `webchat:${citizen.id}`)).toBe(true);
    expect(JSON.parse(lines[1].detail)).toEqual({
      request: request.id,
      length: 'Hello, I am reading your request.'.length,
      delivered: true,
    });
    expect(lines[1].detail).not.toContain('Hello');
  });

  it('by SMS: the clerk is quiet while a person holds it, and the person’s message goes through the outbox', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk', { firstName: 'Ana' });
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    const phone = '+40722123456';
    let sid = 0;
    const sms = async (Body: string) => {
      const params = {
        From: phone,
        To: '+40700000001',
        Body,
        MessageSid: `SM${String(++sid).padStart(32, '0')}`,
      };
      const res = await fetch(`${app.baseUrl}/api/twilio`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/api/twilio`, params),
        },
        body: new URLSearchParams(params),
      });
      return [...(await res.text()).matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => m[1]);
    };
    expect((await sms('talk to a person')).length).toBeGreaterThan(0);
    const [request] = await app.clerk.staff.open();
    expect(request).toMatchObject({ conversationId: `sms:${phone}`, channel: 'sms' });

    expect((await ana.post(`/staff/people/${request.id}/take`)).status).toBe(303);
    expect(await sms('hello?')).toEqual([]);
    expect((await ana.get(`/staff/people/${request.id}`)).text).toContain('hello?');

    expect(
      (await ana.post(`/staff/people/${request.id}/write`, { text: 'I will help you now.' })).status,
    ).toBe(303);
    const queued = (await app.clerk.outbox.list()).filter((m) => m.kind === 'staff.message');
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ channel: 'sms', to: phone, status: 'pending', essential: true });
    expect(queued[0].body).toContain('Ana');
    expect(queued[0].body).toContain('I will help you now.');

    expect((await ana.post(`/staff/people/${request.id}/release`)).status).toBe(303);
    const notices = (await app.clerk.outbox.list()).filter((m) => m.kind === 'staff.message');
    expect(notices).toHaveLength(2);
    // In the conversation's language, as an SMS writes it; the question after the notice, its answers numbered.
    const lang = (await app.clerk.conversations.load(`sms:${phone}`))!.lang;
    const back = notices.find((n) => n.body.startsWith(smsPlain(app.clerk.texts.t(lang, 'staff.back'))));
    expect(back?.body).toContain(smsPlain(app.clerk.texts.t(lang, 'menu.prompt')));
    // The clerk answers the next SMS again.
    expect((await sms(t('choice.audience'))).length).toBeGreaterThan(0);
    // The audit log, never purged, names the conversation without the citizen's number: one keyed tag for all.
    const lines = auditActions();
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => l.conversationId)).size).toBe(1);
    expect(lines[0].conversationId).toMatch(/^sms:#[0-9a-f]{16}$/);
    expect(JSON.stringify(lines)).not.toContain(phone.slice(1));
  });

  it('is for the information centre and admins only, and every change needs the CSRF token', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk', { firstName: 'Ana' });
    const official = app.clerk.procedures.flatMap((p) => p.resources(app.clerk.city))[0];
    await addStaff(app, 'office@cluj.ro', 'office', { resourceId: official.id });
    const office = await deskClient(app.baseUrl, 'office@cluj.ro');
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    const citizen = await widget();
    await citizen.say('talk to a person');
    await citizen.say('0722 123 456');
    const [request] = await app.clerk.staff.open();

    expect((await office.get('/staff/people')).status).toBe(403);
    expect((await office.get(`/staff/people/${request.id}`)).status).toBe(403);
    expect((await office.post(`/staff/people/${request.id}/take`)).status).toBe(403);
    expect((await office.get('/staff')).text).not.toContain('/staff/people');

    expect((await ana.post(`/staff/people/${request.id}/take`, { _csrf: '' })).status).toBe(403);
    expect((await ana.post(`/staff/people/${request.id}/take`, { _csrf: 'forged' })).status).toBe(403);
    expect(auditActions()).toEqual([]);
    // Nothing held: the clerk still answers the citizen.
    await citizen.fresh();
    await citizen.say('menu');
    expect(bot(await citizen.fresh())).toHaveLength(1);
  });

  it('on a Bot Framework channel (the Emulator): the person’s message is sent proactively into the conversation', async () => {
    await start();
    const channel = await startChannel();
    closeLater(() => channel.close());
    await addStaff(app, 'ana@cluj.ro', 'desk', { firstName: 'Ana' });
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    const someone = emulatorCitizen(app.baseUrl, channel, 'en-GB');
    await someone.start();
    await someone.say('talk to a person');
    await someone.say('0722 123 456');
    const [request] = await app.clerk.staff.open();
    expect(request).toMatchObject({ channel: 'emulator' });

    expect((await ana.post(`/staff/people/${request.id}/take`)).status).toBe(303);
    expect(await someone.say('hello?')).toEqual([]);
    expect((await ana.post(`/staff/people/${request.id}/write`, { text: 'Good morning.' })).status).toBe(303);
    const proactive = channel.take(someone.conversation);
    expect(proactive.map((a) => a.text)).toEqual([
      t('staff.says', { name: 'Ana', city: app.clerk.city.name.en, text: 'Good morning.' }),
    ]);
    expect((await ana.post(`/staff/people/${request.id}/release`)).status).toBe(303);
    expect(channel.take(someone.conversation)[0].text).toContain(t('staff.back'));
  });
});

import type { Request } from 'restify';
import type { Lang } from '../../dialogs/languages';
import { renderPlain } from '../channels/plain-text';
import type { TranscriptLine } from '../store/conversation-store';
import { createHoldStore, type Hold } from '../store/hold-store';
import type { StaffRequestRow } from '../store/staff-store';
import { DESK_ROLES, formField, type Desk, type DeskContext } from './desk';
import { html, type Html } from './html';
import type { DeskServices } from './register';

/** The longest message a person may write at once (an SMS of a few segments, a paragraph in the widget). */
export const MAX_STAFF_MESSAGE = 1000;
const NS = 'desk-people';

/**
 * A person in the conversation: the requests for a person with their transcript and the question the citizen was
 * on; a staff member takes one (the clerk goes quiet in it), writes to the citizen on their own channel, and hands
 * back to the clerk, which asks again where the citizen was.
 */
export function registerPeople(desk: Desk, services: DeskServices): void {
  const { db, audit, now, texts, city } = desk.deps;
  const holds = createHoldStore(db);
  const openCount = db
    .prepare<[], number>("SELECT count(*) FROM staff_requests WHERE status = 'open'")
    .pluck();

  desk.nav({ path: '/staff/people', key: `${NS}:nav`, roles: DESK_ROLES });
  desk.summary((ctx) => {
    if (!DESK_ROLES.includes(ctx.user.role)) return undefined;
    const open = openCount.get() ?? 0;
    const held = holds.heldBy(ctx.user.id).length;
    if (open === 0 && held === 0) return undefined;
    return html`<a href="/staff/people">${ctx.t(`${NS}:summary`, { open, held })}</a>`;
  });

  const t = (ctx: DeskContext, key: string, params?: Record<string, string | number>) =>
    ctx.t(`${NS}:${key}`, params);
  const requestId = (req: Request) => {
    const id = String(req.params?.id ?? '');
    return /^\d{1,12}$/.test(id) ? Number(id) : undefined;
  };
  /** The question the citizen was on, in the clerk's words in the staff member's language. */
  const question = (ctx: DeskContext, during?: string) =>
    during ? texts.t(ctx.lang, during) : t(ctx, 'noQuestion');
  const when = (ctx: DeskContext, iso: string) => t(ctx, 'at', { when: iso });

  function transcript(ctx: DeskContext, lines: TranscriptLine[]): Html {
    if (lines.length === 0) return html`<p class="note">${t(ctx, 'emptyTranscript')}</p>`;
    return html`<ol class="transcript">
      ${lines.map(
        (l) =>
          html`<li>
            <span class="note"
              >${when(ctx, l.at)} · ${t(ctx, l.direction === 'in' ? 'fromCitizen' : 'toCitizen')}</span
            >
            <div class="citizen">${l.text}</div>
          </li>`,
      )}
    </ol>`;
  }

  const holderText = (ctx: DeskContext, hold: Hold | undefined) =>
    !hold
      ? ''
      : hold.userId === ctx.user.id
        ? t(ctx, 'heldByYou')
        : t(ctx, 'heldBy', { name: hold.firstName });

  function details(ctx: DeskContext, r: StaffRequestRow): Html {
    return html`<dl>
      <dt>${t(ctx, 'asked')}</dt>
      <dd>
        ${when(ctx, r.createdAt)} · ${t(ctx, `cause.${r.cause}`)} ·
        ${t(ctx, 'channel', { channel: r.channel })}
      </dd>
      <dt>${t(ctx, 'who')}</dt>
      <dd>${r.name ?? t(ctx, 'noName')} · <a href="tel:${r.phone}">${r.phone}</a></dd>
      ${
        r.contactDay
          ? html`<dt>${t(ctx, 'contactDay')}</dt>
              <dd>${texts.t(ctx.lang, `${NS}:day`, { day: r.contactDay })}</dd>`
          : ''
      }
      <dt>${t(ctx, 'during')}</dt>
      <dd class="citizen">${question(ctx, r.during)}</dd>
    </dl>`;
  }

  desk.get('/staff/people', DESK_ROLES, async (_req, res, ctx) => {
    const open = await services.staff.open();
    const mine = holds.heldBy(ctx.user.id);
    const rows = open.map((r) => {
      const hold = holds.holder(r.conversationId);
      return html`<section aria-labelledby="request-${r.id}">
        <h2 id="request-${r.id}">${t(ctx, 'request', { id: r.id })}</h2>
        ${details(ctx, r)}
        <details>
          <summary>${t(ctx, 'transcript')}</summary>
          ${transcript(ctx, r.transcript)}
        </details>
        <p>
          ${hold ? html`<strong>${holderText(ctx, hold)}</strong> ` : ''}
          <a href="/staff/people/${r.id}">${t(ctx, 'open')}</a>
        </p>
        ${hold ? '' : takeForm(ctx, r.id)}
      </section>`;
    });
    desk.send(
      res,
      desk.page(
        ctx,
        t(ctx, 'title'),
        html`${mine.length ? html`<p>${t(ctx, 'youHold', { count: mine.length })}</p>` : ''}
        ${rows.length ? rows : html`<p>${t(ctx, 'none')}</p>`}`,
      ),
    );
  });

  const takeForm = (ctx: DeskContext, id: number) =>
    html`<form method="post" action="/staff/people/${id}/take">
      ${ctx.csrfField}<button type="submit">${t(ctx, 'take')}</button>
    </form>`;

  /** The request's page: its details, the live transcript, and (for its holder) the form to write and hand back. */
  async function requestPage(ctx: DeskContext, r: StaffRequestRow, error?: string) {
    const hold = holds.holder(r.conversationId);
    const mine = hold?.userId === ctx.user.id;
    const live = await services.conversations.transcript(r.conversationId);
    const actions = mine
      ? html`<form method="post" action="/staff/people/${r.id}/write">
            ${ctx.csrfField}
            <label for="message">${t(ctx, 'message')}</label>
            <textarea id="message" name="text" rows="4" maxlength="${MAX_STAFF_MESSAGE}" required></textarea>
            <p class="note">${t(ctx, 'messageNote')}</p>
            <p><button type="submit">${t(ctx, 'send')}</button></p>
          </form>
          ${releaseForm(ctx, r.id)}`
      : hold
        ? html`<p><strong>${holderText(ctx, hold)}</strong></p>
            ${ctx.user.role === 'admin' ? releaseForm(ctx, r.id) : ''}`
        : r.status === 'open'
          ? takeForm(ctx, r.id)
          : html`<p>${t(ctx, 'done')}</p>`;
    return desk.page(
      ctx,
      t(ctx, 'request', { id: r.id }),
      html`${error ? html`<p class="error" role="alert">${error}</p>` : ''} ${details(ctx, r)}
        <h2>${t(ctx, 'live')}</h2>
        <div id="transcript" data-refresh="/staff/people/${r.id}" aria-live="polite">
          ${transcript(ctx, live)}
        </div>
        ${actions}
        <p><a href="/staff/people">${t(ctx, 'back')}</a></p>`,
    );
  }

  const releaseForm = (ctx: DeskContext, id: number) =>
    html`<form method="post" action="/staff/people/${id}/release">
      ${ctx.csrfField}<button type="submit">${t(ctx, 'release')}</button>
    </form>`;

  const notFound = (ctx: DeskContext) => desk.page(ctx, ctx.t('notFound'), html`<p>${ctx.t('notFound')}</p>`);

  desk.get('/staff/people/:id', DESK_ROLES, async (req, res, ctx) => {
    const r = holds.request(requestId(req) ?? 0);
    if (!r) return desk.send(res, notFound(ctx), 404);
    desk.send(res, await requestPage(ctx, r));
  });

  desk.post('/staff/people/:id/take', DESK_ROLES, async (req, res, ctx) => {
    const r = holds.request(requestId(req) ?? 0);
    if (!r) return desk.send(res, notFound(ctx), 404);
    if (r.status !== 'open') return desk.send(res, await requestPage(ctx, r, t(ctx, 'done')), 409);
    // A channel nobody can write to (a Bot Framework conversation the server has not heard since it started):
    // the clerk would go quiet with no one to answer; the citizen is called back instead.
    if (!services.relay.channels().includes(r.channel))
      return desk.send(res, await requestPage(ctx, r, t(ctx, 'unreachable')), 409);
    const at = now();
    const result = db.transaction(() => {
      const taken = holds.take(r.conversationId, ctx.user.id, r.id, at);
      if (taken.taken)
        audit.write(
          {
            userId: ctx.user.id,
            action: 'conversation.taken',
            conversationId: r.conversationId,
            detail: { request: r.id },
          },
          at,
        );
      return taken;
    })();
    if (!result.taken && result.holder.userId !== ctx.user.id)
      return desk.send(
        res,
        await requestPage(ctx, r, t(ctx, 'alreadyHeld', { name: result.holder.firstName })),
        409,
      );
    desk.redirect(res, `/staff/people/${r.id}`);
  });

  /** The conversation's language now (the citizen may have changed it since asking). */
  const languageOf = async (r: StaffRequestRow): Promise<Lang> =>
    (await services.conversations.load(r.conversationId))?.lang ?? r.lang;

  desk.post('/staff/people/:id/write', DESK_ROLES, async (req, res, ctx) => {
    const r = holds.request(requestId(req) ?? 0);
    if (!r) return desk.send(res, notFound(ctx), 404);
    if (holds.holder(r.conversationId)?.userId !== ctx.user.id)
      return desk.send(res, await requestPage(ctx, r, t(ctx, 'notHolder')), 409);
    const text = formField(req, 'text').replace(/\r\n?/g, '\n').trim();
    if (!text || text.length > MAX_STAFF_MESSAGE)
      return desk.send(res, await requestPage(ctx, r, t(ctx, 'badMessage', { max: MAX_STAFF_MESSAGE })), 400);
    const lang = await languageOf(r);
    const message = { text, firstName: ctx.user.firstName, lang };
    const delivered = await services.relay.deliver({ id: r.conversationId, channel: r.channel }, message);
    const at = now();
    if (delivered)
      await services.engine.append(r.conversationId, [
        {
          direction: 'out',
          text: texts.t(lang, 'staff.says', { name: ctx.user.firstName, city: city.name[lang], text }),
          at: at.toISOString(),
        },
      ]);
    // What was written is in the transcript; the audit log says only that a message went, and how long it was.
    audit.write(
      {
        userId: ctx.user.id,
        action: 'conversation.message',
        conversationId: r.conversationId,
        detail: { request: r.id, length: text.length, delivered },
      },
      at,
    );
    if (!delivered) return desk.send(res, await requestPage(ctx, r, t(ctx, 'notDelivered')), 502);
    desk.redirect(res, `/staff/people/${r.id}`);
  });

  desk.post('/staff/people/:id/release', DESK_ROLES, async (req, res, ctx) => {
    const r = holds.request(requestId(req) ?? 0);
    if (!r) return desk.send(res, notFound(ctx), 404);
    const hold = holds.holder(r.conversationId);
    // The holder hands back; an administrator may too (a colleague who left without handing back).
    if (!hold || (hold.userId !== ctx.user.id && ctx.user.role !== 'admin'))
      return desk.send(res, await requestPage(ctx, r, t(ctx, 'notHolder')), 409);
    const at = now();
    const requests = holds.openRequestIds(r.conversationId);
    db.transaction(() => {
      holds.release(r.conversationId);
      audit.write(
        {
          userId: ctx.user.id,
          action: 'conversation.released',
          conversationId: r.conversationId,
          detail: { request: hold.requestId, done: requests, heldBy: hold.userId },
        },
        at,
      );
    })();
    for (const id of requests) await services.staff.markDone(id, at);
    await handBack(r);
    desk.redirect(res, '/staff/people');
  });

  /**
   * The clerk takes over where the citizen was: a short notice, then its current question asked again (its
   * answers as numbered lines, which every channel shows and the clerk reads back).
   */
  async function handBack(r: StaffRequestRow) {
    const lang = await languageOf(r);
    const notice = texts.t(lang, 'staff.back');
    await services.engine.append(r.conversationId, [
      { direction: 'out', text: notice, at: now().toISOString() },
    ]);
    const result = await services.engine.handle({
      conversationId: r.conversationId,
      channel: r.channel,
      kind: 'start',
    });
    const again = renderPlain(result.replies, result.lang, texts);
    await services.relay.deliver(
      { id: r.conversationId, channel: r.channel },
      { text: again ? `${notice}\n\n${again}` : notice, lang: result.lang },
    );
  }
}

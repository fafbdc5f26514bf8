import type { BookingDraft, ProcedureDialog, ProcedureOutcome } from '../dialog-protocol';
import type { Municipality } from '../municipality';
import type { Reply } from '../reply';
import type { Slot } from '../rules/slot-engine';
import { createAudienceMachine, type AudienceAnswers } from './audience.machine';
import { answerDue } from './answer-due';
import { audienceWhere } from './bookings';
import type { AudienceDetails } from './details';

/**
 * The audience as the conversation hosts it: its machine, its place in the menu, the messages that ask for it,
 * and how the shared confirmation and booking describe it.
 */
export function audienceDialog(
  city: Municipality,
  options: { isHoliday: (isoDate: string) => boolean },
): ProcedureDialog {
  const title = (id: string) => city.officials?.find((o) => o.id === id)?.title ?? { ro: id, fa: id, en: id };
  const answersOf = (outcome: ProcedureOutcome) => outcome.answers as AudienceAnswers;
  const wantsAnswer = (a: AudienceAnswers) => !!a.answerBy && a.answerBy !== 'none';

  const due = (day: string) => answerDue(day, options.isHoliday);

  /** The confirmation's second part: where and how, and when and how the written answer comes if wanted. */
  function bookedWhere(a: AudienceAnswers, slot: Slot): Reply {
    const where = audienceWhere(a.mode!, city);
    if (!wantsAnswer(a)) return { key: 'audience.bookedWhere', params: { where } };
    const dueDay = due(slot.day);
    const to = a.answerBy === 'email' ? a.email : a.answerBy === 'post' ? a.postalAddress : undefined;
    return {
      key: 'audience.bookedWhereAnswer',
      params: {
        where,
        answer: {
          t: `audience.answerNote.${a.answerBy}`,
          params: to ? { due: dueDay, to } : { due: dueDay },
        },
      },
    };
  }

  return {
    id: 'audience',
    machine: createAudienceMachine(city),
    menuChoice: { value: 'audience', key: 'choice.audience' },
    offer: { t: 'audience:offer' },
    help: { t: 'audience:help' },
    intent: 'audience.request',
    // Asking for an audience, or naming an official ("vreau să vorbesc cu primarul") — unless the message is
    // about a booking already made ("nu mai pot ajunge la audiența cu primarul") or another institution's matter.
    opens: (event) =>
      event.type === 'user.text' &&
      (event.intent?.intent === 'audience.request' ||
        (!!event.intent?.official &&
          event.intent.intent !== 'booking.manage' &&
          !event.intent.intent.startsWith('outside.'))),
    summary(outcome, draft: BookingDraft): Reply {
      const a = answersOf(outcome);
      return {
        key: 'audience.summary',
        params: {
          official: title(outcome.resourceId),
          when: draft.slot.start,
          mode: { t: `mode.${a.mode}` },
          name: draft.name,
          phone: draft.phone,
          answerBy: { t: `answerBy.${a.answerBy ?? 'none'}` },
          // Where it goes, to be checked with the rest: the e-mail or postal address as typed.
          answerTo: a.email ? ` (${a.email})` : a.postalAddress ? ` (${a.postalAddress})` : '',
          reason: a.reason ?? '',
        },
      };
    },
    details(outcome, slot): Record<string, unknown> {
      const a = answersOf(outcome);
      const details: AudienceDetails = {
        level: a.level!,
        departmentId: a.departmentId,
        mode: a.mode!,
        answerBy: a.answerBy ?? 'none',
        email: a.email,
        postalAddress: a.postalAddress,
        reason: a.reason!,
        topic: a.topic,
        evidence: {
          petition:
            a.petitionNumber && a.petitionDate && a.petitionOutcome
              ? { number: a.petitionNumber, date: a.petitionDate, outcome: a.petitionOutcome }
              : undefined,
          priorAudienceDate: a.priorAudienceDate,
        },
        answerDue: wantsAnswer(a) ? due(slot.day) : undefined,
      };
      return details as unknown as Record<string, unknown>;
    },
    booked(outcome, draft, result) {
      const a = answersOf(outcome);
      return [
        {
          key: 'audience.booked',
          params: {
            code: result.code,
            official: title(outcome.resourceId),
            when: draft.slot.start,
            mode: { t: `mode.${a.mode}` },
          },
          link: { key: 'choice.calendar', url: result.icsUrl },
        },
        // Where to go, or how the official reaches the citizen (as the SMS and the calendar invite say it), and
        // the written answer's day and way when the citizen asked for one.
        bookedWhere(a, draft.slot),
      ];
    },
  };
}

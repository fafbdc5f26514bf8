import type { Level } from '../municipality';
import type { PetitionOutcome } from '../rules/eligibility';

/** How an audience is held (Cluj-Napoca City Hall, audience procedure): in person, by phone or by video. */
export type Mode = 'site' | 'phone' | 'video';
/** How the written answer after the audience goes to the citizen, if they want one. */
export type AnswerBy = 'post' | 'email' | 'pickup' | 'none';

/** What an audience keeps with its booking besides the shared fields: what the official needs to know. */
export interface AudienceDetails {
  level: Level;
  departmentId?: string;
  mode: Mode;
  answerBy: AnswerBy;
  email?: string;
  postalAddress?: string;
  reason: string;
  topic?: string;
  /** What the citizen gave as proof of the step before. */
  evidence?: {
    petition?: { number: string; date: string; outcome: PetitionOutcome };
    priorAudienceDate?: string;
  };
  /** The last day for the written answer: one working day after the audience (local date). */
  answerDue?: string;
}

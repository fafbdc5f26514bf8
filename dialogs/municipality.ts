/** The shape of a municipality data file (data/municipalities/<id>.json). Types only: loading is the bot's job. */

import type { Lang } from './languages';

// The clerk's languages live in their registry (dialogs/languages.ts); re-exported for the data's types.
export { LANGS, type Lang } from './languages';

/** A text given in every language the clerk speaks. */
export type Localized = Record<Lang, string>;

export type Level = 'head' | 'deputy' | 'mayor';
/**
 * Which of the deputies an official is: only an audience with a vice-mayor opens the way to the mayor (Cluj-Napoca
 * City Hall, audience procedure); the public administrator and the secretary general are the mayor's deputies too.
 */
export type DeputyRole = 'viceMayor' | 'publicAdministrator' | 'secretaryGeneral';

export interface ProgrammeEntry {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local start time, HH:mm. */
  start: string;
}

export interface Official {
  id: string;
  level: Level;
  /** For a deputy: which one (see DeputyRole). */
  deputyRole?: DeputyRole;
  department?: string;
  title: Localized;
  programme: ProgrammeEntry[];
  sample?: boolean;
}

export interface Department {
  id: string;
  name: Localized;
  /** The deputy (vice-mayor, public administrator or secretary general) who coordinates it. */
  coordinator: string;
  /** Reason topics (as the NLU names them) this department is competent for. */
  topics: string[];
}

export interface PublicHours {
  weekdays: number[];
  open: string;
  close: string;
}

/**
 * What one phone number may hold at once, counting active bookings (booked, not yet begun): one person must
 * not be able to take a day's few places. Not in the audience procedure itself: the city sets it.
 */
export interface AudiencePerCitizen {
  /** Audiences with the same official on the same day. */
  perOfficialPerDay: number;
  /** Audiences in all, with any officials. */
  active: number;
  /** Where the figures come from (they are the city's choice, not the procedure's). */
  note?: string;
}

/** The Citizen Office's counter appointments (Bucharest Sector 1 City Hall, Citizen Office). */
export interface CounterService {
  id: string;
  name: Localized;
  /** How many counters serve it at once (the source gives none: an assumption, said in `assumptions`). */
  counters: number;
  /** What it handles, in a sentence. */
  handles: Localized;
  /** Phrases a citizen may use to name it (matched folded, as whole words). */
  words: Record<Lang, string[]>;
}

/** A service the office does not book, told with where it is done instead. */
export interface ServiceElsewhere {
  id: string;
  name: Localized;
  where: Localized;
  handles: Localized;
  words: Record<Lang, string[]>;
}

export interface CounterRules {
  office: Localized;
  address: string;
  minutesEach: number;
  minNoticeHours: number;
  horizonDays: number;
  offerCount: number;
  perCitizen: { perServicePerDay: number; active: number; note?: string };
  /** From this date booked citizens go before those without an appointment. */
  priorityFrom?: string;
  /** Which figures the source does not give and were assumed. */
  assumptions?: string;
  services: CounterService[];
  elsewhere: ServiceElsewhere[];
}

/** How to get there by public transport. */
export interface Transport {
  bus?: string[];
  trolleybus?: string[];
  tram?: string[];
  metro?: { line: string; station: string }[];
}

export interface AudienceRules {
  maxPerDay: number;
  minutesEach: number;
  minNoticeHours: number;
  horizonDays: number;
  petitionAnswerDays: number;
  offerCount: number;
  inPersonSite: string;
  perCitizen: AudiencePerCitizen;
}

export interface Municipality {
  id: string;
  name: Localized;
  /** The name as it goes in SMS texts: short, and in the GSM-7 alphabet where the language allows. */
  smsName: Localized;
  source: string;
  timeZone: string;
  country: string;
  holidayCountry: string;
  defaultLanguage: Lang;
  phoneCountries: string[];
  /** The procedures it offers, in the menu's order (each a folder in dialogs/ and a section of this file). */
  procedures: string[];
  contacts: { phones: string[]; address: string; department?: string; email?: string };
  /** What each service handles (Cluj-Napoca City Hall, public information), in the city's own language. */
  services?: { name: string; handles: string }[];
  publicHours: PublicHours[];
  sites: { id: string; name: string; address: string }[];
  neighbourhoodTownHalls: { name: string; address: string }[];
  transport?: Transport;
  audience?: AudienceRules;
  counter?: CounterRules;
  officials?: Official[];
  departments?: Department[];
  /** Matters of other institutions: the competent one, by referral (as the NLU's `outside.<referral>` names it). */
  referrals?: Record<string, Localized>;
  /** What the city hall itself can do instead, for some referrals (a service of its own, a counter it books). */
  referralsInstead?: Record<string, Localized>;
  /** How the website widget looks: the city's colour, and a logo (a URL) if it has one. */
  branding?: { accent: string; logo?: string };
}

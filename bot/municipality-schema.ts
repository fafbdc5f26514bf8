/**
 * The zod schema of a municipality data file (data/municipalities/<id>.json): the runtime check of the
 * `Municipality` interface (dialogs/municipality.ts), run by loadMunicipality when the clerk starts.
 *
 * It mirrors the interface field for field; type assertions at the end of this file fail to compile if the two
 * drift apart. On top of the shapes it checks what a type cannot say: that each procedure has its section, that
 * ids are unique and that references (a department's coordinator, the audience site, an official's department)
 * name something that exists.
 */
import Holidays from 'date-holidays';
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { LANGS, type Lang } from '../dialogs/languages';
import type { Municipality } from '../dialogs/municipality';

/** A text that says something: not empty, not only spaces. */
const text = z.string().regex(/\S/, 'Expected a non-empty text');
const id = text;

/** One of the clerk's languages (dialogs/languages.ts). */
const lang = z.enum(LANGS as [Lang, ...Lang[]]);
/** A value in every language the clerk speaks, and no other (zod checks every key of an enum's record). */
const localized = z.record(lang, text);
const localizedWords = z.record(lang, z.array(text));

const time = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'Expected a time as HH:mm (00:00 to 23:59)');
const weekday = z.number().int().min(1, 'Expected an ISO weekday, 1 (Monday) to 7 (Sunday)').max(7, {
  message: 'Expected an ISO weekday, 1 (Monday) to 7 (Sunday)',
});
const isoDate = z.iso.date({ message: 'Expected a date as YYYY-MM-DD' });
const count = z.number().int().positive();

/** A country libphonenumber knows (phone numbers are read with it), as two capital letters. */
const phoneCountry = z
  .string()
  .refine((c) => /^[A-Z]{2}$/.test(c) && isSupportedCountry(c), 'Expected a country code such as "RO"');

const holidayCountries = new Holidays().getCountries();
/** A country (optionally with a region, "DE-BY") date-holidays knows: an unknown one would have no holidays. */
const holidayCountry = z.string().refine((value) => {
  const [country, state, ...rest] = value.split(/[-.]/);
  if (rest.length > 0 || !/^[A-Z]{2}$/.test(country) || !(country in holidayCountries)) return false;
  return state === undefined || state in (new Holidays().getStates(country) ?? {});
}, 'Expected a country code date-holidays knows, such as "RO"');

/** An IANA time zone, spelt as Intl names it (the calendar invitations look it up by that exact name). */
const timeZone = z.string().superRefine((tz, ctx) => {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `Unknown time zone "${tz}" (expected an IANA name such as "Europe/Bucharest")`,
    });
    return;
  }
  if (resolved !== tz)
    ctx.addIssue({ code: 'custom', message: `Expected the time zone spelt "${resolved}"` });
});

const programmeEntry = z.strictObject({ weekday, start: time });

const official = z.strictObject({
  id,
  level: z.enum(['head', 'deputy', 'mayor']),
  deputyRole: z.enum(['viceMayor', 'publicAdministrator', 'secretaryGeneral']).optional(),
  department: id.optional(),
  title: localized,
  programme: z.array(programmeEntry),
  sample: z.boolean().optional(),
});

const department = z.strictObject({
  id,
  name: localized,
  coordinator: id,
  topics: z.array(text),
});

const publicHours = z.strictObject({ weekdays: z.array(weekday).min(1), open: time, close: time });

const audiencePerCitizen = z.strictObject({
  perOfficialPerDay: count,
  active: count,
  note: text.optional(),
});

const counterService = z.strictObject({
  id,
  name: localized,
  counters: count,
  handles: localized,
  words: localizedWords,
});

const serviceElsewhere = z.strictObject({
  id,
  name: localized,
  where: localized,
  handles: localized,
  words: localizedWords,
});

const counterRules = z.strictObject({
  office: localized,
  address: text,
  minutesEach: count,
  minNoticeHours: z.number().nonnegative(),
  horizonDays: count,
  offerCount: count,
  perCitizen: z.strictObject({ perServicePerDay: count, active: count, note: text.optional() }),
  priorityFrom: isoDate.optional(),
  assumptions: text.optional(),
  services: z.array(counterService).min(1),
  elsewhere: z.array(serviceElsewhere),
});

const transport = z.strictObject({
  bus: z.array(text).optional(),
  trolleybus: z.array(text).optional(),
  tram: z.array(text).optional(),
  metro: z.array(z.strictObject({ line: text, station: text })).optional(),
});

const audienceRules = z.strictObject({
  maxPerDay: count,
  minutesEach: count,
  minNoticeHours: z.number().nonnegative(),
  horizonDays: count,
  petitionAnswerDays: count,
  offerCount: count,
  inPersonSite: id,
  perCitizen: audiencePerCitizen,
});

/** The fields of `Municipality`, one schema each. */
const municipalityShape = {
  id,
  name: localized,
  smsName: localized,
  source: text,
  timeZone,
  country: phoneCountry,
  holidayCountry,
  defaultLanguage: lang,
  phoneCountries: z.array(phoneCountry).min(1),
  procedures: z.array(id).min(1, 'Expected at least one procedure'),
  contacts: z.strictObject({
    phones: z.array(text),
    address: text,
    department: text.optional(),
    email: z.email().optional(),
  }),
  services: z.array(z.strictObject({ name: text, handles: text })).optional(),
  publicHours: z.array(publicHours),
  sites: z.array(z.strictObject({ id, name: text, address: text })),
  neighbourhoodTownHalls: z.array(z.strictObject({ name: text, address: text })),
  transport: transport.optional(),
  audience: audienceRules.optional(),
  counter: counterRules.optional(),
  officials: z.array(official).optional(),
  departments: z.array(department).optional(),
  referrals: z.record(id, localized).optional(),
  referralsInstead: z.record(id, localized).optional(),
  branding: z
    .strictObject({
      accent: z.string().regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'Expected a colour as #rgb or #rrggbb'),
      logo: z.url({ protocol: /^https?$/ }).optional(),
    })
    .optional(),
};

/**
 * The sections of the file each procedure needs (a procedure is a folder in dialogs/). A procedure not named here
 * needs none this schema knows of: a plug-in procedure brings, and checks, its own section.
 */
export const PROCEDURE_SECTIONS: Readonly<Record<string, readonly string[]>> = {
  audience: ['audience', 'officials', 'departments', 'referrals'],
  counter: ['counter'],
};

type Path = (string | number)[];
type Issues = z.RefinementCtx<unknown>;

function uniqueIds(ctx: Issues, items: readonly { id: string }[] | undefined, path: Path): void {
  const seen = new Set<string>();
  items?.forEach((item, i) => {
    if (seen.has(item.id))
      ctx.addIssue({ code: 'custom', message: `Duplicate id "${item.id}"`, path: [...path, i, 'id'] });
    seen.add(item.id);
  });
}

/**
 * A municipality data file. Fields this schema does not know are kept, not refused: a plug-in procedure's section
 * (and notes for the people who edit the file) live beside the known ones.
 */
export const municipalitySchema = z.looseObject(municipalityShape).superRefine((city, ctx) => {
  const fields = city as Record<string, unknown>;

  const procedures = new Set<string>();
  city.procedures.forEach((procedure, i) => {
    if (procedures.has(procedure))
      ctx.addIssue({
        code: 'custom',
        message: `Duplicate procedure "${procedure}"`,
        path: ['procedures', i],
      });
    procedures.add(procedure);
    for (const section of PROCEDURE_SECTIONS[procedure] ?? []) {
      if (fields[section] === undefined)
        ctx.addIssue({
          code: 'custom',
          message: `Missing, but procedure "${procedure}" (in procedures) needs it`,
          path: [section],
        });
    }
  });

  uniqueIds(ctx, city.sites, ['sites']);
  uniqueIds(ctx, city.officials, ['officials']);
  uniqueIds(ctx, city.departments, ['departments']);
  uniqueIds(ctx, city.counter?.services, ['counter', 'services']);
  uniqueIds(ctx, city.counter?.elsewhere, ['counter', 'elsewhere']);

  city.publicHours.forEach((hours, i) => {
    if (hours.close <= hours.open)
      ctx.addIssue({
        code: 'custom',
        message: `Expected a closing time after the opening time (${hours.open})`,
        path: ['publicHours', i, 'close'],
      });
  });

  const officialIds = new Set(city.officials?.map((o) => o.id));
  city.departments?.forEach((d, i) => {
    if (!officialIds.has(d.coordinator))
      ctx.addIssue({
        code: 'custom',
        message: `Unknown coordinator "${d.coordinator}" (not an id in officials)`,
        path: ['departments', i, 'coordinator'],
      });
  });

  const departmentIds = new Set(city.departments?.map((d) => d.id));
  city.officials?.forEach((o, i) => {
    if (o.deputyRole !== undefined && o.level !== 'deputy')
      ctx.addIssue({
        code: 'custom',
        message: `A deputy role on an official whose level is "${o.level}" (only deputies have one)`,
        path: ['officials', i, 'deputyRole'],
      });
    if (o.department !== undefined && !departmentIds.has(o.department))
      ctx.addIssue({
        code: 'custom',
        message: `Unknown department "${o.department}" (not an id in departments)`,
        path: ['officials', i, 'department'],
      });
  });

  if (city.audience && !city.sites.some((s) => s.id === city.audience?.inPersonSite))
    ctx.addIssue({
      code: 'custom',
      message: `Unknown site "${city.audience.inPersonSite}" (not an id in sites)`,
      path: ['audience', 'inPersonSite'],
    });
});

// The schema and the interface cannot drift: what the schema accepts is a Municipality, and the known fields'
// schema describes exactly the interface (a field added to, removed from or changed in one and not the other,
// optional or not, fails to compile here).
type Expect<T extends true> = T;
type Assignable<A, B> = [A] extends [B] ? true : false;
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type SchemaIsMunicipality = Expect<Assignable<z.infer<typeof municipalitySchema>, Municipality>>;
export type SchemaMirrorsMunicipality = Expect<
  Same<z.infer<z.ZodObject<typeof municipalityShape>>, Municipality>
>;

/**
 * The check of a municipality data file at start (bot/municipality-schema.ts, through loadMunicipality): every
 * shipped file passes, and a broken copy fails with the file and the exact field in the message.
 */
import fs from 'node:fs';
import { loadMunicipality, parseMunicipality } from '../../bot/municipality';
import { dataPath } from '../../bot/paths';

const FILE = 'data/municipalities/cluj-napoca.json';
const ids = fs
  .readdirSync(dataPath('municipalities'))
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -'.json'.length))
  .sort();

// The data files as plain JSON, so that each test breaks its own copy.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const clujText = fs.readFileSync(dataPath('municipalities', 'cluj-napoca.json'), 'utf8');
const cluj = (): Json => JSON.parse(clujText);

/** A small counter section, for a city that offers counter appointments. */
function counterSection(): Json {
  const service = (id: string) => ({
    id,
    name: { ro: id, fa: id, en: id },
    counters: 1,
    handles: { ro: id, fa: id, en: id },
    words: { ro: [id], fa: [id], en: [id] },
  });
  return {
    office: { ro: 'Biroul Cetățeanului', fa: 'دفتر شهروندان', en: 'Citizen Office' },
    address: 'str. Moților nr. 3',
    minutesEach: 20,
    minNoticeHours: 2,
    horizonDays: 14,
    offerCount: 5,
    perCitizen: { perServicePerDay: 1, active: 3 },
    priorityFrom: '2026-02-01',
    services: [service('taxes'), service('urbanism'), service('police')],
    elsewhere: [],
  };
}

/** The error a broken copy of Cluj-Napoca's file meets (each test expects it to fail). */
function problems(city: Json): string {
  try {
    parseMunicipality(city, FILE);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the city to be refused');
}

describe('the shipped municipality files', () => {
  it('include Cluj-Napoca', () => {
    expect(ids).toContain('cluj-napoca');
  });

  it.each(ids)('%s passes the schema and declares its own id', (id) => {
    expect(loadMunicipality(id).id).toBe(id);
  });
});

describe('a broken copy of Cluj-Napoca fails, naming the file and the field', () => {
  it('a weekday 9 in an official’s programme', () => {
    const city = cluj();
    city.officials[2].programme[0].weekday = 9;
    expect(problems(city)).toBe(
      `${FILE}: officials[2].programme[0].weekday: Expected an ISO weekday, 1 (Monday) to 7 (Sunday)`,
    );
  });

  it('a missing name.fa', () => {
    const city = cluj();
    delete city.name.fa;
    expect(problems(city)).toBe(`${FILE}: name.fa: Invalid input: expected string, received undefined`);
  });

  it('an empty text in a language', () => {
    const city = cluj();
    city.departments[0].name.en = ' ';
    expect(problems(city)).toBe(`${FILE}: departments[0].name.en: Expected a non-empty text`);
  });

  it('a department with an unknown coordinator', () => {
    const city = cluj();
    city.departments[3].coordinator = 'vice-mayor-9';
    expect(problems(city)).toBe(
      `${FILE}: departments[3].coordinator: Unknown coordinator "vice-mayor-9" (not an id in officials)`,
    );
  });

  it('a wrong time zone, or one spelt otherwise than Intl spells it', () => {
    const city = cluj();
    city.timeZone = 'Europe/Cluj';
    expect(problems(city)).toBe(
      `${FILE}: timeZone: Unknown time zone "Europe/Cluj" (expected an IANA name such as "Europe/Bucharest")`,
    );
    city.timeZone = 'europe/bucharest';
    expect(problems(city)).toBe(`${FILE}: timeZone: Expected the time zone spelt "Europe/Bucharest"`);
  });

  it('procedures: ["counter"] without a counter section', () => {
    const city = cluj();
    city.procedures = ['counter'];
    expect(problems(city)).toBe(
      `${FILE}: counter: Missing, but procedure "counter" (in procedures) needs it`,
    );
  });

  it('procedures: ["audience"] without its officials', () => {
    const city = cluj();
    delete city.officials;
    expect(problems(city)).toContain(
      `${FILE}: officials: Missing, but procedure "audience" (in procedures) needs it`,
    );
  });

  it('no procedure at all, or a language the clerk does not speak', () => {
    const city = cluj();
    city.procedures = [];
    city.defaultLanguage = 'hu';
    expect(problems(city)).toBe(
      [
        `${FILE}: defaultLanguage: Invalid option: expected one of "ro"|"fa"|"en"`,
        `${FILE}: procedures: Expected at least one procedure`,
      ].join('\n'),
    );
  });

  it('an audience site that is not one of the sites', () => {
    const city = cluj();
    city.audience.inPersonSite = 'motilor-4';
    expect(problems(city)).toBe(
      `${FILE}: audience.inPersonSite: Unknown site "motilor-4" (not an id in sites)`,
    );
  });

  it('an official in a department that does not exist', () => {
    const city = cluj();
    city.officials[5].department = 'tehnic';
    expect(problems(city)).toBe(
      `${FILE}: officials[5].department: Unknown department "tehnic" (not an id in departments)`,
    );
  });

  it('a time not as HH:mm, and hours that close before they open', () => {
    const city = cluj();
    city.officials[0].programme[0].start = '9:00';
    expect(problems(city)).toBe(
      `${FILE}: officials[0].programme[0].start: Expected a time as HH:mm (00:00 to 23:59)`,
    );
    const late = cluj();
    late.publicHours[1].close = '07:30';
    expect(problems(late)).toBe(
      `${FILE}: publicHours[1].close: Expected a closing time after the opening time (08:00)`,
    );
  });

  it('a field the interface does not have, inside a known section', () => {
    const city = cluj();
    city.audience.perCitizen.activ = 3;
    expect(problems(city)).toBe(`${FILE}: audience.perCitizen: Unrecognized key: "activ"`);
  });

  it('a counter section with a number as a string, a date that is not a date, a service id twice', () => {
    const city = cluj();
    city.procedures = ['audience', 'counter'];
    city.counter = counterSection();
    city.counter.services[2].counters = '2';
    city.counter.priorityFrom = '2026-02-30';
    expect(problems(city)).toBe(
      [
        `${FILE}: counter.priorityFrom: Expected a date as YYYY-MM-DD`,
        `${FILE}: counter.services[2].counters: Invalid input: expected number, received string`,
      ].join('\n'),
    );
    city.counter = counterSection();
    city.counter.services[2].id = 'taxes';
    expect(problems(city)).toBe(`${FILE}: counter.services[2].id: Duplicate id "taxes"`);
  });

  it('lists five problems and counts the rest', () => {
    const city = cluj();
    for (const official of city.officials) official.programme[0].weekday = 0;
    const lines = problems(city).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      `${FILE}: officials[0].programme[0].weekday: Expected an ISO weekday, 1 (Monday) to 7 (Sunday)`,
    );
    expect(lines[5]).toBe(`${FILE}: and ${city.officials.length - 5} more`);
  });

  it('not an object at all', () => {
    expect(problems(null)).toBe(`${FILE}: Invalid input: expected object, received null`);
  });
});

describe('what the schema leaves to others', () => {
  it('a procedure without a section rule (a plug-in) passes, and its section is kept', () => {
    const city = cluj();
    city.procedures = ['audience', 'parking'];
    city.parking = { zones: ['A', 'B'] };
    const parsed = parseMunicipality(city, FILE);
    expect(parsed.procedures).toEqual(['audience', 'parking']);
    expect((parsed as unknown as Json).parking).toEqual({ zones: ['A', 'B'] });
  });

  it('a city with counter appointments only needs no audience, officials or departments', () => {
    const city = cluj();
    city.procedures = ['counter'];
    city.counter = counterSection();
    for (const section of ['audience', 'officials', 'departments', 'referrals']) delete city[section];
    expect(parseMunicipality(city, FILE).counter?.services).toHaveLength(3);
  });
});

describe('loadMunicipality', () => {
  afterEach(() => jest.restoreAllMocks());

  it('names the file when it is not valid JSON', () => {
    jest.spyOn(fs, 'readFileSync').mockReturnValueOnce('{ "id": "cluj-napoca", ');
    expect(() => loadMunicipality('cluj-napoca')).toThrow(
      /^data\/municipalities\/cluj-napoca\.json: not valid JSON: /,
    );
  });

  it('refuses a file that declares another id', () => {
    jest.spyOn(fs, 'readFileSync').mockReturnValueOnce(clujText);
    expect(() => loadMunicipality('cluj')).toThrow('data/municipalities/cluj.json declares id cluj-napoca');
  });
});

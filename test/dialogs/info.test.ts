import {
  INFO_TOPICS,
  infoChoices,
  infoReply,
  infoTopics,
  namedTownHall,
  topicOfIntent,
} from '../../dialogs/info/answers';
import { normalizeCode } from '../../dialogs/rules/reference-code';
import { city, sector1 } from '../helpers/machine-paths';

/** Asked on a Monday morning, no holiday. */
const asked = { at: '2026-12-07T08:30:00Z', isHoliday: () => false };

describe('information answers come from the municipality data', () => {
  it.each(infoTopics(city).map((t) => [t]))(
    '%s has its own locale text and the data as parameters',
    (topic) => {
      const reply = infoReply(topic, '', city, asked);
      expect(reply.key).toBe(`info.${topic}`);
    },
  );

  it('a city is asked only about what its data has', () => {
    expect(infoTopics(city)).toEqual(['hours', 'sites', 'neighbourhoods', 'phones', 'services']);
    // Sector 1's file lists no neighbourhood town halls and no services, but a Citizen Office's counters.
    expect(infoTopics(sector1)).toEqual(['hours', 'sites', 'phones', 'counters']);
    expect(infoChoices(sector1).map((c) => c.value)).toEqual([
      'info.hours',
      'info.sites',
      'info.phones',
      'info.counters',
      'menu',
    ]);
    // Asked about services, a city with counters answers with them.
    expect(infoReply('services', '', sector1, asked).key).toBe('info.counters');
  });

  it('the Citizen Office: its counters and what each handles, what is done elsewhere and where, how to get there', () => {
    const counters = infoReply('counters', '', sector1, asked).params!.list as Record<string, string>;
    for (const lang of ['ro', 'fa', 'en'] as const) {
      for (const s of sector1.counter!.services) expect(counters[lang]).toContain(s.handles[lang]);
      for (const e of sector1.counter!.elsewhere) expect(counters[lang]).toContain(e.where[lang]);
    }
    const transport = JSON.stringify(infoReply('sites', '', sector1, asked).params!.transport);
    for (const line of [...sector1.transport!.bus!, ...sector1.transport!.trolleybus!, 'M4', '1 Mai'])
      expect(transport).toContain(line);
    expect(JSON.stringify(infoReply('phones', '', sector1, asked).params!.email)).toContain(
      sector1.contacts.email,
    );
    expect(INFO_TOPICS).toContain('counters');
  });

  it('lists every site, town hall and service of the data', () => {
    const list = (topic: (typeof INFO_TOPICS)[number]) =>
      String(infoReply(topic, '', city, asked).params?.list);
    for (const s of city.sites) expect(list('sites')).toContain(s.address);
    for (const h of city.neighbourhoodTownHalls) expect(list('neighbourhoods')).toContain(h.address);
    for (const s of city.services ?? []) expect(list('services')).toContain(s.handles);
  });

  it.each([
    ['unde e primăria de cartier Mănăștur?', 'Primăria Mănăștur'],
    ['primaria din manastur', 'Primăria Mănăștur'],
    ['where is the Zorilor town hall', 'Primăria Zorilor'],
    ['شهرداری محله Marasti کجاست؟', 'Primăria Mărăști'],
    ['unde e primăria?', undefined],
  ])('"%s" names %s', (text, name) => {
    expect(namedTownHall(text, city)?.name).toBe(name);
  });

  it('maps the NLU intents to topics', () => {
    expect(topicOfIntent('info.neighbourhood')).toBe('neighbourhoods');
    expect(topicOfIntent('audience.request')).toBeUndefined();
  });
});

describe('reference codes as citizens type them', () => {
  it.each([
    ['ACDE-3467', 'ACDE-3467'],
    ['acde3467', 'ACDE-3467'],
    ['acde 3467', 'ACDE-3467'],
    [' AcDe–۳۴۶۷ ', 'ACDE-3467'],
    ['ACDE-346', undefined],
    ['ACDE-3461', undefined], // 1 is not in the alphabet (looks like I and L)
    ['ACDE-34670', undefined],
  ])('%s → %s', (input, code) => {
    expect(normalizeCode(input)).toBe(code);
  });
});

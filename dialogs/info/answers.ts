import { LANGS, type Localized, type Municipality } from '../municipality';
import type { Choice, Param, Reply, When } from '../reply';
import { fold } from '../text/normalize';
import { hoursAsked } from './hours-asked';

/**
 * Information from the municipality's data (the city hall's public information): hours, sites and how to get
 * there, neighbourhood town halls, phones and e-mail, what each service or counter handles. A city is asked only
 * about what its data has. Every answer names its source. Pure: text in, reply out.
 */
export const INFO_TOPICS = ['hours', 'sites', 'neighbourhoods', 'phones', 'services', 'counters'] as const;
export type InfoTopic = (typeof INFO_TOPICS)[number];

/** The NLU intent for each topic (data/nlu/<lang>.json). */
const INTENT_TOPIC: Record<string, InfoTopic> = {
  'info.hours': 'hours',
  'info.address': 'sites',
  'info.neighbourhood': 'neighbourhoods',
  'info.phone': 'phones',
  'info.services': 'services',
};

export function topicOfIntent(intent: string | undefined): InfoTopic | undefined {
  return intent ? INTENT_TOPIC[intent] : undefined;
}

/** The topics this city's data answers. */
export function infoTopics(city: Municipality): InfoTopic[] {
  return INFO_TOPICS.filter((topic) => {
    if (topic === 'neighbourhoods') return city.neighbourhoodTownHalls.length > 0;
    if (topic === 'services') return !!city.services?.length;
    if (topic === 'counters') return !!city.counter;
    return true;
  });
}

export function infoChoices(city: Municipality): Choice[] {
  return [
    ...infoTopics(city).map((topic) => ({ value: `info.${topic}`, key: `choice.infoTopic.${topic}` })),
    { value: 'menu', key: 'choice.menu' },
  ];
}

/** Texts joined one after the other with a locale's separator (`key` has `{{first}}` and `{{rest}}`). */
export function joinTexts(parts: Param[], key: string): Param {
  return parts.reduceRight((rest, first) => ({ t: key, params: { first, rest } }));
}

/** How to get to the city hall by public transport, from the data (nothing when it has none). */
function transportLine(city: Municipality): Param {
  const t = city.transport;
  if (!t) return '';
  const modes: Param[] = [];
  for (const mode of ['bus', 'trolleybus', 'tram'] as const)
    if (t[mode]?.length)
      modes.push({ t: `info.transportMode.${mode}`, params: { lines: t[mode].join(', ') } });
  if (t.metro?.length)
    modes.push({
      t: 'info.transportMode.metro',
      params: { lines: t.metro.map((m) => `${m.line} (${m.station})`).join(', ') },
    });
  if (!modes.length) return '';
  return {
    t: 'info.transport',
    params: {
      address: city.counter?.address ?? city.contacts.address,
      lines: joinTexts(modes, 'info.transportJoin'),
    },
  };
}

/** Each counter's service and what it handles, then what is done elsewhere and where, in every language. */
function countersList(city: Municipality): Localized {
  const rules = city.counter!;
  const list = {} as Localized;
  for (const lang of LANGS)
    list[lang] = [
      ...rules.services.map((s) => bullet(`${s.name[lang]}: ${s.handles[lang]}`)),
      ...rules.elsewhere.map((e) => bullet(`${e.name[lang]}: ${e.handles[lang]} → ${e.where[lang]}`)),
    ].join('\n');
  return list;
}

const bullet = (line: string) => `• ${line}`;

/** The neighbourhood town hall a text names ("unde e primăria de cartier Mănăștur?"), if any. */
export function namedTownHall(text: string, city: Municipality) {
  const folded = fold(text);
  return city.neighbourhoodTownHalls.find((hall) => {
    const place = fold(hall.name.replace(/^Primăria\s+/i, ''));
    return place.length >= 3 && folded.includes(place);
  });
}

/** When a question is asked, and what it asks about: "now", "on Saturday" (the NLU's reading). */
export interface Asked {
  at: string;
  when?: When;
  isHoliday: (isoDate: string) => boolean;
}

/** The answer to an information question: the topic asked, refined by what the text names. */
export function infoReply(topic: InfoTopic, text: string, city: Municipality, asked: Asked): Reply {
  const hall = namedTownHall(text, city);
  if (hall) return { key: 'info.townHall', params: { name: hall.name, address: hall.address } };
  switch (topic) {
    case 'hours':
      return (
        hoursAsked(asked.when, { ...asked, hours: city.publicHours, timeZone: city.timeZone }) ?? {
          key: 'info.hours',
        }
      );
    case 'sites':
      return {
        key: 'info.sites',
        params: {
          list: city.sites.map((s) => bullet(`${s.name}: ${s.address}`)).join('\n'),
          transport: transportLine(city),
        },
      };
    case 'neighbourhoods':
      return {
        key: 'info.neighbourhoods',
        params: {
          list: city.neighbourhoodTownHalls.map((h) => bullet(`${h.name}: ${h.address}`)).join('\n'),
        },
      };
    case 'phones':
      return {
        key: 'info.phones',
        params: {
          department: city.contacts.department ?? '',
          email: city.contacts.email ? { t: 'info.email', params: { email: city.contacts.email } } : '',
        },
      };
    case 'counters':
      return city.counter
        ? { key: 'info.counters', params: { office: city.counter.office, list: countersList(city) } }
        : infoReply('services', text, city, asked);
    case 'services':
      // A city without a list of services answers with its counters'.
      if (!city.services?.length && city.counter) return infoReply('counters', text, city, asked);
      return {
        key: 'info.services',
        params: { list: (city.services ?? []).map((s) => bullet(`${s.name}: ${s.handles}`)).join('\n') },
      };
  }
}

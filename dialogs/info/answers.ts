import type { Municipality } from '../municipality';
import type { Choice, Reply } from '../reply';
import { fold } from '../text/normalize';

/**
 * Information from the municipality's data (the city hall's public information): hours, sites, neighbourhood town halls,
 * phones and what each service handles. Every answer names its source. Pure: text in, reply out.
 */
export const INFO_TOPICS = ['hours', 'sites', 'neighbourhoods', 'phones', 'services'] as const;
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

export const infoChoices: Choice[] = [
  ...INFO_TOPICS.map((topic) => ({ value: `info.${topic}`, key: `choice.infoTopic.${topic}` })),
  { value: 'menu', key: 'choice.menu' },
];

const bullet = (line: string) => `• ${line}`;

/** The neighbourhood town hall a text names ("unde e primăria de cartier Mănăștur?"), if any. */
export function namedTownHall(text: string, city: Municipality) {
  const folded = fold(text);
  return city.neighbourhoodTownHalls.find((hall) => {
    const place = fold(hall.name.replace(/^Primăria\s+/i, ''));
    return place.length >= 3 && folded.includes(place);
  });
}

/** The answer to an information question: the topic asked, refined by what the text names. */
export function infoReply(topic: InfoTopic, text: string, city: Municipality): Reply {
  const hall = namedTownHall(text, city);
  if (hall) return { key: 'info.townHall', params: { name: hall.name, address: hall.address } };
  switch (topic) {
    case 'hours':
      return { key: 'info.hours' };
    case 'sites':
      return {
        key: 'info.sites',
        params: { list: city.sites.map((s) => bullet(`${s.name}: ${s.address}`)).join('\n') },
      };
    case 'neighbourhoods':
      return {
        key: 'info.neighbourhoods',
        params: {
          list: city.neighbourhoodTownHalls.map((h) => bullet(`${h.name}: ${h.address}`)).join('\n'),
        },
      };
    case 'phones':
      return { key: 'info.phones', params: { department: city.contacts.department ?? '' } };
    case 'services':
      return {
        key: 'info.services',
        params: { list: (city.services ?? []).map((s) => bullet(`${s.name}: ${s.handles}`)).join('\n') },
      };
  }
}

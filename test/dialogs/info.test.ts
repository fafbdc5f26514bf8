import { INFO_TOPICS, infoReply, namedTownHall, topicOfIntent } from '../../dialogs/info/answers';
import { normalizeCode } from '../../dialogs/rules/reference-code';
import { city } from '../helpers/machine-paths';

describe('information answers come from the municipality data', () => {
  it.each(INFO_TOPICS.map((t) => [t]))('%s has its own locale text and the data as parameters', (topic) => {
    const reply = infoReply(topic, '', city);
    expect(reply.key).toBe(`info.${topic}`);
  });

  it('lists every site, town hall and service of the data', () => {
    const list = (topic: (typeof INFO_TOPICS)[number]) => String(infoReply(topic, '', city).params?.list);
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

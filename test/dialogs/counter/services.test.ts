import { loadMunicipality } from '../../../bot/municipality';
import { createServiceFinder } from '../../../dialogs/counter/services';

const find = createServiceFinder(loadMunicipality('bucuresti-sector-1'));
const service = (id: string) => ({ kind: 'service', id });
const elsewhere = (id: string) => ({ kind: 'elsewhere', id });

describe('the service a citizen names (Bucharest Sector 1, Citizen Office)', () => {
  it.each([
    ['vreau să plătesc impozitul pe casă', service('local-taxes')],
    ['Vreau sa platesc impozitul pe casa', service('local-taxes')],
    ['plata impozitului pe mașină', service('local-taxes')],
    ['autorizație de construire', service('urbanism')],
    ['am nevoie de un certificat de urbanism', service('urbanism')],
    ['o amendă de parcare', service('local-police')],
    ['schimbare de domiciliu', service('population-records')],
    ['nu am apă caldă', service('public-utilities')],
    ['ridicarea gunoiului', service('sanitation-environment')],
    ['ajutor social', service('social-assistance')],
    ['certificat de naștere', elsewhere('civil-status')],
    ['buletin', elsewhere('identity-documents')],
    ['mi-a expirat buletinul', elsewhere('identity-documents')],
    ['carte de identitate', elsewhere('identity-documents')],
  ])('Romanian: %s', (text, expected) => {
    expect(find(text)).toEqual(expected);
  });

  it.each([
    ['می‌خواهم مالیات خانه را پرداخت کنم', service('local-taxes')],
    ['مي‌خواهم ماليات خانه را پرداخت كنم', service('local-taxes')], // Arabic ي and ك
    ['پروانه ساخت', service('urbanism')],
    ['جریمه پارک دارم', service('local-police')],
    ['گواهی تولد', elsewhere('civil-status')],
    ['کارت شناسایی', elsewhere('identity-documents')],
  ])('Persian: %s', (text, expected) => {
    expect(find(text)).toEqual(expected);
  });

  it.each([
    ['I need to pay my property tax', service('local-taxes')],
    ['I need a building permit', service('urbanism')],
    ['I got a parking ticket', service('local-police')],
    ['no hot water', service('public-utilities')],
    ['birth certificate for my son', elsewhere('civil-status')],
    ['my identity card expired', elsewhere('identity-documents')],
  ])('English: %s', (text, expected) => {
    expect(find(text)).toEqual(expected);
  });

  it('forgives a typing slip in a long word', () => {
    expect(find('impozitl pe casa')).toEqual(service('local-taxes'));
  });

  it('the longest phrase wins: "certificat de naștere" is civil status, not a tax certificate', () => {
    expect(find('certificat fiscal și certificat de naștere')).toEqual(elsewhere('civil-status'));
  });

  it('of phrases as long, the first in the data wins (the booked services come first)', () => {
    expect(find('impozit și buletin')).toEqual(service('local-taxes'));
    expect(find('buletin și impozit')).toEqual(service('local-taxes'));
  });

  it('a short word with a slip is another word, not a service', () => {
    expect(find('I will come later')).toBeUndefined(); // not "water"
    expect(find('care este programul?')).toBeUndefined(); // Romanian "which", not "carer"
    expect(find('it takes long')).toBeUndefined(); // not "taxes"
  });

  it('names nothing when the text names no service', () => {
    expect(find('hello')).toBeUndefined();
    expect(find('bună ziua')).toBeUndefined();
    expect(find('')).toBeUndefined();
    // Passports are issued by the Interior Ministry's passport service: the announcement does not mention them.
    expect(find('passport')).toBeUndefined();
  });

  it('reads only the first 60 words', () => {
    const filler = 'cuvânt oarecare '.repeat(35); // 70 words
    expect(find(`${filler}impozit`)).toBeUndefined();
    expect(find(`impozit ${filler}`)).toEqual(service('local-taxes'));
  });

  it('answers a 5,000-character text', () => {
    const latin = 'vreau să plătesc impozitul pe casă '.repeat(200).slice(0, 5_000);
    expect(latin).toHaveLength(5_000);
    expect(find(latin)).toEqual(service('local-taxes'));
    const persian = 'مالیات '.repeat(800).slice(0, 5_000);
    expect(find(persian)).toEqual(service('local-taxes'));
    expect(find('x'.repeat(5_000))).toBeUndefined();
  });

  it('a city without a counter section names nothing', () => {
    const cluj = loadMunicipality('cluj-napoca');
    expect(createServiceFinder(cluj)('impozit')).toBeUndefined();
  });
});

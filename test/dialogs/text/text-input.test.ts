import { findDate, parseDateInput, fromSolarHijri } from '../../../dialogs/rules/date-input';
import { readPetitionNumber } from '../../../dialogs/rules/petition-number';
import { checkPhone, maskPhone } from '../../../dialogs/rules/phone';
import { everyLanguage, packLists } from '../../../bot/i18n';
import { choiceWords, matchChoice, readChoice } from '../../../dialogs/text/choice-match';
import { fold, isArabicScript, sanitize } from '../../../dialogs/text/normalize';

/** The clock of the date tests: Monday 23 November 2026 (2 Azar 1405). */
const TODAY = '2026-11-23';
/** The words choices are read with, from the locale packs (negations, connecting words, before a number). */
const WORDS = choiceWords((key) => everyLanguage(packLists(), key));

describe('folding what citizens type', () => {
  it.each([
    ['Șef de departament', 'sef de departament'],
    ['Şef de DEPARTAMENT', 'sef de departament'], // cedilla ş folds like comma ș
    ['Răspuns negativ', 'raspuns negativ'],
    ['Țară ţară', 'tara tara'],
    ['مي‌خواهم', 'می خواهم'], // Arabic ي → Persian ی, ZWNJ tolerated
    ['كد ۱۲۳ ٤٥٦', 'کد 123 456'], // Arabic ك → Persian ک, Persian and Arabic-Indic digits
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('removes control characters, bidirectional overrides and lone surrogates, keeps emoji and ZWNJ', () => {
    expect(sanitize('a\u0000b\u202Ec\u2066d\uD800e 😀 می‌خواهم\u0007')).toBe('abcde 😀 می‌خواهم');
  });

  it('cut at its length limit, never leaves half of a surrogate pair', () => {
    expect(sanitize('x'.repeat(2000) + '😀', 2001)).toBe('x'.repeat(2000));
    expect(sanitize('x'.repeat(1999) + '😀', 2001)).toBe('x'.repeat(1999) + '😀');
  });

  it('recognises Persian script', () => {
    expect(isArabicScript('سلام، وقت ملاقات')).toBe(true);
    expect(isArabicScript('bună ziua')).toBe(false);
    expect(isArabicScript('123')).toBe(false);
  });
});

describe('phone numbers', () => {
  it.each([
    ['0722 123 456', '+40722123456'],
    ['0722.123.456', '+40722123456'],
    ['+40 722 123 456', '+40722123456'],
    ['0040722123456', '+40722123456'],
    ['0264 592 857', '+40264592857'],
    ['۰۷۲۲۱۲۳۴۵۶', '+40722123456'],
    ['0912 345 6789', '+989123456789'],
    ['+98 912 345 6789', '+989123456789'],
    ['٠٩١٢٣٤٥٦٧٨٩', '+989123456789'],
  ])('%s → %s', (input, e164) => {
    expect(checkPhone(input, 'RO', ['RO', 'IR'])).toMatchObject({ ok: true, e164 });
  });

  it.each(['12345', 'abc', '+1 202 555 0143', '0722', "0722'; DROP TABLE bookings;--"])(
    'refuses %s',
    (input) => {
      expect(checkPhone(input, 'RO', ['RO', 'IR']).ok).toBe(false);
    },
  );

  it('masks numbers for logs', () => {
    expect(maskPhone('+40722123456')).toBe('+40…56');
  });
});

describe('dates', () => {
  it.each([
    ['03.10.2026', '2026-10-03'],
    ['3/10/2026', '2026-10-03'],
    ['2026-10-03', '2026-10-03'],
    ['۰۳.۱۰.۲۰۲۶', '2026-10-03'],
    ['1405/07/11', '2026-10-03'], // Solar Hijri: 11 Mehr 1405
    ['۱۴۰۵/۰۱/۰۱', '2026-03-21'], // Nowruz 1405
    ['1404/12/29', '2026-03-20'],
  ])('%s → %s', (input, iso) => {
    expect(parseDateInput(input)).toBe(iso);
  });

  it.each(['31.02.2026', 'ieri', '2026', '1405/13/01', ''])('refuses %s', (input) => {
    expect(parseDateInput(input)).toBeUndefined();
  });

  it('converts Solar Hijri with Intl’s Persian calendar', () => {
    expect(fromSolarHijri(1405, 9, 2)).toBe('2026-11-23');
  });

  it.each([
    // ro
    ['2 septembrie 2026', '2026-09-02'],
    ['2 Septembrie 2026', '2026-09-02'],
    ['2 sept. 2026', '2026-09-02'],
    ['am depus-o pe 2 septembrie 2026', '2026-09-02'],
    ['pe 03.10.2026.', '2026-10-03'],
    ['1 decembrie 2025', '2025-12-01'],
    ['2 mai 2026', '2026-05-02'],
    ['03.10.2026 (3 octombrie 2026)', '2026-10-03'], // the same date twice is one date
    // en
    ['3 October 2026', '2026-10-03'],
    ['October 3, 2026', '2026-10-03'],
    ['3rd of Oct 2026', '2026-10-03'],
    // fa: Solar Hijri months, Gregorian months in Persian, Persian digits
    ['۱۱ مهر ۱۴۰۵', '2026-10-03'],
    ['11 مهر 1405', '2026-10-03'],
    ['۱ فروردین ۱۴۰۵', '2026-03-21'],
    ['۲ سپتامبر ۲۰۲۶', '2026-09-02'],
  ])('in words: %s → %s', (input, iso) => {
    expect(parseDateInput(input)).toBe(iso);
    expect(parseDateInput(input, TODAY)).toBe(iso);
  });

  it.each([
    ['2 septembrie', '2026-09-02'],
    ['23 noiembrie', '2026-11-23'], // today
    ['24 noiembrie', '2025-11-24'], // not yet this year: last year's
    ['1 decembrie', '2025-12-01'],
    ['Oct 3', '2026-10-03'],
    ['۱۱ شهریور', '2026-09-02'],
    ['۳ آذر', '2025-11-24'], // 3 Azar 1405 is tomorrow: 3 Azar 1404
    ['ieri', '2026-11-22'],
    ['azi', '2026-11-23'],
    ['alaltăieri', '2026-11-21'],
    ['yesterday', '2026-11-22'],
    ['دیروز', '2026-11-22'],
  ])('with today’s date: %s → %s (the last such day, never a future one)', (input, iso) => {
    expect(parseDateInput(input, TODAY)).toBe(iso);
  });

  it.each([
    '2 septembrie', // no year and no today to read it against
    '03.10.2026 și 04.10.2026', // which one?
    '۱۱ مهر 2026', // a Solar month with a Gregorian year
    '2 سپتامبر 1405', // a Gregorian month with a Solar year
    '31 februarie 2026',
    'mai 2 zile', // "two more days", not 2 May
    '12.09',
    '10:30',
    '123456/2026',
    '0740 123 456',
  ])('refuses %s', (input) => {
    expect(parseDateInput(input)).toBeUndefined();
  });

  it('returns the text around the date', () => {
    expect(findDate('nr. 123456/02.09.2026')).toEqual({ iso: '2026-09-02', rest: 'nr. 123456/' });
  });
});

describe('a petition’s registration number', () => {
  it.each([
    ['123456/2026', { number: '123456/2026' }],
    ['nr. 123456', { number: '123456' }],
    ['numărul de înregistrare este 4521/2026', { number: '4521/2026' }],
    ['nr. 123456/02.09.2026', { number: '123456', date: '2026-09-02' }],
    ['123456 din 2 septembrie 2026', { number: '123456', date: '2026-09-02' }],
    ['123456/2026 of September 2, 2026', { number: '123456/2026', date: '2026-09-02' }],
    ['۱۲۳۴۵ مورخ ۱۴۰۵/۰۶/۱۱', { number: '12345', date: '2026-09-02' }],
    ['شماره ۱۲۳۴۵ مورخ ۱۱ شهریور ۱۴۰۵', { number: '12345', date: '2026-09-02' }],
  ])('%s', (input, answer) => {
    expect(readPetitionNumber(input, TODAY)).toEqual(answer);
  });

  it.each(['fără număr', 'din 02.09.2026', '1'.repeat(41)])('no number in %s', (input) => {
    expect(readPetitionNumber(input, TODAY)).toBeUndefined();
  });
});

describe('matching typed answers to choices', () => {
  const options = [
    { value: 'level.head', labels: ['Șef de departament', 'Head of department', 'رئیس اداره'] },
    {
      value: 'level.deputy',
      labels: [
        'Viceprimar, administrator public sau secretar general',
        'معاون شهردار، مدیر عمومی یا دبیر کل',
      ],
    },
    { value: 'level.mayor', labels: ['Primar', 'Mayor', 'شهردار'] },
  ];
  it.each([
    ['2', 'level.deputy'],
    ['۳', 'level.mayor'],
    ['varianta 2', 'level.deputy'],
    ['option 3', 'level.mayor'],
    ['گزینه ۱', 'level.head'],
    ['sef de departament', 'level.head'],
    ['Primar', 'level.mayor'],
    ['vice', 'level.deputy'],
    ['شهردار', 'level.mayor'],
    ['رئیس', 'level.head'],
  ])('%s → %s', (typed, value) => {
    expect(matchChoice(typed, options, WORDS)).toBe(value);
  });

  it('hyphens and connecting words aside: “pe email” is “Prin e-mail”', () => {
    const answerBy = [
      { value: 'email', labels: ['Prin e-mail', 'By e-mail', 'با ایمیل'] },
      { value: 'post', labels: ['Prin poștă', 'By post', 'با پست'] },
      {
        value: 'pickup',
        labels: ['Ridicare de la Centrul de Informare', 'Pick-up at the Information Centre'],
      },
    ];
    expect(matchChoice('pe email', answerBy, WORDS)).toBe('email');
    expect(matchChoice('email', answerBy, WORDS)).toBe('email');
    expect(matchChoice('E-mail', answerBy, WORDS)).toBe('email');
    expect(matchChoice('prin posta', answerBy, WORDS)).toBe('post');
    expect(matchChoice('by post', answerBy, WORDS)).toBe('post');
    expect(matchChoice('ایمیل', answerBy, WORDS)).toBe('email');
    expect(matchChoice('pickup', answerBy, WORDS)).toBe('pickup');
    expect(matchChoice('nu prin email', answerBy, WORDS)).toBeUndefined();
    expect(matchChoice('nu prin poștă, prin e-mail', answerBy, WORDS)).toBe('email');
    expect(matchChoice('not by post but by e-mail', answerBy, WORDS)).toBe('email');
    expect(matchChoice('prin', answerBy, WORDS)).toBeUndefined(); // only connecting words: nothing said
  });

  it('a negation that is itself an answer chooses it, unless it refuses another answer', () => {
    const answerBy = [
      { value: 'email', labels: ['Prin e-mail', 'email'] },
      { value: 'post', labels: ['Prin poștă', 'poștă'] },
      { value: 'none', labels: ['Nu doresc răspuns scris', 'nu', 'no', 'نه'] },
    ];
    expect(matchChoice('nu', answerBy, WORDS)).toBe('none');
    expect(matchChoice('Nu, mulțumesc', answerBy, WORDS)).toBe('none');
    expect(matchChoice('نه', answerBy, WORDS)).toBe('none');
    // "nu prin e-mail" refuses e-mail (the bare "email" too, past the connecting word): nothing is chosen.
    expect(matchChoice('nu prin email', answerBy, WORDS)).toBeUndefined();
    expect(matchChoice('no, not by email', answerBy, WORDS)).toBeUndefined();
    expect(matchChoice('nu prin poștă, prin e-mail', answerBy, WORDS)).toBe('email');
    const yesNo = [
      { value: 'yes', labels: ['Da', 'da'] },
      { value: 'no', labels: ['Nu', 'nu', 'nu am'] },
    ];
    expect(matchChoice('nu, nu am depus', yesNo, WORDS)).toBe('no');
    // A negation before a label of the same answer repeats it; before another answer, it refuses that one.
    const filed = [
      { value: 'yes', labels: ['Da', 'da', 'am depus'] },
      { value: 'no', labels: ['Nu', 'nu', 'n-am depus'] },
    ];
    expect(matchChoice('nu, n-am depus nimic', filed, WORDS)).toBe('no');
    expect(matchChoice('da, am depus o cerere', filed, WORDS)).toBe('yes');
  });

  it('tells a choice found inside a longer sentence from an answer that is the choice', () => {
    const menu = [
      { value: 'audience', labels: ['Audiență', 'Audience'] },
      { value: 'info', labels: ['Program și adrese', 'Hours and addresses'] },
    ];
    expect(readChoice('Audiență', menu, WORDS)).toEqual({ value: 'audience', inSentence: false });
    expect(readChoice('vreau audiență la primar', menu, WORDS)).toEqual({
      value: 'audience',
      inSentence: true,
    });
    expect(readChoice('1', menu, WORDS)).toEqual({ value: 'audience', inSentence: false });
    expect(readChoice('3', menu, WORDS)).toBeUndefined();
  });

  it('yes/no in any language, and said within a sentence', () => {
    const yesNo = [
      { value: 'yes', labels: ['Da', 'Yes', 'بله', 'sigur'] },
      { value: 'no', labels: ['Nu', 'No', 'خیر', 'نه'] },
    ];
    expect(matchChoice('da, sunt de acord', yesNo, WORDS)).toBe('yes');
    expect(matchChoice('بله', yesNo, WORDS)).toBe('yes');
    expect(matchChoice('NU', yesNo, WORDS)).toBe('no');
    expect(matchChoice('da sau nu', yesNo, WORDS)).toBeUndefined();
    expect(matchChoice('9', yesNo, WORDS)).toBeUndefined();
    expect(matchChoice('', yesNo, WORDS)).toBeUndefined();
  });
});

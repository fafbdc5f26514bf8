import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { LANGS, type Lang, type Municipality } from '../../dialogs/municipality';

/** Web Chat's browser bundle and the Persian font, served from the installed packages (no CDN). */
const ASSETS: Record<string, { file: string; type: string }> = {
  'webchat.js': {
    file: path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js'),
    type: 'application/javascript; charset=utf-8',
  },
  'vazirmatn.woff2': {
    file: path.join(
      path.dirname(require.resolve('vazirmatn/package.json')),
      'fonts',
      'webfonts',
      'Vazirmatn[wght].woff2',
    ),
    type: 'font/woff2',
  },
};

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const LABELS: Record<Lang, { language: string; title: string; open: string; close: string; busy: string }> = {
  ro: {
    language: 'Limba',
    title: 'Funcționarul virtual',
    open: 'Deschide asistentul',
    close: 'Închide',
    busy: 'Prea multe conversații noi de la această conexiune. Încercați din nou peste un minut.',
  },
  fa: {
    language: 'زبان',
    title: 'کارمند مجازی',
    open: 'گفت‌وگو با کارمند مجازی',
    close: 'بستن',
    busy: 'گفت‌وگوهای تازه از این اتصال بیش از اندازه است. یک دقیقه دیگر دوباره امتحان کنید.',
  },
  en: {
    language: 'Language',
    title: 'Virtual clerk',
    open: 'Open the virtual clerk',
    close: 'Close',
    busy: 'Too many new conversations from this connection. Please try again in a minute.',
  },
};
const NAMES: Record<Lang, string> = { ro: 'Română', fa: 'فارسی', en: 'English' };
const LOCALES: Record<Lang, string> = { ro: 'ro-RO', fa: 'fa-IR', en: 'en-US' };

/** The page with the clerk: Web Chat on the clerk's own Direct Line, branded from the municipality data. */
export function webPage(city: Municipality, lang: Lang): string {
  const accent = city.branding?.accent ?? '#1b4f8a';
  const logo = city.branding?.logo;
  const options = LANGS.map(
    (l) => `<option value="${l}"${l === lang ? ' selected' : ''} lang="${l}">${NAMES[l]}</option>`,
  ).join('');
  const config = JSON.stringify({
    lang,
    locales: LOCALES,
    names: NAMES,
    titles: Object.fromEntries(LANGS.map((l) => [l, `${city.name[l]} — ${LABELS[l].title}`])),
    languageLabels: Object.fromEntries(LANGS.map((l) => [l, LABELS[l].language])),
    busy: Object.fromEntries(LANGS.map((l) => [l, LABELS[l].busy])),
    persianStrings: {
      TEXT_INPUT_PLACEHOLDER: 'پیام خود را بنویسید',
      TEXT_INPUT_SEND_BUTTON_ALT: 'فرستادن',
      ACTIVITY_STATUS_TIMESTAMP_JUST_NOW: 'همین حالا',
      ACTIVITY_STATUS_TIMESTAMP_ONE_MINUTE_AGO: 'یک دقیقه پیش',
      ACTIVITY_STATUS_SEND_STATUS_ALT_SENDING: 'در حال فرستادن…',
      ACTIVITY_STATUS_SEND_FAILED_RETRY: 'فرستاده نشد. دوباره امتحان کنید.',
      // What a screen reader says, and what shows when the connection fails.
      ACTIVITY_BOT_SAID_ALT: '$1 گفت:',
      ACTIVITY_YOU_SAID_ALT: 'شما گفتید:',
      ACTIVITY_ERROR_BOX_TITLE: 'پیام خطا',
      ACTIVITY_INTERACTIVE_FOOTNOTE_ALT: 'برای کار با آن کلیک کنید.',
      ACTIVITY_INTERACTIVE_REASON_INTERACTIVE_CONTENT_ALT: 'این پیام دکمه یا گزینه دارد.',
      ACTIVITY_INTERACTIVE_REASON_LINK_ALT: 'این پیام یک یا چند پیوند دارد.',
      ACTIVITY_INTERACTIVE_REASON_SEND_FAILED_ALT: 'فرستاده نشد.',
      ACTIVITY_STATUS_SEND_STATUS_ALT_SENT_AT: 'فرستاده‌شده در $1',
      ACTIVITY_STATUS_TIMESTAMP_ONE_HOUR_AGO: 'یک ساعت پیش',
      ACTIVITY_STATUS_TIMESTAMP_TODAY: 'امروز',
      ACTIVITY_STATUS_TIMESTAMP_YESTERDAY: 'دیروز',
      CONNECTIVITY_STATUS_ALT: 'وضعیت اتصال: $1',
      CONNECTIVITY_STATUS_ALT_CONNECTED: 'وصل است',
      CONNECTIVITY_STATUS_ALT_CONNECTING: 'در حال اتصال…',
      CONNECTIVITY_STATUS_ALT_FATAL: 'اتصال برقرار نشد.',
      CONNECTIVITY_STATUS_ALT_RECONNECTING: 'اتصال قطع شد. در حال اتصال دوباره…',
      CONNECTIVITY_STATUS_ALT_RENDER_ERROR: 'نمایش با خطا روبه‌رو شد. لطفاً صفحه را دوباره بارگذاری کنید.',
      CONNECTIVITY_STATUS_ALT_SLOW_CONNECTION: 'اتصال بیش از معمول طول می‌کشد.',
      MARKDOWN_EXTERNAL_LINK_ALT: 'در پنجره‌ای تازه باز می‌شود؛ پیوند بیرونی.',
      SEND_BOX_IS_EMPTY_TOOLTIP_ALT: 'پیام خالی را نمی‌توان فرستاد.',
      SUGGESTED_ACTIONS_FLIPPER_NEXT_ALT: 'بعدی',
      SUGGESTED_ACTIONS_FLIPPER_PREVIOUS_ALT: 'قبلی',
      SUGGESTED_ACTIONS_LABEL_ALT: 'پاسخ‌های پیشنهادی',
      TEXT_INPUT_ALT: 'جعبه نوشتن پیام',
      TEXT_INPUT_LENGTH_EXCEEDED_ALT: 'پیام از اندازه مجاز بلندتر است',
      TRANSCRIPT_ARIA_LABEL_ALT: 'تاریخچه گفت‌وگو؛ با کلیدهای جهت‌نما جابه‌جا شوید.',
      TRANSCRIPT_ARIA_ROLE_ALT: 'تاریخچه گفت‌وگو',
      TRANSCRIPT_LIVE_REGION_INTERACTIVE_LABEL_ALT:
        'این پیام دکمه یا گزینه دارد. دو یا سه بار Shift+Tab را بزنید تا به تاریخچه گفت‌وگو بروید، سپس روی پیام کلیک کنید.',
      TRANSCRIPT_LIVE_REGION_INTERACTIVE_WITH_LINKS_LABEL_ALT:
        'این پیام یک یا چند پیوند دارد. دو یا سه بار Shift+Tab را بزنید تا به تاریخچه گفت‌وگو بروید، سپس روی پیام کلیک کنید.',
      TRANSCRIPT_LIVE_REGION_SUGGESTED_ACTIONS_LABEL_ALT:
        'این پیام پاسخ‌های پیشنهادی دارد. برای انتخاب آن‌ها دو یا سه بار Shift+Tab را بزنید.',
      TRANSCRIPT_LIVE_REGION_SUGGESTED_ACTIONS_WITH_ACCESS_KEY_LABEL_ALT:
        'این پیام پاسخ‌های پیشنهادی دارد. برای انتخاب آن‌ها $1 را بزنید.',
      TRANSCRIPT_LIVE_REGION_SEND_FAILED_ALT: 'پیام فرستاده نشد.',
      TRANSCRIPT_MORE_MESSAGES: 'پیام‌های بیشتر',
      TRANSCRIPT_NEW_MESSAGES: 'پیام‌های تازه',
      TRANSCRIPT_TERMINATOR_TEXT: 'پایان تاریخچه گفت‌وگو',
      TYPING_INDICATOR_ALT: 'در حال نوشتن',
      TYPING_INDICATOR_SINGLE_TEXT: '$1 در حال نوشتن است.',
      TYPING_INDICATOR_MULTIPLE_TEXT: '$1 و دیگران در حال نوشتن هستند.',
    },
    accent,
  });
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(city.name[lang])} — ${escape(LABELS[lang].title)}</title>
<style>
  @font-face { font-family: 'Vazirmatn'; src: url('/assets/vazirmatn.woff2') format('woff2'); font-weight: 100 900; font-display: swap; }
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, 'Segoe UI', Roboto, sans-serif; background: #f4f6f8; color: #1a1a1a; }
  html[lang="fa"] body, html[lang="fa"] #webchat { font-family: 'Vazirmatn', Tahoma, sans-serif; }
  header { display: flex; align-items: center; gap: .75rem; padding: .75rem 1rem; background: ${accent}; color: #fff; }
  header h1 { font-size: 1.1rem; margin: 0; flex: 1; }
  header img { height: 2rem; }
  header label { font-size: .9rem; }
  header select { font: inherit; margin-inline-start: .5rem; padding: .2rem; }
  main { flex: 1; min-height: 0; display: flex; justify-content: center; }
  #webchat { width: 100%; max-width: 48rem; height: 100%; background: #fff; }
</style>
</head>
<body>
<header>
  ${logo ? `<img src="${escape(logo)}" alt="">` : ''}
  <h1 id="title">${escape(city.name[lang])} — ${escape(LABELS[lang].title)}</h1>
  <label for="language"><span id="language-label">${escape(LABELS[lang].language)}</span><select id="language">${options}</select></label>
</header>
<main><div id="webchat" role="main" aria-label="${escape(LABELS[lang].title)}"></div></main>
<script src="/assets/webchat.js"></script>
<script>
(async function () {
  const config = ${config.replace(/</g, '\\u003c')};
  const KEY = 'civic-clerk.session';
  let lang = config.lang;

  // The conversation survives a reload: its token is kept in this tab's session storage until it expires.
  async function session() {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (saved && saved.expiresAt > Date.now() + 60000) return saved;
    const response = await fetch('/v3/directline/tokens/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: config.locales[lang] }),
    });
    if (!response.ok) {
      // Too many new conversations from this connection (429): say so in the page, in its language.
      document.getElementById('webchat').textContent = config.busy[lang];
      throw new Error('no conversation: ' + response.status);
    }
    const fresh = await response.json();
    const value = { token: fresh.token, conversationId: fresh.conversationId, expiresAt: Date.now() + fresh.expires_in * 1000 };
    sessionStorage.setItem(KEY, JSON.stringify(value));
    return value;
  }

  const s = await session();
  const directLine = window.WebChat.createDirectLine({
    token: s.token,
    conversationId: s.conversationId,
    domain: location.origin + '/v3/directline',
    webSocket: true,
  });
  // Web Chat refreshes the token itself; keep the fresh one for the next reload.
  const refresh = setInterval(() => {
    if (directLine.token && directLine.token !== s.token) {
      s.token = directLine.token;
      s.expiresAt = Date.now() + 1800000;
      sessionStorage.setItem(KEY, JSON.stringify(s));
    }
  }, 5000);
  window.addEventListener('beforeunload', () => clearInterval(refresh));

  function render() {
    const rtl = lang === 'fa';
    document.documentElement.lang = lang;
    document.documentElement.dir = rtl ? 'rtl' : 'ltr';
    document.getElementById('title').textContent = config.titles[lang];
    document.getElementById('language-label').textContent = config.languageLabels[lang];
    document.title = config.titles[lang];
    window.WebChat.renderWebChat(
      {
        directLine,
        locale: config.locales[lang],
        // Web Chat has no Persian strings of its own: the ones a citizen sees most are given here.
        overrideLocalizedStrings: rtl ? config.persianStrings : undefined,
        // Web Chat's own right-to-left list leaves Persian out: the direction is set here.
        dir: rtl ? 'rtl' : 'ltr',
        styleOptions: {
          accent: config.accent,
          primaryFont: rtl ? "'Vazirmatn', Tahoma, sans-serif" : undefined,
          suggestedActionLayout: 'flow',
          hideUploadButton: true,
          bubbleBorderRadius: 8,
          bubbleFromUserBorderRadius: 8,
        },
      },
      document.getElementById('webchat'),
    );
  }

  document.getElementById('language').addEventListener('change', (event) => {
    lang = event.target.value;
    render();
    // The clerk switches too: naming a language is how a citizen asks for it in any channel.
    directLine
      .postActivity({ type: 'message', from: { id: 'citizen', role: 'user' }, text: config.names[lang], locale: config.locales[lang] })
      .subscribe({ error: () => undefined });
  });

  render();
})();
</script>
</body>
</html>`;
}

/** The one script tag a city adds to its pages: a launcher button that opens the clerk in a panel. */
export function embedScript(): string {
  return `(function () {
  var origin = new URL(document.currentScript.src).origin;
  var lang = (document.documentElement.lang || 'ro').slice(0, 2);
  var labels = ${JSON.stringify(LABELS)};
  var l = labels[lang] || labels.ro;
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = l.open;
  button.setAttribute('aria-expanded', 'false');
  button.style.cssText = 'position:fixed;bottom:1rem;inset-inline-end:1rem;z-index:2147483000;padding:.75rem 1rem;border:0;border-radius:2rem;background:#1b4f8a;color:#fff;font:600 1rem system-ui,sans-serif;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)';
  var frame = document.createElement('iframe');
  frame.title = l.title;
  frame.src = origin + '/?lang=' + encodeURIComponent(lang);
  frame.hidden = true;
  frame.style.cssText = 'position:fixed;bottom:4.5rem;inset-inline-end:1rem;z-index:2147483000;width:min(26rem,calc(100vw - 2rem));height:min(40rem,calc(100vh - 6rem));border:1px solid #ccc;border-radius:.5rem;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.3)';
  button.addEventListener('click', function () {
    frame.hidden = !frame.hidden;
    button.setAttribute('aria-expanded', String(!frame.hidden));
    button.textContent = frame.hidden ? l.open : l.close;
    if (!frame.hidden) frame.focus();
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
`;
}

export function registerWebPage(server: Server, city: Municipality): void {
  server.get('/', async (req: Request, res: Response) => {
    const asked = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lang');
    const lang = LANGS.includes(asked as Lang) ? (asked as Lang) : city.defaultLanguage;
    res.sendRaw(200, webPage(city, lang), {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  });
  server.get('/embed.js', async (_req: Request, res: Response) => {
    res.sendRaw(200, embedScript(), { 'Content-Type': 'application/javascript; charset=utf-8' });
  });
  server.get('/assets/:name', async (req: Request, res: Response) => {
    const asset = ASSETS[String(req.params.name)];
    if (!asset) {
      res.send(404, { code: 404, message: 'Not found' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': asset.type,
      'Content-Length': statSync(asset.file).size,
      'Cache-Control': 'public, max-age=86400',
    });
    createReadStream(asset.file).pipe(res);
  });
}

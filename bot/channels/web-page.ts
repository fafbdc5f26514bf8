import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { LANGUAGE, LANGS, isLang, type Lang } from '../../dialogs/languages';
import type { Municipality } from '../../dialogs/municipality';
import { readNamespace } from '../i18n';

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

/** The page's own words in a language (locales/<lang>/web.json). */
interface WebTexts {
  language: string;
  title: string;
  open: string;
  close: string;
  busy: string;
  /** Web Chat's own strings, where Web Chat has none for the language (Persian). */
  webChat?: Record<string, string>;
}
let webTexts: Record<Lang, WebTexts> | undefined;
/** Each language's `web` namespace, read once. */
const web = () =>
  (webTexts ??= Object.fromEntries(
    LANGS.map((l) => [l, readNamespace(l, 'web') as unknown as WebTexts]),
  ) as Record<Lang, WebTexts>);
/** A value per language, as an object the page's script reads. */
const perLanguage = <T>(value: (lang: Lang) => T) => Object.fromEntries(LANGS.map((l) => [l, value(l)]));
/** Languages written in Arabic script: the page shows them in Vazirmatn. */
const ARABIC_SCRIPT = LANGS.filter((l) => LANGUAGE[l].script === 'Arabic');

/** The page with the clerk: Web Chat on the clerk's own Direct Line, branded from the municipality data. */
export function webPage(city: Municipality, lang: Lang): string {
  const accent = city.branding?.accent ?? '#1b4f8a';
  const logo = city.branding?.logo;
  const labels = web();
  const options = LANGS.map(
    (l) => `<option value="${l}"${l === lang ? ' selected' : ''} lang="${l}">${LANGUAGE[l].endonym}</option>`,
  ).join('');
  const config = JSON.stringify({
    lang,
    locales: perLanguage((l) => LANGUAGE[l].channelLocale),
    names: perLanguage((l) => LANGUAGE[l].endonym),
    dirs: perLanguage((l) => LANGUAGE[l].direction),
    arabicScript: ARABIC_SCRIPT,
    titles: perLanguage((l) => `${city.name[l]} — ${labels[l].title}`),
    languageLabels: perLanguage((l) => labels[l].language),
    busy: perLanguage((l) => labels[l].busy),
    // Web Chat has no strings of its own for some languages (Persian): the ones a citizen sees most, what a
    // screen reader says and what shows when the connection fails are given in the language's pack.
    webChatStrings: Object.fromEntries(
      LANGS.flatMap((l) => (labels[l].webChat ? [[l, labels[l].webChat]] : [])),
    ),
    accent,
  });
  return `<!doctype html>
<html lang="${lang}" dir="${LANGUAGE[lang].direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(city.name[lang])} — ${escape(labels[lang].title)}</title>
<style>
  @font-face { font-family: 'Vazirmatn'; src: url('/assets/vazirmatn.woff2') format('woff2'); font-weight: 100 900; font-display: swap; }
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, 'Segoe UI', Roboto, sans-serif; background: #f4f6f8; color: #1a1a1a; }
  ${ARABIC_SCRIPT.map((l) => `html[lang="${l}"] body, html[lang="${l}"] #webchat`).join(', ')} { font-family: 'Vazirmatn', Tahoma, sans-serif; }
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
  <h1 id="title">${escape(city.name[lang])} — ${escape(labels[lang].title)}</h1>
  <label for="language"><span id="language-label">${escape(labels[lang].language)}</span><select id="language">${options}</select></label>
</header>
<main><div id="webchat" role="main" aria-label="${escape(labels[lang].title)}"></div></main>
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
    const arabicScript = config.arabicScript.includes(lang);
    document.documentElement.lang = lang;
    document.documentElement.dir = config.dirs[lang];
    document.getElementById('title').textContent = config.titles[lang];
    document.getElementById('language-label').textContent = config.languageLabels[lang];
    document.title = config.titles[lang];
    window.WebChat.renderWebChat(
      {
        directLine,
        locale: config.locales[lang],
        // Given where Web Chat has no strings of its own for the language (Persian).
        overrideLocalizedStrings: config.webChatStrings[lang],
        // Web Chat's own right-to-left list leaves Persian out: the direction is set here.
        dir: config.dirs[lang],
        styleOptions: {
          accent: config.accent,
          primaryFont: arabicScript ? "'Vazirmatn', Tahoma, sans-serif" : undefined,
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
/** The embed's language where the city's page names none, or one the clerk does not speak: the registry's first. */
const FIRST = LANGS[0];

export function embedScript(): string {
  return `(function () {
  var origin = new URL(document.currentScript.src).origin;
  var lang = (document.documentElement.lang || ${JSON.stringify(FIRST)}).slice(0, 2);
  var labels = ${JSON.stringify(
    perLanguage((lang) => {
      const { language, title, open, close, busy } = web()[lang];
      return { language, title, open, close, busy };
    }),
  )};
  var l = labels[lang] || labels[${JSON.stringify(FIRST)}];
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
    const lang = isLang(asked) ? asked : city.defaultLanguage;
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

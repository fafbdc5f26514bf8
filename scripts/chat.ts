import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { renderPlain } from '../bot/channels/plain-text';
import { createClerk } from '../bot/compose';
import type { Config } from '../bot/config';
import { silentLogger } from '../bot/logger';
import type { Understanding } from '../bot/nlu';
import { LANGS, type Lang } from '../dialogs/municipality';
import { option, scriptConfig } from './script-env';

const LOCALE: Record<Lang, string> = { ro: 'ro-RO', fa: 'fa-IR', en: 'en-GB' };

/**
 * `npm run chat -- [--lang ro|fa|en] [--conversation ID]`: the clerk in the terminal, on the same engine,
 * dialogs and database as the server (bookings made here show in `npm run agenda`). Answers are numbered
 * lines, as on SMS. `--conversation` resumes a conversation; /quit (or Ctrl-D) ends.
 */
export async function runChat(opts: {
  config: Config;
  argv: string[];
  input: Readable;
  output: Writable;
  now?: () => Date;
  nlu?: Understanding;
}): Promise<number> {
  const lang = (option(opts.argv, '--lang') ?? 'ro') as Lang;
  if (!LANGS.includes(lang)) {
    opts.output.write('Usage: npm run chat -- [--lang ro|fa|en] [--conversation ID]\n');
    return 2;
  }
  const conversationId = `chat:${option(opts.argv, '--conversation') ?? randomUUID()}`;
  const clerk = await createClerk(opts.config, {
    log: silentLogger,
    now: opts.now,
    nlu: opts.nlu,
    dispatch: true,
  });
  const base = { conversationId, channel: 'chat', locale: LOCALE[lang] };
  const say = (replies: Awaited<ReturnType<typeof clerk.engine.handle>>) =>
    opts.output.write(`\n${renderPlain(replies.replies, replies.lang, clerk.texts)}\n\n> `);
  try {
    opts.output.write(
      `civic-clerk — ${clerk.city.name[lang]} (conversation ${conversationId.slice(5)}; /quit ends)\n`,
    );
    say(await clerk.engine.handle({ ...base, kind: 'start' }));
    const lines = readline.createInterface({ input: opts.input, terminal: false });
    for await (const line of lines) {
      if (line.trim() === '/quit') break;
      say(await clerk.engine.handle({ ...base, kind: 'message', text: line }));
    }
    opts.output.write('\n');
    return 0;
  } finally {
    await clerk.close();
  }
}

if (require.main === module) {
  runChat({
    config: scriptConfig(),
    argv: process.argv.slice(2),
    input: process.stdin,
    output: process.stdout,
  })
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      process.stderr.write(`chat: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

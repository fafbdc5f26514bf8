/**
 * Dialogs kept alive between turns (LIVE_DIALOGS, off by default): a conversation's next turn uses its running
 * dialog instead of reading the state back, but the database stays the truth — every turn is saved, a state
 * written by anyone else wins, a failed turn is forgotten. By default every turn is rebuilt from the database.
 */
import type { Lang } from '../../dialogs/municipality';
import type { IncomingMessage } from '../../bot/turn-engine';
import { closeAfterEach } from '../helpers/cleanup';
import { clerkPerTest, startClerk, type RunningClerk } from '../helpers/clerk';
import { conversationTables, headTurns } from '../helpers/conversation';

const closeLater = closeAfterEach();

function talk(app: RunningClerk, conversationId: string) {
  const send = (m: Partial<IncomingMessage>) =>
    app.clerk.engine.handle({ conversationId, channel: 'emulator', kind: 'message', locale: 'ro-RO', ...m });
  return {
    start: () => send({ kind: 'start' }),
    choose: (label: string) => send({ text: app.clerk.texts.t('ro', label) }),
  };
}

describe('kept in memory (LIVE_DIALOGS=1000)', () => {
  const ctx = clerkPerTest({ env: { LIVE_DIALOGS: '1000' } });

  it("a conversation's next turns use its running dialog: the state is saved every turn, read back once", async () => {
    const load = jest.spyOn(ctx.app.clerk.conversations, 'load');
    const save = jest.spyOn(ctx.app.clerk.conversations, 'save');
    const citizen = talk(ctx.app, 'emulator:kept');
    expect((await citizen.start()).state).toBe('menu');
    expect((await citizen.choose('choice.audience')).state).toBe('chooseLevel');
    expect((await citizen.choose('choice.levelHead')).state).toBe('askHasPetition');
    expect(load).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledTimes(3);
    expect((await ctx.app.clerk.conversations.load('emulator:kept'))?.version).toBe(3);
  });

  it("two servers on one database file take turns in a conversation: each carries on from the other's turn", async () => {
    const other = await startClerk({ dbPath: ctx.app.dbPath, env: { LIVE_DIALOGS: '1000' } });
    closeLater(() => other.close());
    const here = talk(ctx.app, 'emulator:shared');
    const there = talk(other, 'emulator:shared');
    expect((await here.start()).state).toBe('menu');
    expect((await there.choose('choice.audience')).state).toBe('chooseLevel');
    // This server's dialog is still at the menu: the database's newer state wins.
    expect((await here.choose('choice.levelHead')).state).toBe('askHasPetition');
    expect((await there.choose('choice.yes')).state).toBe('askPetitionNumber');
  });

  it('a turn whose state cannot be saved is forgotten: the next turn starts from the last saved state', async () => {
    const citizen = talk(ctx.app, 'emulator:failed');
    expect((await citizen.start()).state).toBe('menu');
    jest.spyOn(ctx.app.clerk.conversations, 'save').mockRejectedValueOnce(new Error('disk I/O error'));
    await expect(citizen.choose('choice.audience')).rejects.toThrow('disk I/O error');
    // The same answer again is read at the menu, where the saved conversation is — not one question further.
    expect(await citizen.choose('choice.audience')).toMatchObject({
      state: 'chooseLevel',
      trace: { from: 'menu' },
    });
  });

  it('more conversations than are kept: the least recently used leave memory and resume from the database', async () => {
    const small = await startClerk({ dbPath: ctx.app.dbPath, env: { LIVE_DIALOGS: '1' } });
    closeLater(() => small.close());
    const [a, b] = [talk(small, 'emulator:a'), talk(small, 'emulator:b')];
    await a.start();
    await b.start();
    expect((await a.choose('choice.audience')).state).toBe('chooseLevel');
    expect((await b.choose('choice.audience')).state).toBe('chooseLevel');
    expect((await a.choose('choice.levelHead')).state).toBe('askHasPetition');
    expect((await b.choose('choice.levelDeputy')).state).toBe('askPriorAudience');
  });
});

describe('rebuilt from the database every turn (LIVE_DIALOGS=0, the default)', () => {
  const ctx = clerkPerTest();
  const { play } = conversationTables(ctx);

  it.each<Lang>(['ro', 'fa'])('the whole audience with a head of department, in %s', async (lang) => {
    const load = jest.spyOn(ctx.app.clerk.conversations, 'load');
    await play(lang, headTurns(lang));
    expect(load).toHaveBeenCalledTimes(headTurns(lang).length + 1);
  });
});

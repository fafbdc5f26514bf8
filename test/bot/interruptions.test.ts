/**
 * A question in the middle of the dialog, at every step: the states come from the machine itself (every
 * shortest path, xstate/graph), not from a hand-picked list. For each state that asks something, the
 * conversation is put there, the citizen asks the opening hours in their own words — through the real
 * turn engine, NLU and store — and the clerk answers from the data and asks its question again.
 */
import type { Lang } from '../../dialogs/municipality';
import { startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { audiencePaths, machine, run } from '../helpers/machine-paths';

const question: Record<Lang, string> = {
  ro: 'care e programul cu publicul?',
  fa: 'ساعات کاری شما چیست؟',
  en: 'what are your opening hours?',
};

/** One path per state that waits for the citizen (no effect running, a question asked). */
const byState = new Map<string, ReturnType<typeof audiencePaths>[number]>();
for (const p of audiencePaths()) {
  const state = String(p.state.value);
  if (p.state.hasTag('busy') || !p.state.context.prompt || byState.has(state)) continue;
  byState.set(state, p);
}
const steps = [...byState.entries()];

let tmp: ReturnType<typeof tempDir>;
let app: RunningClerk;
beforeAll(async () => {
  tmp = tempDir();
  app = await startClerk({ dbPath: `${tmp.dir}/clerk.db` });
});
afterAll(async () => {
  try {
    await app?.close();
  } finally {
    tmp?.remove();
  }
});

it('covers every question of the dialogs', () => {
  expect(steps.map(([state]) => state)).toEqual(
    expect.arrayContaining([
      'menu',
      'askPetitionNumber',
      'askReason',
      'askName',
      'chooseSlot',
      'showBooking',
    ]),
  );
  expect(steps.length).toBeGreaterThanOrEqual(25);
});

describe.each<Lang>(['ro', 'fa', 'en'])('asking the hours mid-dialog, in %s', (lang) => {
  it.each(steps)('at %s: answered from the data, then the same question again', async (state, p) => {
    const { snapshot } = run(p.steps.map((s) => s.event));
    const id = `interrupt-${lang}-${state}`;
    await app.clerk.conversations.save(
      { id, channel: 'emulator', lang, snapshot: machine.getPersistedSnapshot(snapshot) },
      new Date(),
    );
    const result = await app.clerk.engine.handle({
      conversationId: id,
      channel: 'emulator',
      kind: 'message',
      text: question[lang],
    });
    const texts = result.replies.map((r) => r.text);
    expect(result.state).toBe(state);
    expect(texts[0]).toBe(app.clerk.texts.t(lang, 'info.hours'));
    const prompt = snapshot.context.prompt!;
    expect(texts[texts.length - 1]).toBe(app.clerk.texts.t(lang, prompt.key, prompt.params));
    if (prompt.key !== 'menu.prompt' && prompt.key !== 'info.prompt')
      expect(texts).toContain(app.clerk.texts.t(lang, 'dialog.resume'));
  });
});

/**
 * A question in the middle of the dialog, at every step: the states come from the machine itself (every
 * shortest path, xstate/graph), not from a hand-picked list. For each state that asks something, the
 * conversation is put there, the citizen asks the opening hours in their own words — through the real
 * turn engine, NLU and store — and the clerk answers from the data and asks its question again.
 */
import { DIALOG_VERSION } from '../../dialogs/dialog-version';
import type { Lang } from '../../dialogs/municipality';
import { startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { dialogPaths, machine, run, sector1Machine, type Machine } from '../helpers/machine-paths';

const question: Record<Lang, string> = {
  ro: 'care e programul cu publicul?',
  fa: 'ساعات کاری شما چیست؟',
  en: 'what are your opening hours?',
};

/** One path per state that waits for the citizen (no effect running, a question asked). */
function questionsOf(of: Machine) {
  const byState = new Map<string, ReturnType<typeof dialogPaths>[number]>();
  for (const p of dialogPaths(of)) {
    const state = String(p.state.value);
    if (p.state.hasTag('busy') || !p.state.context.prompt || byState.has(state)) continue;
    byState.set(state, p);
  }
  return [...byState.entries()];
}
const steps = questionsOf(machine);
const sector1Steps = questionsOf(sector1Machine);

let tmp: ReturnType<typeof tempDir>;
let app: RunningClerk;
let sector1: RunningClerk;
beforeAll(async () => {
  tmp = tempDir();
  app = await startClerk({ dbPath: `${tmp.dir}/clerk.db` });
  sector1 = await startClerk({
    dbPath: `${tmp.dir}/sector1.db`,
    env: { MUNICIPALITY: 'bucuresti-sector-1' },
  });
});
afterAll(async () => {
  try {
    await app?.close();
    await sector1?.close();
  } finally {
    tmp?.remove();
  }
});

it('covers every question of the dialogs, the Citizen Office’s too', () => {
  expect(sector1Steps.map(([state]) => state)).toEqual(
    expect.arrayContaining(['chooseService', 'chooseDay', 'chooseSlot', 'askName', 'confirming']),
  );
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

/** The citizen asks the hours at this step; the clerk answers from the data and asks its question again. */
async function interrupt(
  clerk: RunningClerk,
  lang: Lang,
  state: string,
  p: (typeof steps)[number][1],
  of: Machine,
) {
  const { snapshot } = run(
    p.steps.map((s) => s.event),
    of,
  );
  const id = `interrupt-${lang}-${state}`;
  await clerk.clerk.conversations.save(
    { id, channel: 'emulator', lang, snapshot: snapshot.persisted, dialogVersion: DIALOG_VERSION },
    new Date(),
  );
  const result = await clerk.clerk.engine.handle({
    conversationId: id,
    channel: 'emulator',
    kind: 'message',
    text: question[lang],
  });
  const texts = result.replies.map((r) => r.text);
  expect(result.state).toBe(state);
  expect(texts[0]).toBe(clerk.clerk.texts.t(lang, 'info.hours'));
  const prompt = snapshot.context.prompt!;
  expect(texts[texts.length - 1]).toBe(clerk.clerk.texts.t(lang, prompt.key, prompt.params));
  if (prompt.key !== 'menu.prompt' && prompt.key !== 'info.prompt')
    expect(texts).toContain(clerk.clerk.texts.t(lang, 'dialog.resume'));
}

describe.each<Lang>(['ro', 'fa', 'en'])('asking the hours mid-dialog, in %s', (lang) => {
  it.each(steps)('at %s: answered from the data, then the same question again', (state, p) =>
    interrupt(app, lang, state, p, machine),
  );
});

describe.each<Lang>(['ro', 'fa', 'en'])('asking the hours at the Citizen Office, in %s', (lang) => {
  it.each(sector1Steps)('at %s: answered from the data, then the same question again', (state, p) =>
    interrupt(sector1, lang, state, p, sector1Machine),
  );
});

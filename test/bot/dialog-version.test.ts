/**
 * Saved conversations carry the dialog's version. One the clerk can no longer restore — saved by another version,
 * or naming a state that no longer exists — is never a crash: the citizen is told in one line that the clerk was
 * updated and gets the menu, and the conversation goes on from there.
 */
import path from 'node:path';
import { DIALOG_VERSION } from '../../dialogs/dialog-version';
import { closeAfterEach } from '../helpers/cleanup';
import { startClerk, tempDir, type RunningClerk } from '../helpers/clerk';

const tmp = tempDir();
const closeLater = closeAfterEach();
afterAll(() => tmp.remove());
let app: RunningClerk;

beforeEach(async () => {
  app = await startClerk({ dbPath: path.join(tmp.dir, `clerk-${Date.now()}.db`) });
  closeLater(() => app.close());
});

const say = (id: string, text: string) =>
  app.clerk.engine.handle({
    conversationId: id,
    channel: 'emulator',
    kind: 'message',
    text,
    locale: 'ro-RO',
  });
/** Taps a button: its label, as the channels send it. */
const choose = (id: string, label: string) => say(id, app.clerk.texts.t('ro', label));
const updated = () => app.clerk.texts.t('ro', 'dialog.updated');
const menu = () => app.clerk.texts.t('ro', 'menu.prompt');

/** A conversation left at the head-of-department question about a petition. */
async function leftAtPetition(id: string) {
  await say(id, 'bună ziua');
  await choose(id, 'choice.audience');
  const at = await choose(id, 'choice.levelHead');
  expect(at.state).toBe('askHasPetition');
}

describe('saved conversations and the dialog’s version', () => {
  it('a saved state that no longer exists: told the clerk was updated, then the menu; the next turn works', async () => {
    await leftAtPetition('emulator:renamed');
    const snapshot = JSON.parse(
      app.clerk.db
        .prepare("SELECT snapshot FROM conversations WHERE id = 'emulator:renamed'")
        .pluck()
        .get() as string,
    );
    snapshot.value = 'askSomethingRenamedSince';
    app.clerk.db
      .prepare("UPDATE conversations SET snapshot = ? WHERE id = 'emulator:renamed'")
      .run(JSON.stringify(snapshot));

    const next = await say('emulator:renamed', 'da');
    expect(next.state).toBe('menu');
    expect(next.replies.map((r) => r.text)).toEqual([updated(), menu()]);
    const after = await choose('emulator:renamed', 'choice.audience');
    expect(after.state).toBe('chooseLevel');
    // Saved again by this version: the following turns do not hear about the update again.
    expect(
      app.clerk.db
        .prepare("SELECT dialog_version FROM conversations WHERE id = 'emulator:renamed'")
        .pluck()
        .get(),
    ).toBe(DIALOG_VERSION);
    expect((await choose('emulator:renamed', 'choice.levelHead')).replies.map((r) => r.text)).not.toContain(
      updated(),
    );
  });

  it('a state saved by another version of the dialog is not restored, even if its states still exist', async () => {
    await leftAtPetition('emulator:older');
    app.clerk.db
      .prepare("UPDATE conversations SET dialog_version = ? WHERE id = 'emulator:older'")
      .run(DIALOG_VERSION + 1);
    const next = await choose('emulator:older', 'choice.yes');
    expect(next.state).toBe('menu');
    expect(next.replies[0].text).toBe(updated());
  });

  it('a state saved by this version goes on where it was', async () => {
    await leftAtPetition('emulator:current');
    const next = await choose('emulator:current', 'choice.yes');
    expect(next.state).toBe('askPetitionNumber');
    expect(next.replies.map((r) => r.text)).not.toContain(updated());
  });
});

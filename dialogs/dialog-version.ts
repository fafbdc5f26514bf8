/**
 * The version of the clerk's dialog, saved with every conversation's state. Raise it with any change that
 * renames or removes a state, or changes what a state keeps in its context: conversations saved by an earlier
 * version are then not restored into a dialog that cannot read them — the citizen is told in one line that
 * the clerk was updated and gets the menu (bot/turn-engine.ts).
 */
export const DIALOG_VERSION = 3;

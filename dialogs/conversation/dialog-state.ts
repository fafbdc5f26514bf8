import type { AnyMachineSnapshot } from 'xstate';
import type { Decision } from '../dialog-protocol';
import { PROCEDURE_CHILD } from './conversation.machine';

/**
 * Where a conversation is, read from its snapshot and its procedure's (the child's, while one runs): for the
 * turn engine (what the next message is read for), staff traces and tests.
 */

type Snap = Pick<AnyMachineSnapshot, 'value' | 'tags' | 'children' | 'context'>;

/** The running procedure's snapshot, if one runs. */
export function procedureSnapshot(snapshot: Snap): AnyMachineSnapshot | undefined {
  const child = (snapshot.children as Record<string, { getSnapshot(): unknown } | undefined>)[
    PROCEDURE_CHILD
  ];
  return child?.getSnapshot() as AnyMachineSnapshot | undefined;
}

/** The tags of the conversation's state and of its procedure's. */
export function dialogTags(snapshot: Snap): Set<string> {
  const child = procedureSnapshot(snapshot);
  return child ? new Set([...snapshot.tags, ...child.tags]) : new Set(snapshot.tags);
}

const leaf = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? ['', ''];
  return inner === undefined ? key : leaf(inner);
};

/** The question the dialog is on, by its state's name: the procedure's while it asks, else the conversation's. */
export function dialogState(snapshot: Snap): string {
  const own = leaf(snapshot.value);
  const child = procedureSnapshot(snapshot);
  return own === 'asking' && child ? leaf(child.value) : own;
}

/** The rule that decided last: the procedure's, or the conversation's. */
export function dialogDecision(snapshot: Snap): Decision | undefined {
  const child = procedureSnapshot(snapshot);
  return (
    (child?.context as { decided?: Decision } | undefined)?.decided ??
    (snapshot.context as { decided?: Decision }).decided
  );
}

/**
 * What a saved conversation holds: the conversation's context with its running procedure's (the child's, saved
 * inside the conversation's snapshot) over it.
 */
export function savedDialogContext<T>(snapshot: unknown): T {
  const saved = snapshot as {
    context: object;
    children?: Record<string, { snapshot?: { context?: object } } | undefined>;
  };
  return { ...saved.context, ...(saved.children?.procedure?.snapshot?.context ?? {}) } as T;
}

const leaf = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries((value ?? {}) as Record<string, unknown>)[0] ?? ['', undefined];
  return inner === undefined ? key : leaf(inner);
};

/** The question a saved conversation is on, by its state's name: its procedure's while that one asks. */
export function savedDialogState(snapshot: unknown): string | undefined {
  const saved = snapshot as
    { value: unknown; children?: Record<string, { snapshot?: { value?: unknown } } | undefined> } | undefined;
  if (!saved) return undefined;
  const own = leaf(saved.value);
  const child = saved.children?.procedure?.snapshot?.value;
  return own === 'asking' && child !== undefined ? leaf(child) : own;
}

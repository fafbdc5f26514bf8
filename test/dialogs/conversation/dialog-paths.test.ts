/**
 * Every shortest path through each city's dialog — the conversation with its procedures as children — found
 * breadth first over representative events (test/helpers/machine-paths.ts): every state is reached, and every
 * question on the way has its texts in the locale packs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  dialogPaths,
  dialogStates,
  machine,
  run,
  sector1Machine,
  type Machine,
} from '../../helpers/machine-paths';

const LOCALES = path.join(__dirname, '../../../locales/en');
const packs = new Map<string, unknown>();
/** A locale key exists in English: `key` in clerk.json, `ns:key` in that namespace's file. */
function keyExists(key: string): boolean {
  const [ns, name] = key.includes(':') ? key.split(':') : ['clerk', key];
  if (!packs.has(ns)) packs.set(ns, JSON.parse(readFileSync(path.join(LOCALES, `${ns}.json`), 'utf8')));
  return (
    name.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], packs.get(ns)) !==
    undefined
  );
}

/** States a path never rests in: routing, history, and a procedure waiting on a shared step or ending. */
const isTransient = (
  name: string,
  node: ReturnType<typeof dialogStates> extends Map<string, infer N> ? N : never,
) =>
  ['asking', 'returning', 'start'].includes(name) ||
  !!node.always?.length ||
  node.tags.includes('step') ||
  node.type === 'final' ||
  node.type === 'history';

describe.each<[string, Machine, string[]]>([
  // An audience is booked from a list of places: no day is chosen first; and Cluj-Napoca has no walk-in queue.
  ['Cluj-Napoca (audiences)', machine, ['chooseDay', 'findingTimes', 'ticketing']],
  ['Bucharest Sector 1 (Citizen Office)', sector1Machine, []],
])('%s: every path', (_city, of, notTaken) => {
  const paths = dialogPaths(of);

  it('reaches every state of the conversation and its procedures', () => {
    const reached = new Set(paths.map((p) => p.state.value));
    const all = [...dialogStates(of).entries()]
      .filter(([name, node]) => !isTransient(name, node) && !notTaken.includes(name))
      .map(([name]) => name);
    expect(all.filter((s) => !reached.has(s))).toEqual([]);
    expect(paths.length).toBeGreaterThan(20);
  });

  it.each(paths.map((p, i) => [i + 1, p.state.value, p.steps.length, p] as const))(
    'path %i to %s (%i events): replayed, it ends where the search says, and every question on the way has a text',
    (_i, _state, _n, p) => {
      const { snapshot } = run(
        p.steps.map((s) => s.event),
        of,
      );
      expect(snapshot.value).toEqual(p.state.value);
      for (const step of p.steps) {
        const s = step.state;
        expect(s.value).not.toMatch(/^error/);
        if (s.hasTag('busy') || s.value === 'idle') continue;
        expect(s.context.prompt).toBeDefined();
        expect({ key: s.context.prompt!.key, exists: keyExists(s.context.prompt!.key) }).toEqual({
          key: s.context.prompt!.key,
          exists: true,
        });
        for (const c of s.context.prompt!.choices ?? []) expect(keyExists(c.key)).toBe(true);
        // Texts the question names as its parameters ({ t: key }) exist too.
        for (const value of Object.values(s.context.prompt!.params ?? {})) {
          if (typeof value === 'object' && 't' in value)
            expect({ t: value.t, exists: keyExists(value.t) }).toEqual({ t: value.t, exists: true });
        }
      }
    },
  );
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Municipality } from '../dialogs/municipality';
import type { Procedure } from '../dialogs/dialog-protocol';

/** dialogs/ beside this folder: the source's when run from source, the built one's from dist/. */
const DIALOGS = path.join(__dirname, '..', 'dialogs');

/**
 * The procedures a city offers, loaded by name from their folders: `dialogs/<id>/index` exports `procedure`
 * (its bookings' descriptions and its dialog).
 * Adding a procedure is adding its folder (and its locale namespace and the city's section): nothing here
 * names one. `extraDirs` are searched first (a test city's own procedures).
 */
export function loadProcedures(city: Municipality, extraDirs: readonly string[] = []): Procedure[] {
  return city.procedures.map((id) => {
    if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`procedure id "${id}" is not a folder name`);
    for (const dir of [...extraDirs, DIALOGS]) {
      if (!existsSync(path.join(dir, id))) continue;
      // Loaded by name at start, from whichever folder has it: a static import would have to name each one.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(path.join(dir, id)) as { procedure?: Procedure };
      if (!loaded.procedure || loaded.procedure.id !== id)
        throw new Error(`${path.join(dir, id)} does not export the procedure "${id}"`);
      return loaded.procedure;
    }
    throw new Error(`${city.id} offers the procedure "${id}", but no dialogs/${id}/ folder has it`);
  });
}

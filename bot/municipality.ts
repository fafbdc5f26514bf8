import { readFileSync } from 'node:fs';
import type { Municipality } from '../dialogs/municipality';
import { dataPath } from './paths';

/** Reads data/municipalities/<id>.json. Adding a city is adding such a file. */
export function loadMunicipality(id: string): Municipality {
  const city = JSON.parse(readFileSync(dataPath('municipalities', `${id}.json`), 'utf8')) as Municipality;
  if (city.id !== id) throw new Error(`data/municipalities/${id}.json declares id ${city.id}`);
  for (const d of city.departments) {
    if (!city.officials.some((o) => o.id === d.coordinator))
      throw new Error(`department ${d.id}: unknown coordinator`);
  }
  return city;
}

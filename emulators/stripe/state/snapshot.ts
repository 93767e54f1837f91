import { collectionsOf } from './tracked-state';
import type { State } from './types';

/** Snapshot key naming the journal generation that continues from this snapshot. */
export const JOURNAL_KEY = '$journal';

/**
 * The snapshot (state.json) as a sequence of string pieces, one per record, so a large state can be
 * serialised a slice at a time between other work. Joined, the pieces are the JSON of the state plus
 * `"$journal": gen`. Ids are read once per collection; each record is read when its piece is made.
 */
export function* snapshotPieces(state: State, journalGen: number): Generator<string> {
  yield `{"version":1,${JSON.stringify(JOURNAL_KEY)}:${journalGen}`;
  for (const name of collectionsOf(state)) {
    const map = state[name] as Record<string, unknown>;
    yield `,${JSON.stringify(name)}:{`;
    let first = true;
    for (const id of Object.keys(map)) {
      const value = map[id];
      if (value === undefined) continue; // deleted meanwhile
      yield `${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(value)}`;
      first = false;
    }
    yield '}';
  }
  yield '}';
}

/** Parses a snapshot; returns the state and the journal generation that follows it (0 for older files). */
export function parseSnapshot(text: string, empty: State): { state: State; journalGen: number } {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const gen = parsed[JOURNAL_KEY];
  delete parsed[JOURNAL_KEY];
  // Fill in collections added after the file was written.
  const state = { ...empty, ...(parsed as Partial<State>), version: 1 } as State;
  return { state, journalGen: typeof gen === 'number' && Number.isInteger(gen) && gen >= 0 ? gen : 0 };
}

import type { State } from './types';

/** A record map of State (everything but `version`). */
export type Collection = Exclude<keyof State, 'version'>;

/** Called after a record is written (`after` set) or deleted (`after` undefined). */
export type ChangeListener = (collection: Collection, id: string, before: unknown, after: unknown) => void;

export function collectionsOf(state: State): Collection[] {
  return Object.keys(state).filter((k): k is Collection => k !== 'version');
}

/**
 * Wraps every collection of `raw` in a Proxy that reports top-level writes and deletes, so persistence
 * and indexes see each change at the one place it happens (resources write `core.state.x[id] = …` in
 * many modules). In-place edits of a stored object are not seen: re-assign the object after editing it.
 */
export function trackState(raw: State, onChange: ChangeListener): State {
  const tracked = { ...raw };
  for (const name of collectionsOf(raw)) {
    const target = raw[name] as Record<string, unknown>;
    (tracked as Record<Collection, unknown>)[name] = new Proxy(target, {
      set(t, key, value) {
        if (typeof key !== 'string') return Reflect.set(t, key, value);
        const before = t[key];
        t[key] = value;
        onChange(name, key, before, value);
        return true;
      },
      deleteProperty(t, key) {
        if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(t, key)) return Reflect.deleteProperty(t, key);
        const before = t[key];
        delete t[key];
        onChange(name, key, before, undefined);
        return true;
      },
    });
  }
  return tracked;
}

import { describe, expect, it } from 'vitest';
import { StateIndex } from '@/emulators/stripe/state/indexes';
import { trackState } from '@/emulators/stripe/state/tracked-state';
import { emptyState } from '@/emulators/stripe/state/types';
import { newestFirst, paginate, paginateNewestFirst } from '@/emulators/stripe/server/list';
import type { ParamMap } from '@/emulators/stripe/server/form';

/** The indexes kept beside the persisted state must answer exactly what a full scan would. */
describe('state indexes', () => {
  it('cursor paging over the insertion order matches paginate(newestFirst(…).filter(…))', () => {
    const index = new StateIndex();
    const raw = emptyState();
    index.rebuild(raw);
    const state = trackState(raw, index.onChange);
    type Item = { id: string; n: number };
    const items = state.idempotency as unknown as Record<string, Item>;
    for (let i = 0; i < 3000; i++) items[`k${i}`] = { id: `k${i}`, n: i };
    for (let i = 0; i < 3000; i += 3) delete items[`k${i}`]; // enough holes to compact the order
    items['k3'] = { id: 'k3', n: 3 }; // re-added: moves to the end, as in a plain object
    const match = (x: Item): boolean => x.n % 5 !== 0;
    const expected = (p: ParamMap) => paginate(newestFirst(items).filter(match), p, '/x');
    const actual = (p: ParamMap) => paginateNewestFirst(index.order('idempotency'), (id) => items[id], match, p, '/x');
    const cursors = ['k1', 'k2', 'k3', 'k1499', 'k2998', 'k2999'];
    for (const limit of ['1', '7', '100']) {
      expect(actual({ limit })).toEqual(expected({ limit }));
      for (const c of cursors) {
        expect(actual({ limit, starting_after: c })).toEqual(expected({ limit, starting_after: c }));
        expect(actual({ limit, ending_before: c })).toEqual(expected({ limit, ending_before: c }));
      }
    }
    expect(() => actual({ starting_after: 'k0' })).toThrow(); // deleted
    expect(() => actual({ starting_after: 'k5' })).toThrow(); // filtered out, as before
  });

  it('finds sessions by payment_intent and hands out due open sessions once', () => {
    const index = new StateIndex();
    const raw = emptyState();
    index.rebuild(raw);
    const state = trackState(raw, index.onChange);
    const session = (id: string, pi: string | null, status: string, expires: number) =>
      ({ id, payment_intent: pi, status, expires_at: expires }) as never;
    state.sessions['cs_a'] = session('cs_a', null, 'open', 100);
    state.sessions['cs_b'] = session('cs_b', 'pi_1', 'open', 50);
    state.sessions['cs_c'] = session('cs_c', 'pi_1', 'complete', 10);
    state.sessions['cs_a'] = session('cs_a', 'pi_2', 'open', 100);
    expect(index.sessionIdsForPaymentIntent('pi_1')).toEqual(['cs_c', 'cs_b']);
    expect(index.sessionIdsForPaymentIntent('pi_2')).toEqual(['cs_a']);
    state.sessions['cs_b'] = session('cs_b', 'pi_3', 'complete', 50);
    expect(index.sessionIdsForPaymentIntent('pi_1')).toEqual(['cs_c']);
    expect(index.takeDueSessionIds(60)).toEqual(['cs_b']); // stale entry: the caller re-checks the session
    expect(index.takeDueSessionIds(60)).toEqual([]);
    expect(index.takeDueSessionIds(1000)).toEqual(['cs_a']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapacityStore } from '@/lib/domain/capacity/capacity-store';

/** The behaviour every CapacityStore adapter must have. Run it with a factory for a fresh, empty store. */
export function describeCapacityStoreContract(adapterName: string, openStore: () => Promise<CapacityStore>): void {
  describe(`CapacityStore contract: ${adapterName}`, () => {
    let store: CapacityStore;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const day = '2030-03-14';
    const hold = (holdId: string, servings: number, date = day) => ({ holdId, date, servings });

    it('counts holds up to the capacity and refuses the one that would pass it, saying what remains', async () => {
      expect(await store.reserve(hold('a', 30), 50)).toEqual({ ok: true });
      expect(await store.reserve(hold('b', 25), 50)).toEqual({ ok: false, remaining: 20 });
      expect(await store.reserve(hold('c', 20), 50)).toEqual({ ok: true });
      expect(await store.used(day)).toBe(50);
      expect(await store.reserve(hold('d', 1), 50)).toEqual({ ok: false, remaining: 0 });
      expect(await store.getHold('b')).toBeNull();
      expect(await store.used('2030-03-15')).toBe(0);
    });

    it('keeps dates apart', async () => {
      expect(await store.reserve(hold('a', 50), 50)).toEqual({ ok: true });
      expect(await store.reserve(hold('b', 50, '2030-03-15'), 50)).toEqual({ ok: true });
      expect(await store.used(day)).toBe(50);
      expect(await store.used('2030-03-15')).toBe(50);
    });

    it('reserving the same hold twice counts it once', async () => {
      expect(await store.reserve(hold('a', 10), 50)).toEqual({ ok: true });
      expect(await store.reserve(hold('a', 10), 50)).toEqual({ ok: true });
      expect(await store.used(day)).toBe(10);
    });

    it('releasing gives the servings back once, and only for a held hold', async () => {
      await store.reserve(hold('a', 40), 50);
      expect(await store.release('a')).toBe(true);
      expect(await store.release('a')).toBe(false);
      expect(await store.release('unknown')).toBe(false);
      expect(await store.used(day)).toBe(0);
      expect(await store.getHold('a')).toEqual({ holdId: 'a', date: day, servings: 40, state: 'released' });
      expect(await store.reserve(hold('b', 50), 50)).toEqual({ ok: true });
    });

    it('confirming keeps the servings counted; a confirmed hold cannot be released', async () => {
      await store.reserve(hold('a', 40), 50);
      expect(await store.confirm('a', 50)).toBe('confirmed');
      expect(await store.confirm('a', 50)).toBe('confirmed');
      expect(await store.release('a')).toBe(false);
      expect(await store.used(day)).toBe(40);
      expect(await store.confirm('unknown', 50)).toBe('unknown_hold');
    });

    it('a released hold paid late is counted again if it fits', async () => {
      await store.reserve(hold('a', 20), 50);
      await store.release('a');
      await store.reserve(hold('b', 30), 50);
      expect(await store.confirm('a', 50)).toBe('confirmed');
      expect(await store.used(day)).toBe(50);
    });

    it('a released hold paid late after the date filled up is overbooked, counted nowhere, and stays so', async () => {
      await store.reserve(hold('a', 20), 50);
      await store.release('a');
      await store.reserve(hold('b', 40), 50);
      expect(await store.confirm('a', 50)).toBe('overbooked');
      expect(await store.confirm('a', 50)).toBe('overbooked');
      expect(await store.used(day)).toBe(40);
      expect((await store.getHold('a'))?.state).toBe('overbooked');
    });

    it('twenty concurrent holds for the last servings never exceed the capacity', async () => {
      await store.reserve(hold('existing', 45), 60);
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, index) => store.reserve(hold(`racer-${index}`, 5), 60)));
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(3);
      expect(await store.used(day)).toBe(60);
    });

    it('concurrent releases and confirms of one hold give the servings back at most once', async () => {
      await store.reserve(hold('a', 10), 50);
      await store.reserve(hold('b', 10), 50);
      const released = await Promise.all([store.release('a'), store.release('a'), store.release('a')]);
      expect(released.filter(Boolean)).toHaveLength(1);
      const confirmed = await Promise.all([store.confirm('b', 50), store.confirm('b', 50)]);
      expect(confirmed).toEqual(['confirmed', 'confirmed']);
      expect(await store.used(day)).toBe(10);
    });
  });
}

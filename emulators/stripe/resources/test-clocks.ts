import type Stripe from 'stripe';
import type { Core } from '../core';
import { newId } from '../ids';
import { idOf } from '../billing/clock';
import { getTestClock, startAdvance, type ClockRunner } from '../billing/test-clocks';
import type { ParamMap } from '../server/form';
import { newestFirst } from '../server/list';
import { assertKnown, optInt, optString, reqString } from '../server/params';
import type { Route } from '../server/route';
import { expandFor } from './expansion';
import { readRoutes } from './read-routes';

const BASE = '/v1/test_helpers/test_clocks';
const DELETES_AFTER_S = 30 * 24 * 3600;

function frozenTime(p: ParamMap): number {
  const t = optInt(p, 'frozen_time', 'frozen_time', { min: 0 });
  if (t === undefined) reqString(p, 'frozen_time');
  return t ?? 0;
}

export function testClockRoutes(core: Core, runner: ClockRunner): Route[] {
  return [
    {
      method: 'POST',
      pattern: BASE,
      handler: (req) => {
        const p = req.params;
        assertKnown(p, ['frozen_time', 'name', 'expand']);
        const created = core.nowSeconds();
        const clock = {
          id: newId('clock'),
          object: 'test_helpers.test_clock',
          created,
          deletes_after: created + DELETES_AFTER_S,
          frozen_time: frozenTime(p),
          livemode: false,
          name: optString(p, 'name') || null,
          status: 'ready',
          status_details: {},
        } satisfies Stripe.TestHelpers.TestClock;
        core.state.testClocks[clock.id] = clock;
        core.emit('test_helpers.test_clock.created', clock, req.ctx);
        return expandFor(core, clock, p);
      },
    },
    ...readRoutes(core, { path: BASE, retrieve: (id) => getTestClock(core, id), list: () => newestFirst(core.state.testClocks) }),
    {
      method: 'POST',
      pattern: `${BASE}/:id/advance`,
      handler: (req) => {
        assertKnown(req.params, ['frozen_time', 'expand']);
        return expandFor(core, startAdvance(core, req.pathParams['id'] ?? '', frozenTime(req.params), runner), req.params);
      },
    },
    {
      method: 'DELETE',
      pattern: `${BASE}/:id`,
      handler: (req) => {
        const clock = getTestClock(core, req.pathParams['id'] ?? '');
        // Deleting a clock deletes the customers on it and their subscriptions, as Stripe does.
        for (const sub of Object.values(core.state.subscriptions)) if (idOf(sub.test_clock) === clock.id) delete core.state.subscriptions[sub.id];
        for (const c of Object.values(core.state.customers)) if (idOf(c.test_clock) === clock.id) delete core.state.customers[c.id];
        delete core.state.testClocks[clock.id];
        core.emit('test_helpers.test_clock.deleted', clock, req.ctx);
        return { id: clock.id, object: 'test_helpers.test_clock', deleted: true } satisfies Stripe.TestHelpers.DeletedTestClock;
      },
    },
  ];
}

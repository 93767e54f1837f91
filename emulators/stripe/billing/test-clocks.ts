import type Stripe from 'stripe';
import { NO_REQUEST, type Core } from '../core';
import { invalidRequest, notFound } from '../errors';
import { idOf } from './clock';
import { boundary } from './periods';
import { renewSubscription, renewalDueAt, subscriptionInterval } from './subscriptions';

type TestClock = Stripe.TestHelpers.TestClock;

export function getTestClock(core: Core, id: string, param = 'id'): TestClock {
  const clock = core.state.testClocks[id];
  if (!clock) throw notFound('test_helpers.test_clock', id, param);
  return clock;
}

function subscriptionsOn(core: Core, clockId: string): Stripe.Subscription[] {
  return Object.values(core.state.subscriptions).filter((s) => idOf(s.test_clock) === clockId);
}

/**
 * Stripe lets a clock move at most two intervals of its shortest subscription at a time
 * (so no renewal is skipped); the caller advances again for longer spans.
 */
export function advanceLimit(core: Core, clock: TestClock): number | null {
  let limit: number | null = null;
  for (const sub of subscriptionsOn(core, clock.id)) {
    if (renewalDueAt(sub) === null) continue;
    const end = boundary(clock.frozen_time, subscriptionInterval(sub), 2);
    limit = limit === null ? end : Math.min(limit, end);
  }
  return limit;
}

/** ready → advancing: the work runs right after the answer (see ClockRunner); retrieve until `ready`. */
export function startAdvance(core: Core, id: string, target: number, runner: ClockRunner): TestClock {
  const clock = getTestClock(core, id);
  if (clock.status !== 'ready') throw invalidRequest(`The test clock ${id} is ${clock.status}; wait until it is ready before advancing it again.`, undefined, 'test_clock_not_ready');
  if (target <= clock.frozen_time) throw invalidRequest('The frozen_time must be after the test clock\'s current frozen_time.', 'frozen_time', 'parameter_invalid_integer');
  const limit = advanceLimit(core, clock);
  if (limit !== null && target > limit) {
    throw invalidRequest(`Cannot advance the test clock by more than two intervals of its shortest subscription (at most to ${limit}).`, 'frozen_time', 'parameter_invalid_integer');
  }
  const advancing: TestClock = { ...clock, status: 'advancing', status_details: { advancing: { target_frozen_time: target } } };
  core.state.testClocks[id] = advancing;
  core.emit('test_helpers.test_clock.advancing', advancing, NO_REQUEST);
  runner.schedule(id);
  return advancing;
}

/**
 * Moves an advancing clock to its target: every subscription on it renews (or ends) at each period
 * boundary crossed, earliest first, with billing "now" at that boundary; then the clock is `ready`.
 */
export function finishAdvance(core: Core, id: string): void {
  const start = core.state.testClocks[id];
  const target = start?.status_details.advancing?.target_frozen_time;
  if (!start || start.status !== 'advancing' || target === undefined) return;
  for (;;) {
    let next: { sub: Stripe.Subscription; at: number } | null = null;
    for (const sub of subscriptionsOn(core, id)) {
      const at = renewalDueAt(sub);
      if (at !== null && at <= target && (!next || at < next.at)) next = { sub, at };
    }
    if (!next) break;
    const clock = getTestClock(core, id);
    core.state.testClocks[id] = { ...clock, frozen_time: next.at };
    renewSubscription(core, next.sub.id, NO_REQUEST);
  }
  const ready: TestClock = { ...getTestClock(core, id), frozen_time: target, status: 'ready', status_details: {} };
  core.state.testClocks[id] = ready;
  core.emit('test_helpers.test_clock.ready', ready, NO_REQUEST);
}

/** Runs clock advances after the request that started them, one unit of work each; restore() finishes those a stop interrupted. */
export class ClockRunner {
  private readonly due = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly core: () => Core) {}

  schedule(id: string): void {
    if (this.closed) return;
    this.due.add(id);
    this.timer ??= setTimeout(() => this.drain(), 0);
  }

  restore(): void {
    for (const clock of Object.values(this.core().state.testClocks)) if (clock.status === 'advancing') this.schedule(clock.id);
  }

  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  cancelAll(): void {
    this.due.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    this.timer = null;
    const ids = [...this.due];
    this.due.clear();
    for (const id of ids) this.run(id);
  }

  private run(id: string): void {
    if (this.closed) return;
    const core = this.core();
    try {
      core.transaction(() => finishAdvance(core, id));
    } catch (err) {
      // Like Stripe's internal_failure: the clock stops instead of staying `advancing` forever.
      core.options.log(`test clock ${id} failed to advance: ${err instanceof Error ? err.message : String(err)}`);
      core.transaction(() => {
        const clock = core.state.testClocks[id];
        if (!clock) return;
        const failed: TestClock = { ...clock, status: 'internal_failure', status_details: {} };
        core.state.testClocks[id] = failed;
        core.emit('test_helpers.test_clock.internal_failure', failed, NO_REQUEST);
      });
    }
  }
}

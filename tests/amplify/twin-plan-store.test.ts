import { describe, expect, it } from 'vitest';
import { AppSyncPlanStore } from '@/lib/adapters/amplify/appsync-plan-store';
import { planDocuments } from '@/lib/adapters/amplify/plan-documents';
import { applyPlanFact } from '@/lib/domain/plans/plan-state';
import { planEffectsForEvent } from '@/lib/services/plans/plan-event-facts';
import { execute } from '@/lib/adapters/amplify/graphql-transport';
import { describePlanStoreContract } from '../contracts/plan-store.contract';
import { firstPeriodEvents } from '../support/plan-events';
import { clearTables, iamTransport, signedInUser, userPoolTransport } from './support/twin-clients';
import { startTwinForTests } from '../support/twin-for-tests';

/** The Amplify plan store against the twin: Amplify's synthesized resolvers for the Plan model over DynamoDB Local. */
const running = startTwinForTests();

describePlanStoreContract('Amplify Data (twin)', async () => {
  await clearTables(running.db, running.twin);
  return new AppSyncPlanStore(iamTransport(running.twin), { pageSize: 2 });
});

describe('Amplify twin: who may read a plan', () => {
  it('a customer reads their own plan and nobody else’s; nobody signed in may write one', async () => {
    await clearTables(running.db, running.twin);
    const store = new AppSyncPlanStore(iamTransport(running.twin));
    for (const event of firstPeriodEvents()) {
      const effects = planEffectsForEvent(event, 'UTC');
      if (effects) await store.updatePlan(effects.planId, (current) => applyPlanFact(current, effects.fact, { eventId: event.id, created: event.created }));
    }
    const ada = await signedInUser(running.twin, 'ada-plans@example.com');
    const other = await signedInUser(running.twin, 'other-plans@example.com');
    expect(await store.claimPlansByEmail('ada@example.com', ada.owner)).toBe(1);

    const own = await execute<{ id: string }>(userPoolTransport(running.twin, ada.idToken), 'getPlan', { query: planDocuments.getPlan, variables: { id: 'sub_1' } });
    expect(own?.id).toBe('sub_1');
    const response = await userPoolTransport(running.twin, other.idToken).request({ query: planDocuments.getPlan, variables: { id: 'sub_1' } });
    expect(response.data?.getPlan ?? null).toBeNull();
    const write = await userPoolTransport(running.twin, ada.idToken).request({
      query: planDocuments.updatePlan,
      variables: { input: { id: 'sub_1', status: 'ended', version: 99 } },
    });
    expect(write.errors?.length ?? 0).toBeGreaterThan(0);
    expect((await store.getPlan('sub_1'))?.status).toBe('active');
  });
});

import { AppSyncError, execute, type GraphqlTransport } from './graphql-transport';
import type { Plan } from '../../domain/plans/plan';
import { byLatestPeriod, type PlanStore } from '../../domain/plans/plan-store';
import { planDocuments, type PlanOperation } from './plan-documents';

/** A Plan item as Amplify Data returns it; `data` is AWSJSON (a string on the wire). */
interface PlanRecord {
  id: string;
  owner: string | null;
  email: string | null;
  status: string;
  customerId: string | null;
  data: string | Plan;
  version: number;
}

interface Page<T> {
  items: T[];
  nextToken: string | null;
}

/**
 * Amplify's owner field resolver returns only the part after "::" of the stored owner; the record's own
 * `owner` column is the authority (the copy inside `data` is whatever was written).
 */
function toPlan(record: PlanRecord): Plan {
  const data = typeof record.data === 'string' ? (JSON.parse(record.data) as Plan) : record.data;
  return { ...data, owner: record.owner ?? null };
}

/**
 * The PlanStore port over Amplify Data (AppSync with IAM, the Plan model's owner/ADMINS read rules).
 * Every write is conditional: a create only if the plan does not exist, an update only on the version
 * read, so concurrent events never lose each other's facts (the loser reads again and refolds).
 */
export class AppSyncPlanStore implements PlanStore {
  constructor(
    private readonly transport: GraphqlTransport,
    private readonly options: { pageSize?: number; maxConflictRetries?: number } = {},
  ) {}

  async updatePlan(planId: string, apply: (current: Plan | null) => Plan): Promise<Plan> {
    for (let attempt = 0; ; attempt++) {
      const record = await this.read(planId);
      const next = apply(record ? toPlan(record) : null);
      if (next.id !== planId) throw new Error(`A plan update for ${planId} produced plan ${next.id}`);
      try {
        return toPlan(await this.write(next, record));
      } catch (error) {
        if (!(error instanceof AppSyncError && error.isConditionFailure) || attempt >= (this.options.maxConflictRetries ?? 10)) throw error;
      }
    }
  }

  async getPlan(id: string): Promise<Plan | null> {
    const record = await this.read(id);
    return record ? toPlan(record) : null;
  }

  async listPlansByOwner(owner: string): Promise<Plan[]> {
    return (await this.listAll('listPlanByOwner', { owner })).map(toPlan).sort(byLatestPeriod);
  }

  async claimPlansByEmail(email: string, owner: string): Promise<number> {
    const unowned = await this.listAll('listPlanByEmail', { email: email.toLowerCase(), filter: { owner: { attributeExists: false } } });
    let claimed = 0;
    for (const candidate of unowned) {
      const stored = await this.claim(candidate.id, owner);
      if (stored) claimed++;
    }
    return claimed;
  }

  async close(): Promise<void> {
    // Stateless over HTTP: nothing to release.
  }

  /** Gives the plan to the owner if nobody owns it yet; true if this call did. */
  private async claim(planId: string, owner: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const record = await this.read(planId);
      if (!record || record.owner) return false;
      try {
        await this.query('updatePlan', {
          input: { id: planId, owner, version: record.version + 1 },
          condition: { owner: { attributeExists: false }, version: { eq: record.version } },
        });
        return true;
      } catch (error) {
        if (!(error instanceof AppSyncError && error.isConditionFailure) || attempt >= (this.options.maxConflictRetries ?? 10)) throw error;
      }
    }
  }

  private async write(plan: Plan, current: PlanRecord | null): Promise<PlanRecord> {
    // The owner column is written only by claim; a fold never changes it.
    const fields = { id: plan.id, email: plan.email?.toLowerCase() ?? null, status: plan.status, customerId: plan.customerId, data: JSON.stringify({ ...plan, owner: null }) };
    const written = current
      ? await this.query<PlanRecord>('updatePlan', { input: { ...fields, version: current.version + 1 }, condition: { version: { eq: current.version } } })
      : await this.query<PlanRecord>('createPlan', { input: { ...fields, version: 1 } });
    if (!written) throw new Error(`Writing plan ${plan.id} returned nothing`);
    return written;
  }

  private read(id: string): Promise<PlanRecord | null> {
    return this.query<PlanRecord>('getPlan', { id });
  }

  private query<T = unknown>(operation: PlanOperation, variables: Record<string, unknown>): Promise<T | null> {
    return execute<T>(this.transport, operation, { query: planDocuments[operation], variables });
  }

  private async listAll(operation: 'listPlanByOwner' | 'listPlanByEmail', variables: Record<string, unknown>): Promise<PlanRecord[]> {
    const items: PlanRecord[] = [];
    let nextToken: string | null = null;
    do {
      const page: Page<PlanRecord> | null = await this.query<Page<PlanRecord>>(operation, { ...variables, limit: this.options.pageSize ?? 100, nextToken });
      items.push(...(page?.items ?? []));
      nextToken = page?.nextToken ?? null;
    } while (nextToken);
    return items;
  }
}

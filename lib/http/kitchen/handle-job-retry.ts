import type { Clock } from '../../domain/clock';
import type { FollowUpQueue } from '../../domain/followups/follow-up-queue';
import { backTo, refused, seeOther, staffForm, type StaffRequestDeps } from './staff-requests';

/** POST /admin/jobs/retry (form: key): puts a parked follow-up back in the queue with a fresh attempt budget. */
export async function handleJobRetry(
  deps: StaffRequestDeps & { store: Pick<FollowUpQueue, 'requeueFollowUp'>; clock: Clock; wakeFollowUps?: () => void },
  request: Request,
): Promise<Response> {
  const gate = await staffForm(deps, request);
  if (gate instanceof Response) return gate;
  const back = backTo(gate.form, '/admin/jobs');
  const key = gate.form.get('key');
  if (typeof key !== 'string' || !key) return refused(400, 'Which job?', back);
  if (!(await deps.store.requeueFollowUp(key, deps.clock.now().toISOString()))) return refused(409, 'That job is not parked (any more): it may already have been retried.', back);
  deps.wakeFollowUps?.();
  return seeOther(deps.siteUrl, back);
}

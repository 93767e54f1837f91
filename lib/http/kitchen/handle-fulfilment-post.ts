import { z } from 'zod';
import { changeFulfilment, type ChangeFulfilmentDeps } from '../../services/kitchen/change-fulfilment';
import { FULFILMENT_STATUSES } from '../../domain/kitchen/fulfilment';
import { backTo, refused, seeOther, staffForm, type StaffRequestDeps } from './staff-requests';

const changeForm = z.object({
  to: z.enum(FULFILMENT_STATUSES),
  version: z.coerce.number().int().nonnegative(),
});

/** POST /admin/orders/[id]/fulfilment: a staff member moves an order along (form: to, version, returnTo). */
export async function handleFulfilmentPost(
  deps: StaffRequestDeps & ChangeFulfilmentDeps & { wakeFollowUps?: () => void },
  request: Request,
  orderId: string,
): Promise<Response> {
  const gate = await staffForm(deps, request);
  if (gate instanceof Response) return gate;
  const back = backTo(gate.form);
  const parsed = changeForm.safeParse({ to: gate.form.get('to'), version: gate.form.get('version') });
  if (!parsed.success) return refused(400, 'That is not a change the kitchen knows.', back);
  const result = await changeFulfilment(deps, gate.staff.email, { orderId, to: parsed.data.to, expectedVersion: parsed.data.version });
  if (!result.ok) return refused(result.status, result.message, back);
  deps.wakeFollowUps?.();
  return seeOther(deps.siteUrl, back);
}

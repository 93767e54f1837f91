import 'server-only';
import { staffOrNull } from './require-staff';
import { getWebhookDeps } from '../../lib/composition';
import { stripeRefundInFull } from '../../lib/services/kitchen/change-fulfilment';

/** What the kitchen's route handlers need, from the one composition root. */
export function getKitchenDeps() {
  const deps = getWebhookDeps();
  return {
    ...deps,
    currentStaff: staffOrNull,
    shopTimeZone: deps.config.shopTimeZone,
    refundInFull: stripeRefundInFull(deps.stripe),
  };
}

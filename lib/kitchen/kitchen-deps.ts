import 'server-only';
import { staffOrNull } from '../auth/require-staff';
import { getWebhookDeps } from '../composition';
import { stripeRefundInFull } from './change-fulfilment';

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

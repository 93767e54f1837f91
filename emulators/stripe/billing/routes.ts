import type Stripe from 'stripe';
import type { Core } from '../core';
import { portalRoutes } from '../resources/billing-portal';
import { customerRoutes } from '../resources/customers';
import { invoiceRoutes } from '../resources/invoices';
import { subscriptionRoutes } from '../resources/subscriptions';
import { testClockRoutes } from '../resources/test-clocks';
import type { ClockRunner } from './test-clocks';
import type { Route } from '../server/route';

/** Every Billing route (customers, subscriptions, invoices, test clocks, portal), registered in one place. */
export function billingRoutes(core: Core, resolvePm: (id: string) => Stripe.PaymentMethod, clocks: ClockRunner): Route[] {
  return [...customerRoutes(core, resolvePm), ...subscriptionRoutes(core), ...invoiceRoutes(core), ...testClockRoutes(core, clocks), ...portalRoutes(core)];
}

import type Stripe from 'stripe';
import type { SignedInUser } from '../../domain/auth/signed-in-user';
import { BodyTooLargeError, readBodyWithLimit } from '../read-body';
import type { Logger } from '../../logger';
import { isSameOriginRequest } from '../../security/same-origin';
import type { RateLimiter } from '../../security/rate-limiter';
import { clientKey } from '../../security/client-key';
import { errorResponse, jsonResponse, methodNotAllowed, notFound } from '../json-response';
import { createPlanCheckout } from '../../services/plans/plan-checkout';
import { openPlanPortal } from '../../services/plans/plan-portal';
import type { PlanStore } from '../../domain/plans/plan-store';

const MAX_FORM_BYTES = 8 * 1024;

/** What the plans page tells the customer for each refusal. */
export const PLAN_PROBLEMS: Record<'invalid_request' | 'unavailable_plan' | 'rate_limited', string> = {
  invalid_request: 'Please check the highlighted details and try again.',
  unavailable_plan: 'That plan is no longer available. Please choose another.',
  rate_limited: 'Too many attempts. Please wait a moment and try again.',
};

export interface PlanRequestDeps {
  stripe: Stripe;
  siteUrl: string;
  logger: Logger;
}

/**
 * The shop's CSP has `form-action 'self'`, which browsers also apply to a form's redirect: a plain form post
 * cannot be redirected to Stripe. The pages therefore post with fetch (Accept: application/json) and get
 * `{ url }` to navigate to; a plain form post (no script) still gets the 303.
 */
function wantsJson(request: Request): boolean {
  return request.headers.get('accept')?.includes('application/json') ?? false;
}

function goTo(request: Request, url: string): Response {
  return wantsJson(request) ? jsonResponse(200, { url }) : seeOther(url);
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

/** The form's fields; null when the body is not a small urlencoded form. */
async function readForm(request: Request): Promise<Record<string, string> | null> {
  if (!request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded')) return null;
  try {
    return Object.fromEntries(new URLSearchParams(await readBodyWithLimit(request, MAX_FORM_BYTES)));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return null;
    throw error;
  }
}

/** Only the shop's own pages may post these forms: another site must not start a Checkout or a portal session. */
function refusal(request: Request, siteUrl: string): Response | null {
  if (request.method !== 'POST') return methodNotAllowed('POST');
  return isSameOriginRequest(request.headers, siteUrl) ? null : errorResponse(403, { code: 'cross_site_request', message: 'Cross-site form posts are refused' });
}

/** POST /api/plans/checkout (the plans page's form): a 303 to Stripe's Checkout, or back to /plans with the problem. */
export async function handlePlanCheckoutRequest(deps: PlanRequestDeps & { rateLimiter: RateLimiter; trustedProxyHops?: number }, request: Request): Promise<Response> {
  const refused = refusal(request, deps.siteUrl);
  if (refused) return refused;
  if (!deps.rateLimiter.take(clientKey(request.headers, deps.trustedProxyHops ?? 1).key).allowed) {
    return wantsJson(request) ? errorResponse(429, { code: 'rate_limited', message: PLAN_PROBLEMS.rate_limited }) : seeOther('/plans?error=rate_limited');
  }
  const form = await readForm(request);
  if (!form) return errorResponse(415, { code: 'unsupported_media_type', message: 'Send the plans form (application/x-www-form-urlencoded, at most 8 KiB)' });
  const result = await createPlanCheckout(deps, form);
  if (result.ok) return goTo(request, result.url);
  deps.logger.info({ code: result.code, field: result.field }, 'plan checkout refused');
  if (wantsJson(request)) return errorResponse(400, { code: result.code, message: PLAN_PROBLEMS[result.code], field: result.field });
  return seeOther(`/plans?error=${result.code}${result.field ? `&field=${encodeURIComponent(result.field)}` : ''}`);
}

/** POST /api/plans/portal (the account page's "Manage plan"): a 303 to Stripe's Customer Portal, own plans only. */
export async function handlePlanPortalRequest(deps: PlanRequestDeps & { plans?: PlanStore }, request: Request, user: SignedInUser | null): Promise<Response> {
  const refused = refusal(request, deps.siteUrl);
  if (refused) return refused;
  if (!user) return goTo(request, `/sign-in?returnTo=${encodeURIComponent('/account')}`);
  const form = await readForm(request);
  const result = form?.planId && deps.plans ? await openPlanPortal({ ...deps, plans: deps.plans }, user, form.planId) : { ok: false as const };
  if (result.ok) return goTo(request, result.url);
  return notFound('No such plan');
}

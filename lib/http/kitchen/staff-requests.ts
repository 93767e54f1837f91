import type { SignedInUser } from '../../domain/auth/signed-in-user';
import { parseReturnPath } from '../../security/return-path';
import { isSameOriginRequest } from '../../security/same-origin';

export interface StaffRequestDeps {
  siteUrl: string;
  /** The verified staff member on this request, or null (signed out, or not in ADMINS). */
  currentStaff: () => Promise<SignedInUser | null>;
}

const NOT_FOUND = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * The gate every staff mutation passes: anyone not staff gets the same 404 as for a page that does not
 * exist (the kitchen does not admit to existing); staff posting from another site (CSRF) get 403.
 * Returns the staff member and the posted form, or the response to send.
 */
export async function staffForm(deps: StaffRequestDeps, request: Request): Promise<{ staff: SignedInUser; form: FormData } | Response> {
  const staff = await deps.currentStaff();
  if (!staff) return NOT_FOUND();
  if (!isSameOriginRequest(request.headers, deps.siteUrl)) return new Response('Cross-site request refused', { status: 403 });
  try {
    return { staff, form: await request.formData() };
  } catch {
    return new Response('Expected a form', { status: 400 });
  }
}

/** For staff downloads (GET): the staff member, or a 404. */
export async function staffOnly(deps: StaffRequestDeps): Promise<SignedInUser | Response> {
  return (await deps.currentStaff()) ?? NOT_FOUND();
}

/** Back to the kitchen page the form came from (only /admin pages), after a change. */
export function backTo(form: FormData, fallback = '/admin'): string {
  const path = parseReturnPath(form.get('returnTo'));
  return path && (path === '/admin' || path.startsWith('/admin/') || path.startsWith('/admin?')) ? path : fallback;
}

export function seeOther(siteUrl: string, path: string): Response {
  return new Response(null, { status: 303, headers: { Location: new URL(path, siteUrl).toString() } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A refused change: the status says why (404, 409, 422), the page says it in words with a way back. */
export function refused(status: number, message: string, back: string): Response {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not changed</title></head><body><main><h1>Not changed</h1><p role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(back)}">Back to the kitchen</a></p></main></body></html>`;
  return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

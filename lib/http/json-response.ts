/**
 * The refusal shape every API route answers with: short, stable, and free of internals.
 * `code` is a snake_case word a script can branch on; `message` is a sentence a person can read.
 */
export interface ApiError {
  error: { code: string; message: string; field?: string };
}

/**
 * A JSON response that is never cached and never content-sniffed. API routes bypass proxy.ts
 * (so their bodies are not buffered twice), so the headers that matter for JSON are set here.
 */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, {
    status,
    headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers },
  });
}

export function errorResponse(
  status: number,
  error: ApiError['error'],
  headers: Record<string, string> = {},
): Response {
  const body: ApiError = { error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
  return jsonResponse(status, body, headers);
}

/** 405 naming the methods the route does answer. */
export function methodNotAllowed(allowed: string): Response {
  return errorResponse(405, { code: 'method_not_allowed', message: `Use ${allowed}` }, { Allow: allowed });
}

/** 404 that says no more than that: the route, or the thing asked for, is not there (for this caller). */
export function notFound(message = 'Not found'): Response {
  return errorResponse(404, { code: 'not_found', message });
}

/** 500 for anything unexpected: the details go to the server log, never to the caller. */
export function internalError(): Response {
  return errorResponse(500, { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' });
}

/** The refusal shape every API route answers with: short, stable, and free of internals. */
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

import { createLogger, type Logger } from '../logger';
import { internalError, methodNotAllowed } from './json-response';

type Handler = (request: Request) => Promise<Response>;

/** Used only when the route's own logger cannot be built (e.g. the configuration is broken). */
let fallbackLogger: Logger | null = null;

function loggerOr(logger: () => Logger): Logger {
  try {
    return logger();
  } catch {
    fallbackLogger ??= createLogger('error');
    return fallbackLogger;
  }
}

/**
 * Wraps an API route so nothing it throws leaves as Next's bare 500: the caller gets the one error shape,
 * the server log gets the whole error (stack and cause chain).
 */
export function answeringErrors(logger: () => Logger, handler: Handler): Handler {
  return async (request) => {
    try {
      return await handler(request);
    } catch (err) {
      loggerOr(logger).error({ err, route: new URL(request.url).pathname }, 'API route failed');
      return internalError();
    }
  };
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

/**
 * Next answers a method a route does not export with a bare 405; a route exports these for the methods it
 * does not serve, so a wrong method is refused in the one shape too (with Allow naming the right one).
 */
export function refusedMethods<Allowed extends Method>(allowed: Allowed): Record<Exclude<Method, Allowed>, Handler> {
  const refuse: Handler = async () => methodNotAllowed(allowed);
  return Object.fromEntries(METHODS.filter((method) => method !== allowed).map((method) => [method, refuse])) as Record<Exclude<Method, Allowed>, Handler>;
}

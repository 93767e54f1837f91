import { createLogger, type Logger } from '../logger';
import { internalError } from './json-response';

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

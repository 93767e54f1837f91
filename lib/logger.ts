import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Redaction is a safety net: code logs ids and types, never
 * secrets, card data or addresses, but a stray object must not leak them either.
 */
export function createLogger(level: pino.LevelWithSilent): Logger {
  return pino({
    level,
    base: { service: 'storefront' },
    redact: {
      paths: [
        '*.secret',
        '*.secretKey',
        '*.webhookSecret',
        '*.authorization',
        '*.address',
        '*.shipping',
        '*.customer_details',
        'headers["stripe-signature"]',
      ],
      censor: '[redacted]',
    },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });

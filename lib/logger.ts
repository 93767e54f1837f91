import pino from 'pino';

export type Logger = pino.Logger;

/** Fields that must never reach a log line, at the top level or one object down. */
const SENSITIVE_FIELDS = [
  'secret',
  'secretKey',
  'webhookSecret',
  'apiKey',
  'password',
  'authorization',
  'cookie',
  'address',
  'shipping',
  'shipping_details',
  'customer_details',
  'billing_details',
  'customer_email',
  'email',
  'card',
  'cardNumber',
  'cvc',
  'payment_method_details',
];

const REDACT_PATHS = [
  ...SENSITIVE_FIELDS,
  ...SENSITIVE_FIELDS.map((field) => `*.${field}`),
  'headers["stripe-signature"]',
  '*.headers["stripe-signature"]',
];

/**
 * Values that look like secrets or personal data wherever they appear in a logged string, e.g. inside
 * an error message an SDK built from a request: Stripe keys and webhook secrets, card-number-like digit
 * runs, and email addresses.
 */
const SENSITIVE_PATTERNS: [RegExp, string][] = [
  [/\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9_]+/g, '[redacted key]'],
  [/\bwhsec_[A-Za-z0-9_+/=]+/g, '[redacted secret]'],
  [/\b(?:\d[ -]?){12,18}\d\b/g, '[redacted number]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[redacted email]'],
];

export function scrubSensitiveText(text: string): string {
  return SENSITIVE_PATTERNS.reduce((scrubbed, [pattern, replacement]) => scrubbed.replace(pattern, replacement), text);
}

function scrubStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSensitiveText(value);
  if (depth > 5 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubStrings(item, depth + 1)]));
}

/**
 * Structured JSON logs. Code logs ids and types, never secrets, card data, emails or addresses;
 * redaction by field name and scrubbing by pattern are the safety net for a stray object or message.
 * `destination` is for tests that read what was logged.
 */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'storefront' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { log: (object) => scrubStrings(object) as Record<string, unknown> },
    hooks: {
      // The message string is not part of the logged object, so it is scrubbed here.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubSensitiveText(arg) : arg)) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const silentLogger: Logger = pino({ level: 'silent' });

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

/** Scalar fields an error may carry that say what failed (an SDK's code, status, request id); objects stay out. */
function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The whole error, through pino's own serializer (type, message, stack, nested cause), but without
 * the objects an SDK hangs on it (a Stripe error's raw response, headers, the payment method it was
 * about): those may hold personal data that field redaction cannot reach at that depth.
 */
function serializeError(error: Error, depth: number): Record<string, unknown> {
  const serialized = pino.stdSerializers.errWithCause(error) as unknown as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(serialized)) {
    if (isScalar(item) && key !== 'cause') kept[key] = scrubStrings(item);
  }
  // The cause chain and an AggregateError's errors, each trimmed the same way; the depth cap ends cycles.
  if (depth < 5 && error.cause instanceof Error) kept.cause = serializeError(error.cause, depth + 1);
  else if (isScalar(error.cause)) kept.cause = scrubStrings(error.cause);
  if (depth < 5 && error instanceof AggregateError) {
    kept.aggregateErrors = (error.errors as unknown[]).map((item) => (item instanceof Error ? serializeError(item, depth + 1) : scrubStrings(String(item))));
  }
  return kept;
}

function scrubStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSensitiveText(value);
  if (depth > 5 || typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return serializeError(value, depth);
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubStrings(item, depth + 1)]));
}

/** An error as the logger writes it (whole, scrubbed), for code that must write its own JSON line. */
export function errorForLog(error: unknown): unknown {
  return scrubStrings(error);
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
    // Errors are serialized (and scrubbed) by the log formatter below, at any depth; pino's own `err`
    // serializer would run afterwards on the plain result and fold the cause chain into one string.
    serializers: { err: (value: unknown) => value },
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

/** Two years, as the HSTS preload list asks. */
const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * Browser features the shop never uses. Payment happens on Stripe's page, so `payment` is off here too.
 */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ');

/**
 * Headers every page carries besides the CSP. HSTS is sent in production only: on a developer's
 * http://localhost it is meaningless, and a stray HTTPS dev server would pin localhost to HTTPS.
 */
export function baselineSecurityHeaders(options: { production: boolean }): Record<string, string> {
  return {
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Content-Type-Options': 'nosniff',
    // For browsers without CSP frame-ancestors.
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(options.production ? { 'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` } : {}),
  };
}

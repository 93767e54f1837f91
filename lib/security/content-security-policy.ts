export interface CspOptions {
  /**
   * The per-request nonce Next puts on its own scripts. Null for pages prerendered at build time:
   * their HTML is the same for every visitor, so no nonce can be in it (see static-pages.ts).
   */
  nonce: string | null;
  /** Origins the browser itself calls besides the shop, e.g. the user pool (Cognito or cognito-local). */
  connectOrigins: readonly string[];
  /** `next dev` needs eval for React's debugging aids; production never does. */
  development: boolean;
  /** Only over HTTPS: on http://localhost it would break calls to the local emulators. */
  upgradeInsecureRequests: boolean;
}

/**
 * The shop's Content-Security-Policy. Scripts run only from the shop's origin, and inline scripts only
 * with the request's nonce (`strict-dynamic` lets those scripts load Next's chunks). Styles allow
 * inline because React and Amplify UI set `style` attributes, which nonces cannot cover; style
 * injection cannot run code. Checkout leaves the site with `window.location.assign`, not a form post,
 * so `form-action 'self'` holds.
 */
export function buildContentSecurityPolicy(options: CspOptions): string {
  const scriptSources = options.nonce
    ? ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'"]
    : // Prerendered pages carry Next's inline bootstrap scripts with no nonce: see static-pages.ts.
      ["'self'", "'unsafe-inline'"];
  if (options.development) scriptSources.push("'unsafe-eval'");

  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', ...scriptSources],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...options.connectOrigins],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    ['frame-src', "'none'"],
    ['worker-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
  ];
  if (options.upgradeInsecureRequests) directives.push(['upgrade-insecure-requests']);
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/** A fresh, unguessable nonce per response: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

import type { AuthConfig } from '../config/config';
import { authConnectOrigins } from './auth-connect-origins';
import { buildContentSecurityPolicy, createNonce } from './content-security-policy';
import { baselineSecurityHeaders } from './security-headers';
import { isPrerenderedPage } from './static-pages';

export interface PageSecurityHeaders {
  /** Null on prerendered pages. */
  nonce: string | null;
  contentSecurityPolicy: string;
  responseHeaders: Record<string, string>;
}

/** The policy for one page request: everything proxy.ts needs, decided without the framework. */
export function pageSecurityHeaders(
  pathname: string,
  config: { auth: Pick<AuthConfig, 'endpoint' | 'region'> | null; siteUrl: string } | null,
  environment: { development: boolean; production: boolean },
): PageSecurityHeaders {
  const nonce = isPrerenderedPage(pathname) ? null : createNonce();
  const contentSecurityPolicy = buildContentSecurityPolicy({
    nonce,
    // With no readable configuration the page fails on its own; the policy then allows only the shop.
    connectOrigins: authConnectOrigins(config?.auth ?? null),
    development: environment.development,
    upgradeInsecureRequests: config?.siteUrl.startsWith('https://') ?? false,
  });
  return {
    nonce,
    contentSecurityPolicy,
    responseHeaders: { ...baselineSecurityHeaders({ production: environment.production }), 'Content-Security-Policy': contentSecurityPolicy },
  };
}

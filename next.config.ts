import type { NextConfig } from 'next';
import { apiSecurityHeaders } from './lib/security/api-security-headers';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it. Stripe too:
  // bundled, every route got its own copy of the SDK (and of its error classes); from node_modules there is one.
  serverExternalPackages: ['better-sqlite3', 'pino', 'stripe'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Pages with a time-based revalidate expire one second after rendering: only the build's placeholder
  // catalog page has one (lib/domain/catalog/catalog-cache-policy.ts), so it is re-rendered on the first request
  // instead of shown once. The catalog itself is revalidated by webhooks, not by time.
  expireTime: 1,
  // Pages get their headers from proxy.ts; API routes (which it skips) get theirs here.
  headers: async () => [{ source: '/api/:path*', headers: apiSecurityHeaders({ production: process.env.NODE_ENV === 'production' }) }],
  experimental: {
    // Keep re-rendered pages and the cached catalog in memory: on disk they would outlive a restart
    // against a reseeded Local Stripe and show price ids that no longer exist.
    isrFlushToDisk: false,
  },
};

export default nextConfig;

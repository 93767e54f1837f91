import type { NextConfig } from 'next';
import { apiSecurityHeaders } from './lib/security/api-security-headers';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it. Stripe too:
  // bundled, every route got its own copy of the SDK (and of its error classes); from node_modules there is one.
  serverExternalPackages: ['better-sqlite3', 'pino', 'stripe'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Pages get their headers from proxy.ts; API routes (which it skips) get theirs here.
  headers: async () => [{ source: '/api/:path*', headers: apiSecurityHeaders({ production: process.env.NODE_ENV === 'production' }) }],
  experimental: {
    // The 'use cache' directive (app/_server/cached-catalog.ts) without the Cache Components rendering model,
    // which would change how request-time pages answer (redirects and 404s). With it Next refuses a route's
    // `runtime` export, even 'nodejs': routes declare none and get Node.js, the default.
    useCache: true,
    // Keep re-rendered pages in memory ('use cache' entries are in memory anyway): written to disk, the
    // catalog page outlives a restart and shows the last run's products and prices (seen against a
    // reseeded Local Stripe), with no webhook to ever correct it. A restart costs one Stripe read.
    isrFlushToDisk: false,
  },
};

export default nextConfig;

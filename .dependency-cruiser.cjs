/**
 * The boundaries `npm test` checks (dependency-cruiser; stage "Boundaries" in scripts/test.ts).
 * Each role is a path pattern; the rules say which role may import which. README "Architecture" explains them.
 */

/** Pure rules, models and the ports they define: no package but zod, nothing outside the domain. */
const DOMAIN = ['^lib/domain/'];

/** One implementation of a port per technology (SQLite, Amplify/DynamoDB, Cognito, SES, Stripe, local files). */
const ADAPTERS = ['^lib/adapters/'];

/** The one composition root: picks the adapters for the profile. */
const COMPOSITION = '^lib/composition\\.ts$';

/** Modules a page or route uses to reach the composition root or Next.js itself (cookies, redirects, caching). */
const SERVER_BRIDGE = ['^app/_server/'];

/** Entry points that build their own services: Lambda handlers, the twin's hosts of them, scripts. */
const OTHER_ROOTS = ['^amplify/functions/', '^emulators/amplify-twin/follow-up-(worker|stream)\\.ts$', '^scripts/', '^bench/'];

/** Configuration: may read files, the environment and SSM; imports no other role but the domain. */
const CONFIG = ['^lib/config/'];

/** The framework-free HTTP helpers (JSON responses, body reading): configuration may answer /api/health with them. */
const HTTP_HELPERS = '^lib/http/[^/]+\\.ts$';

const SDKS = '(^|/)node_modules/(stripe|@aws-sdk|aws-amplify|@aws-amplify|better-sqlite3|pino|aws-jwt-verify)/';
const FRAMEWORKS = '(^|/)node_modules/(next|react|react-dom|server-only)/';
const PACKAGES = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-no-packages',
      comment: 'The domain imports no SDK, no framework, no package at all but zod (not even for types).',
      severity: 'error',
      from: { path: DOMAIN },
      to: { dependencyTypes: PACKAGES, pathNot: '(^|/)node_modules/zod/' },
    },
    {
      name: 'domain-imports-only-domain',
      comment: 'The domain imports only the domain: no service, handler, adapter, configuration or app code.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '^(lib|app|components|common|emulators|amplify)/', pathNot: DOMAIN },
    },
    {
      name: 'composition-root-only-from-entry-points',
      comment: 'Only pages and routes (app/), the server bridge, instrumentation and scripts reach the composition root.',
      severity: 'error',
      from: { pathNot: ['^app/', '^instrumentation\\.ts$', '^scripts/', ...SERVER_BRIDGE] },
      to: { path: COMPOSITION },
    },
    {
      name: 'lib-imports-no-app',
      comment: 'lib/ never imports Next.js pages, routes or components.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(app|components)/' },
    },
    {
      name: 'lib-imports-no-framework',
      comment: 'lib/ is framework-free at run time; only the server bridge (and the composition root, for server-only) use Next.js.',
      severity: 'error',
      from: { path: '^lib/', pathNot: [...SERVER_BRIDGE, COMPOSITION, ...ADAPTERS] },
      to: { path: FRAMEWORKS },
    },
    {
      name: 'sdks-only-in-adapters',
      comment: 'SDK calls live in adapters (and configuration): services and handlers may name SDK types, never load an SDK.',
      severity: 'error',
      from: { path: '^lib/', pathNot: [...ADAPTERS, ...CONFIG, COMPOSITION, '^lib/logger\\.ts$'] },
      to: { path: SDKS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-only-from-composition',
      comment: 'Adapters are chosen by the composition root (or another entry point); nothing else imports them.',
      severity: 'error',
      from: { pathNot: [COMPOSITION, ...ADAPTERS, ...OTHER_ROOTS] },
      to: { path: ADAPTERS },
    },
    {
      name: 'services-import-no-handlers',
      comment: 'Request handlers (lib/http) call services; services never call back into a handler.',
      severity: 'error',
      from: { path: ['^lib/services/', ...DOMAIN] },
      to: { path: '^lib/http/' },
    },
    {
      name: 'config-imports-no-services',
      comment: 'Configuration decides the profile and reads settings; it calls no service, handler or adapter.',
      severity: 'error',
      from: { path: CONFIG },
      to: { path: '^lib/', pathNot: [...CONFIG, ...DOMAIN, HTTP_HELPERS] },
    },
    {
      name: 'emulators-import-no-lib',
      comment: "Emulators stand in for outside services and share nothing with the shop but common/ (the twin's Lambda hosts excepted).",
      severity: 'error',
      from: { path: '^emulators/', pathNot: '^emulators/amplify-twin/follow-up-(worker|stream)\\.ts$' },
      to: { path: '^lib/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.next|\\.data|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve packages as TypeScript does, so `import type` of an SDK is still seen as that SDK.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * @aws-amplify/data-construct and @aws-amplify/graphql-api-construct ship their dependencies inside their
 * tarballs (bundleDependencies), and the bundles disagree with their own package.json files: zod 3.24.2 where
 * a bundled package pins 3.25.17, @opentelemetry/core 2.8.0 where a bundled package pins 2.0.0. `npm install`
 * writes the lockfile from what the tarball holds, and `npm ci` then refused it for those pins. The overrides
 * in package.json state the bundled versions, so both commands agree and `npm install` leaves the lockfile
 * unchanged. If an upgrade changes a bundle, this says which override to update.
 */
const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { overrides: Record<string, unknown> };
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; inBundle?: boolean }> };

describe('overrides for the bundled dependencies of the Amplify data constructs', () => {
  for (const construct of ['@aws-amplify/data-construct', '@aws-amplify/graphql-api-construct']) {
    it(`${construct}: the overrides match what its tarball bundles`, () => {
      const overrides = manifest.overrides[construct] as Record<string, string>;
      const bundled = (name: string) => lock.packages[`node_modules/${construct}/node_modules/${name}`];
      expect(bundled('zod')).toMatchObject({ inBundle: true, version: overrides['zod'] });
      expect(bundled('@opentelemetry/core')?.inBundle).toBe(true);
      expect(bundled('@opentelemetry/core')?.version).toMatch(/^2\./);
      expect(overrides['@opentelemetry/core']).toBe('^2.0.0');
    });
  }
});

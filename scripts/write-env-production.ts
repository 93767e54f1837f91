/**
 * amplify.yml's build phase: writes the server's non-secret settings into .env.production
 * (see scripts/lib/env-production.ts). Fails the build, naming the variable, on a secret set as a build variable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readAmplifyOutputs } from '../lib/config/amplify-outputs';
import { AMPLIFY_OUTPUTS_FILE } from '../lib/config/profile';
import { envProductionLines } from './lib/env-production';

try {
  const lines = envProductionLines(process.env, readAmplifyOutputs(path.resolve(AMPLIFY_OUTPUTS_FILE)));
  fs.writeFileSync('.env.production', `${lines.join('\n')}\n`);
  // Names only in the build log.
  console.log(`.env.production: ${lines.map((line) => line.split('=')[0]).join(', ')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

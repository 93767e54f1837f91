import fs from 'node:fs';

/** Loads .env.local then .env (if present) the way Next does, so the emulators see the same settings as the app. */
export function loadEnvFiles(): void {
  for (const file of ['.env.local', '.env']) {
    if (fs.existsSync(file)) process.loadEnvFile(file);
  }
}

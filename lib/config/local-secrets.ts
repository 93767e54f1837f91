import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const WEBHOOK_SECRET_FILE = 'local-webhook-secret';

/**
 * The webhook signing secret shared by the app and Local Stripe in local mode.
 * Generated once per data directory so a fresh clone needs no configuration,
 * and stable across restarts so deliveries queued by the emulator still verify.
 */
export function readOrCreateLocalWebhookSecret(dataDir: string): string {
  const file = path.join(dataDir, WEBHOOK_SECRET_FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.startsWith('whsec_')) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = `whsec_${randomBytes(24).toString('hex')}`;
  // 'wx' fails if another process created it first; then we read theirs.
  try {
    fs.writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fs.readFileSync(file, 'utf8').trim();
  }
}

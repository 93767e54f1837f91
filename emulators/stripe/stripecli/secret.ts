import fs from 'node:fs';
import path from 'node:path';
import { randomId } from '../ids';

const FILE = 'stripecli-secret';

/**
 * The `whsec_…` that `stripe listen` sessions sign with. Stripe keeps one per account, so it is kept
 * per data directory: `--print-secret` today and tomorrow agree. Without a data dir it lives as long
 * as the process.
 */
export function stripeCliSecret(dataDir: string | undefined): string {
  if (!dataDir) return `whsec_${randomId(32)}`;
  const file = path.join(dataDir, FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (/^whsec_[A-Za-z0-9]{16,}$/.test(existing)) return existing;
  } catch {
    // Not created yet.
  }
  const secret = `whsec_${randomId(32)}`;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

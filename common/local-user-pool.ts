import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_COGNITO_LOCAL_ENDPOINT = 'http://127.0.0.1:9229';
const USER_POOL_FILE = path.join('cognito', 'user-pool.json');

export interface LocalUserPool {
  userPoolId: string;
  clientId: string;
}

/** The cognito-local pool and client created by `npm run dev`, shared with the app through the data directory. */
export function readLocalUserPool(dataDir: string): LocalUserPool | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dataDir, USER_POOL_FILE), 'utf8')) as Partial<LocalUserPool>;
    return parsed.userPoolId && parsed.clientId ? { userPoolId: parsed.userPoolId, clientId: parsed.clientId } : null;
  } catch {
    return null;
  }
}

export function writeLocalUserPool(dataDir: string, pool: LocalUserPool): void {
  const file = path.join(dataDir, USER_POOL_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(pool, null, 2)}\n`);
}

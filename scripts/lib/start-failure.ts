import { ConfigError } from '../../lib/config/config-error';
import { PortBusyError } from './busy-port';

/** Ends a failed `npm run dev` / `npm run preview`: what to fix, without a stack trace for problems the user can fix. */
export function failStart(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`${error.message}\nNot started. Fix these in .env.local (every variable is described in .env.example) and run it again.`);
  } else if (error instanceof PortBusyError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
}

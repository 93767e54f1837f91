import type { ServerFrame } from './protocol';

/** One open websocket from a CLI process, as the delivery logic sees it. */
export interface CliConnection {
  /** The `websocket_id` of the session it belongs to (one per CLI process). */
  readonly sessionId: string;
  /** Sends a frame if the socket is still open; a frame sent into a closing socket is simply lost. */
  send(frame: ServerFrame): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Node timers that never keep the process alive. */
export const nodeTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

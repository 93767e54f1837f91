/**
 * Wakes a worker in another process than the one committing its jobs: it watches a cheap change counter (SQLite's
 * data_version) and calls `wake` when the counter moves, so new jobs start within one check instead of waiting for
 * the worker's polling fallback.
 */
export interface CommitWake {
  stop(): void;
}

export function wakeOnCommits(readVersion: () => number, wake: () => void, checkEveryMs: number): CommitWake {
  let seen = readVersion();
  const timer = setInterval(() => {
    const version = readVersion();
    if (version === seen) return;
    seen = version;
    wake();
  }, checkEveryMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

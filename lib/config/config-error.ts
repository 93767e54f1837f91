/** Every reason the configuration is refused, each naming its variable and the fix, reported at once. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Runs every check, even after one fails, so a single start names every bad variable; throws them together. */
export function allOrIssues<T extends unknown[]>(...checks: { [K in keyof T]: () => T[K] }): T {
  const issues: string[] = [];
  const results = checks.map((check) => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return results as T;
}

/** The parts of a V8 .cpuprofile (Chrome DevTools format) the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  /** Microseconds on the monotonic clock (the same clock as process.hrtime). */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTimeRow {
  /** "function (file:line)", or the category name. */
  name: string;
  ms: number;
  share: number;
}

export interface WindowSummary {
  /** Sampled milliseconds in the window, idle included. */
  totalMs: number;
  /** Milliseconds the thread was busy (not "(idle)"). */
  busyMs: number;
  byFunction: SelfTimeRow[];
  byCategory: SelfTimeRow[];
  /** Time with a matching frame anywhere on the stack (counted once per sample), per pattern asked about. */
  inclusive: SelfTimeRow[];
}

/** Where a frame's code lives, coarse enough to compare two routes: the framework, a library, or the shop. */
export function categoryOf(encodedUrl: string, functionName: string): string {
  // Frames of ES modules carry file: URLs, where a scope's @ is %40.
  const url = safeDecode(encodedUrl);
  if (functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)') return functionName;
  if (url === '') return '(native)';
  // A frame of the shop's bundle mapped back to its source (see profile-webhook.ts): its folder.
  if (url.startsWith('shop:')) return `shop ${url.slice('shop:'.length).split('/').slice(0, -1).join('/')}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg?.[1] === 'next') return url.includes('/compiled/') ? 'next (compiled deps)' : 'next';
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/.next/server/')) return 'shop (bundled, unmapped)';
  return 'other';
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function shortUrl(encodedUrl: string): string {
  const url = safeDecode(encodedUrl);
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) return url.slice(inModules + 'node_modules/'.length);
  const inBuild = url.indexOf('/.next/');
  return inBuild >= 0 ? url.slice(inBuild + 1) : url;
}

function rows(totals: Map<string, number>, busyMs: number, limit: number): SelfTimeRow[] {
  return [...totals]
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit);
}

/** "name (file:line)" of a frame; the line is where the function starts. */
export function labelOf(frame: CpuProfile['nodes'][number]['callFrame']): string {
  return `${frame.functionName || '(anonymous)'} (${shortUrl(frame.url)}:${frame.lineNumber + 1})`;
}

/** Self time per function and per category for the samples taken between `fromUs` and `toUs` (monotonic µs). */
export function summarizeWindow(profile: CpuProfile, fromUs: number, toUs: number, limit = 25, inclusiveOf: readonly string[] = []): WindowSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inclusive = new Map<string, number>();
  const functions = new Map<string, number>();
  const categories = new Map<string, number>();
  let at = profile.startTime;
  let totalMs = 0;
  let idleMs = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    // A sample's time is the time until the next one.
    at += profile.timeDeltas[index] ?? 0;
    const spentMs = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    if (at < fromUs || at > toUs) continue;
    const frame = byId.get(profile.samples[index]!);
    if (!frame) continue;
    totalMs += spentMs;
    if (frame.functionName === '(idle)') {
      idleMs += spentMs;
      continue;
    }
    const name = labelOf(frame);
    functions.set(name, (functions.get(name) ?? 0) + spentMs);
    const category = categoryOf(frame.url, frame.functionName);
    categories.set(category, (categories.get(category) ?? 0) + spentMs);
    const stack: string[] = [];
    for (let id: number | undefined = profile.samples[index]; id !== undefined; id = parentOf.get(id)) {
      const caller = byId.get(id);
      if (caller) stack.push(labelOf(caller));
    }
    for (const pattern of inclusiveOf) {
      if (stack.some((label) => label.includes(pattern))) inclusive.set(pattern, (inclusive.get(pattern) ?? 0) + spentMs);
    }
  }
  const busyMs = totalMs - idleMs;
  return {
    totalMs,
    busyMs,
    byFunction: rows(functions, busyMs, limit),
    byCategory: rows(categories, busyMs, limit),
    inclusive: rows(inclusive, busyMs, inclusiveOf.length),
  };
}

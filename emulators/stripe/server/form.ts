// Stripe's form encoding: nested params as `a[b][0][c]=v`, arrays as `x[]=v` or `x[0]=v`.
export type Param = string | ParamMap | Param[];
export interface ParamMap {
  [key: string]: Param;
}

function splitKey(key: string): string[] | null {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/gy;
  re.lastIndex = first;
  let m: RegExpExecArray | null;
  let end = first;
  while ((m = re.exec(key)) !== null) {
    parts.push(m[1] ?? '');
    end = re.lastIndex;
  }
  return end === key.length ? parts : null;
}

// Build as objects first (`[]` gets a synthetic index), then turn all-numeric-key objects into arrays.
const APPEND = Symbol('append');
type Building = { [key: string]: Building | string; [APPEND]?: number };

function isMap(v: Building | string | undefined): v is Building {
  return typeof v === 'object' && v !== null;
}

export function parseForm(body: string): ParamMap {
  const root: Building = {};
  if (!body) return {};
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawVal = eq === -1 ? '' : pair.slice(eq + 1);
    const key = safeDecode(rawKey);
    const value = safeDecode(rawVal);
    const parts = splitKey(key);
    if (!parts || parts[0] === '') continue;
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i] ?? '';
      const last = i === parts.length - 1;
      if (part === '') {
        const n = node[APPEND] ?? Object.keys(node).length;
        node[APPEND] = n + 1;
        part = String(n);
      }
      if (last) {
        node[part] = value;
      } else {
        const next = node[part];
        if (isMap(next)) node = next;
        else {
          const created: Building = {};
          node[part] = created;
          node = created;
        }
      }
    }
  }
  return finalize(root);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function finalize(node: Building): ParamMap {
  const out: ParamMap = {};
  for (const [k, v] of Object.entries(node)) out[k] = typeof v === 'string' ? v : toParam(v);
  return out;
}

function toParam(node: Building): Param {
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => {
        const v = node[String(k)];
        return typeof v === 'string' || v === undefined ? (v ?? '') : toParam(v);
      });
  }
  return finalize(node);
}

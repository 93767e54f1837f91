import type { GraphqlError, GraphqlRequest, GraphqlResponse, GraphqlTransport } from '@/lib/store/amplify/graphql-transport';

/**
 * An in-memory stand-in for the Amplify Data API (AppSync resolvers over DynamoDB), for the operations
 * Amplify generates for the models in amplify/data/resource.ts. It behaves as the real thing does where
 * the store's correctness depends on it:
 * - create is a conditional put on the identifier; update and delete require the item to exist; the
 *   optional `condition` input is ANDed in. A failed condition answers `data: null` plus
 *   `errors: [{ errorType: 'DynamoDB:ConditionalCheckFailedException' }]` — no exception.
 * - every operation on an item is atomic (the code between awaits runs alone), and requests interleave
 *   like network calls, so concurrent read-modify-writes race as they would against DynamoDB.
 * - lists and index queries page: `limit` is capped at `maxPageSize` (DynamoDB's 1 MB page, scaled
 *   down) and applies BEFORE the filter, so a page can be short and still carry a nextToken.
 * - create stores null inputs as NULL attributes (they "exist"); update removes attributes set to null;
 *   sparse indexes leave out items without the key.
 * - AWSJSON fields must be JSON strings; the answer has only the fields the document selected.
 * - authorization as the schema says: IAM may do anything; a user-pool caller may only read Orders it
 *   owns ("<sub>::<username>" in `owner`), or everything readable if in ADMINS; mutations are refused.
 */
export interface AppSyncDoubleOptions {
  maxPageSize?: number;
  now?: () => Date;
}

export interface UserIdentity {
  sub: string;
  username: string;
  groups?: string[];
}

type Item = Record<string, unknown>;
type Caller = { kind: 'iam' } | ({ kind: 'user' } & UserIdentity);

interface ModelSpec {
  key: string;
  jsonFields: string[];
  /** Who may read it with a user-pool token: the owner (and admins), or admins only. */
  userRead: 'owner-or-admins' | 'admins';
}

const MODELS: Record<string, ModelSpec> = {
  Order: { key: 'id', jsonFields: ['items', 'customer', 'shipping', 'history'], userRead: 'owner-or-admins' },
  StripeEvent: { key: 'id', jsonFields: [], userRead: 'admins' },
  FollowUp: { key: 'key', jsonFields: ['payload', 'progress'], userRead: 'admins' },
};

const INDEX_QUERIES: Record<string, { model: string; hashKey: string; sortKey?: string }> = {
  listOrderByOwner: { model: 'Order', hashKey: 'owner' },
  listOrderByEmail: { model: 'Order', hashKey: 'email' },
  listFollowUpByStatusAndEnqueuedAt: { model: 'FollowUp', hashKey: 'status', sortKey: 'enqueuedAt' },
};

const CONDITION_FAILED: GraphqlError = { errorType: 'DynamoDB:ConditionalCheckFailedException', message: 'The conditional request failed' };

// ── A small GraphQL reader: the root field and the selection tree, which is all the double needs ──

interface Selection {
  [field: string]: Selection | true;
}

function parseOperation(query: string): { kind: 'query' | 'mutation'; field: string; selection: Selection } {
  const kind = /^\s*mutation\b/.test(query) ? 'mutation' : 'query';
  const tokens = query.slice(query.indexOf('{')).match(/[_A-Za-z][_0-9A-Za-z]*|[{}()]/g) ?? [];
  let position = 0;
  const skipArguments = () => {
    if (tokens[position] !== '(') return;
    let depth = 0;
    do {
      if (tokens[position] === '(') depth++;
      if (tokens[position] === ')') depth--;
      position++;
    } while (depth > 0 && position < tokens.length);
  };
  const readSelection = (): Selection => {
    const selection: Selection = {};
    position++; // '{'
    while (position < tokens.length && tokens[position] !== '}') {
      const name = tokens[position++]!;
      skipArguments();
      selection[name] = tokens[position] === '{' ? readSelection() : true;
    }
    position++; // '}'
    return selection;
  };
  const root = readSelection();
  const [field, selection] = Object.entries(root)[0] ?? [];
  if (!field || selection === undefined || selection === true) throw new Error(`appsync-double: cannot read the operation in ${query}`);
  return { kind, field, selection };
}

function project(value: unknown, selection: Selection | true): unknown {
  if (selection === true || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((entry) => project(entry, selection));
  const source = value as Item;
  return Object.fromEntries(Object.entries(selection).map(([field, sub]) => [field, project(source[field], sub)]));
}

// ── DynamoDB-style condition and filter evaluation (AppSync's Model*ConditionInput / FilterInput) ──

type Comparable = string | number;

function compare(left: unknown, operator: string, right: unknown): boolean {
  switch (operator) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'le':
      return left !== undefined && left !== null && (left as Comparable) <= (right as Comparable);
    case 'lt':
      return left !== undefined && left !== null && (left as Comparable) < (right as Comparable);
    case 'ge':
      return left !== undefined && left !== null && (left as Comparable) >= (right as Comparable);
    case 'gt':
      return left !== undefined && left !== null && (left as Comparable) > (right as Comparable);
    case 'between': {
      const [low, high] = right as [Comparable, Comparable];
      return left !== undefined && left !== null && (left as Comparable) >= low && (left as Comparable) <= high;
    }
    case 'beginsWith':
      return typeof left === 'string' && left.startsWith(String(right));
    case 'contains':
      return typeof left === 'string' && left.includes(String(right));
    case 'notContains':
      return typeof left !== 'string' || !left.includes(String(right));
    case 'attributeExists':
      return (left !== undefined) === right;
    default:
      throw new Error(`appsync-double: unsupported operator ${operator}`);
  }
}

function matches(item: Item | undefined, condition: unknown): boolean {
  if (condition === null || condition === undefined) return true;
  const fields = condition as Record<string, unknown>;
  return Object.entries(fields).every(([name, test]) => {
    if (name === 'and') return (test as unknown[]).every((part) => matches(item, part));
    if (name === 'or') return (test as unknown[]).some((part) => matches(item, part));
    if (name === 'not') return !matches(item, test);
    const value = item?.[name];
    return Object.entries(test as Record<string, unknown>).every(([operator, operand]) => compare(value, operator, operand));
  });
}

// ── Pagination tokens: opaque strings, as AppSync's are ──

const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
const decodeToken = (token: unknown) => (typeof token === 'string' ? (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset: number }).offset : 0);

class OperationError extends Error {
  constructor(readonly errors: GraphqlError[]) {
    super(errors.map((error) => error.message).join('; '));
  }
}

const unauthorized = (field: string, kind: 'query' | 'mutation') =>
  new OperationError([{ errorType: 'Unauthorized', message: `Not Authorized to access ${field} on type ${kind === 'query' ? 'Query' : 'Mutation'}` }]);

export class AppSyncDouble {
  private readonly tables = new Map<string, Map<string, Item>>(Object.keys(MODELS).map((model) => [model, new Map<string, Item>()]));
  private readonly maxPageSize: number;
  private readonly now: () => Date;
  /** Every root field called, in order (for tests that want to see paging or retries). */
  readonly calls: string[] = [];

  constructor(options: AppSyncDoubleOptions = {}) {
    this.maxPageSize = options.maxPageSize ?? 2;
    this.now = options.now ?? (() => new Date());
  }

  /** The transport the server and functions use: IAM, which the schema lets do anything. */
  asIam(): GraphqlTransport {
    return this.transportFor({ kind: 'iam' });
  }

  /** A signed-in customer's transport (Cognito user pool token). */
  asUser(identity: UserIdentity): GraphqlTransport {
    return this.transportFor({ kind: 'user', ...identity });
  }

  /** The stored item, as DynamoDB holds it (for assertions). */
  item(model: string, key: string): Item | undefined {
    const stored = this.table(model).get(key);
    return stored ? structuredClone(stored) : undefined;
  }

  private transportFor(caller: Caller): GraphqlTransport {
    return {
      request: async (request) => {
        await new Promise((resolve) => setImmediate(resolve)); // the request travels…
        const response = this.handle(caller, request); // …is applied atomically…
        await new Promise((resolve) => setImmediate(resolve)); // …and the answer travels back.
        return response;
      },
    };
  }

  private handle(caller: Caller, request: GraphqlRequest): GraphqlResponse {
    const { kind, field, selection } = parseOperation(request.query);
    this.calls.push(field);
    try {
      const result = this.run(caller, kind, field, request.variables);
      return { data: { [field]: project(result, selection) } };
    } catch (error) {
      if (error instanceof OperationError) return { data: { [field]: null }, errors: error.errors };
      throw error;
    }
  }

  private run(caller: Caller, kind: 'query' | 'mutation', field: string, variables: Record<string, unknown>): unknown {
    const index = INDEX_QUERIES[field];
    if (index) return this.list(caller, field, index.model, variables, index);
    const match = /^(get|list|create|update|delete)(Order|StripeEvent|FollowUp)s?$/.exec(field);
    if (!match) throw new Error(`appsync-double: no such operation ${field}`);
    const [, action, model] = match as unknown as [string, string, string];
    if (kind === 'mutation' && caller.kind !== 'iam') throw unauthorized(field, kind);
    switch (action) {
      case 'get':
        return this.get(caller, field, model, variables);
      case 'list':
        return this.list(caller, field, model, variables);
      case 'create':
        return this.create(model, variables);
      case 'update':
        return this.update(model, variables);
      default:
        return this.remove(model, variables);
    }
  }

  private table(model: string): Map<string, Item> {
    const table = this.tables.get(model);
    if (!table) throw new Error(`appsync-double: no model ${model}`);
    return table;
  }

  private spec(model: string): ModelSpec {
    const spec = MODELS[model];
    if (!spec) throw new Error(`appsync-double: no model ${model}`);
    return spec;
  }

  /** What a user-pool caller may see: their own orders (admins: everything readable); IAM sees all. */
  private readable(caller: Caller, model: string, item: Item): boolean {
    if (caller.kind === 'iam') return true;
    if (caller.groups?.includes('ADMINS')) return true;
    return this.spec(model).userRead === 'owner-or-admins' && item['owner'] === `${caller.sub}::${caller.username}`;
  }

  private mayQuery(caller: Caller, model: string): boolean {
    return caller.kind === 'iam' || caller.groups?.includes('ADMINS') === true || this.spec(model).userRead === 'owner-or-admins';
  }

  private get(caller: Caller, field: string, model: string, variables: Record<string, unknown>): Item | null {
    if (!this.mayQuery(caller, model)) throw unauthorized(field, 'query');
    const item = this.table(model).get(String(variables[this.spec(model).key]));
    if (!item) return null;
    if (!this.readable(caller, model, item)) throw unauthorized(field, 'query');
    return structuredClone(item);
  }

  private list(
    caller: Caller,
    field: string,
    model: string,
    variables: Record<string, unknown>,
    index?: { hashKey: string; sortKey?: string },
  ): { items: Item[]; nextToken: string | null } {
    if (!this.mayQuery(caller, model)) throw unauthorized(field, 'query');
    let candidates = [...this.table(model).values()];
    if (index) {
      const hashValue = variables[index.hashKey];
      if (hashValue === undefined || hashValue === null) throw new OperationError([{ errorType: 'ValidationError', message: `${index.hashKey} is required` }]);
      candidates = candidates.filter((item) => item[index.hashKey] === hashValue);
      const sortKey = index.sortKey;
      if (sortKey) {
        const direction = variables['sortDirection'] === 'DESC' ? -1 : 1;
        candidates.sort((a, b) => direction * String(a[sortKey]).localeCompare(String(b[sortKey])));
      }
    }
    // As the owner rule's runtime filter does, a user's scan only ever yields what they may read.
    candidates = candidates.filter((item) => this.readable(caller, model, item));
    const start = decodeToken(variables['nextToken']);
    const requested = typeof variables['limit'] === 'number' ? variables['limit'] : 100;
    const end = start + Math.min(requested, this.maxPageSize);
    const page = candidates.slice(start, end).filter((item) => matches(item, variables['filter']));
    return { items: structuredClone(page), nextToken: end < candidates.length ? encodeToken(end) : null };
  }

  private validateInput(model: string, input: Item): void {
    for (const field of this.spec(model).jsonFields) {
      const value = input[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') throw new OperationError([{ errorType: 'BadRequestException', message: `Variable '${field}' has an invalid value: AWSJSON must be a JSON string` }]);
      try {
        JSON.parse(value);
      } catch {
        throw new OperationError([{ errorType: 'BadRequestException', message: `Variable '${field}' has an invalid value: not JSON` }]);
      }
    }
  }

  private create(model: string, variables: Record<string, unknown>): Item {
    const input = variables['input'] as Item;
    this.validateInput(model, input);
    const key = String(input[this.spec(model).key]);
    const table = this.table(model);
    if (table.has(key) || !matches(table.get(key), variables['condition'])) throw new OperationError([CONDITION_FAILED]);
    const now = this.now().toISOString();
    const item: Item = { ...structuredClone(input), createdAt: now, updatedAt: now };
    table.set(key, item);
    return structuredClone(item);
  }

  private update(model: string, variables: Record<string, unknown>): Item {
    const input = variables['input'] as Item;
    this.validateInput(model, input);
    const keyField = this.spec(model).key;
    const table = this.table(model);
    const current = table.get(String(input[keyField]));
    if (!current || !matches(current, variables['condition'])) throw new OperationError([CONDITION_FAILED]);
    const next: Item = { ...current, updatedAt: this.now().toISOString() };
    for (const [field, value] of Object.entries(input)) {
      if (field === keyField) continue;
      if (value === null) delete next[field];
      else next[field] = structuredClone(value);
    }
    table.set(String(input[keyField]), next);
    return structuredClone(next);
  }

  private remove(model: string, variables: Record<string, unknown>): Item {
    const input = variables['input'] as Item;
    const key = String(input[this.spec(model).key]);
    const table = this.table(model);
    const current = table.get(key);
    if (!current || !matches(current, variables['condition'])) throw new OperationError([CONDITION_FAILED]);
    table.delete(key);
    return current;
  }
}

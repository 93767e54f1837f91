/**
 * The one thing the Amplify order store needs from the outside world: send a GraphQL document to the
 * Amplify Data (AppSync) API and get back AppSync's response. Production uses the Amplify client
 * (./amplify-data-transport.ts); tests sign requests to the Amplify twin (emulators/amplify-twin).
 */
export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface GraphqlError {
  message: string;
  errorType?: string | null;
}

/** AppSync answers 200 with `errors[]` for failed conditions and authorization: callers must look. */
export interface GraphqlResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphqlError[];
}

export interface GraphqlTransport {
  request(request: GraphqlRequest): Promise<GraphqlResponse>;
}

const CONDITIONAL_CHECK_FAILED = 'ConditionalCheckFailedException';

/** A GraphQL response that carried errors, thrown so no caller can miss them. */
export class AppSyncError extends Error {
  readonly errors: readonly GraphqlError[];

  constructor(operation: string, errors: readonly GraphqlError[]) {
    super(`${operation} failed: ${errors.map((error) => `${error.errorType ?? 'Error'}: ${error.message}`).join('; ')}`);
    this.name = 'AppSyncError';
    this.errors = errors;
  }

  /** A conditional write lost (the item exists, is missing, or its condition did not hold). */
  get isConditionFailure(): boolean {
    return this.errors.length > 0 && this.errors.every(isConditionalCheckFailure);
  }
}

export function isConditionalCheckFailure(error: GraphqlError): boolean {
  return (error.errorType ?? '').endsWith(CONDITIONAL_CHECK_FAILED) || error.message.includes(CONDITIONAL_CHECK_FAILED);
}

export function isGraphqlResponse(value: unknown): value is GraphqlResponse {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { data?: unknown; errors?: unknown };
  return ('data' in candidate || 'errors' in candidate) && (candidate.errors === undefined || Array.isArray(candidate.errors));
}

/** Runs one operation and returns its root field's value; throws AppSyncError on any error. */
export async function execute<T>(transport: GraphqlTransport, field: string, request: GraphqlRequest): Promise<T | null> {
  const response = await transport.request(request);
  if (response.errors && response.errors.length > 0) throw new AppSyncError(field, response.errors);
  const value = response.data?.[field];
  return value === undefined ? null : (value as T | null);
}

import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../../amplify/data/resource';
import { withDeadline } from '../../security/deadline';
import { OUTBOUND_TIMEOUTS } from '../../security/outbound-timeouts';
import { isGraphqlResponse, type GraphqlRequest, type GraphqlResponse, type GraphqlTransport } from './graphql-transport';

/**
 * The production transport: Amplify's Data client (configure Amplify first, with `Amplify.configure`).
 * The server and the functions use IAM ('iam'); a signed-in customer's reads would use 'userPool'.
 *
 * `client.graphql` rejects with the whole `{ data, errors }` result when AppSync reports errors; this
 * hands that result back as a value so the store inspects `errors` the same way for every outcome.
 */
export function amplifyDataTransport(authMode: 'iam' | 'userPool' = 'iam'): GraphqlTransport {
  const client = generateClient<Schema>({ authMode });
  return {
    async request({ query, variables }: GraphqlRequest): Promise<GraphqlResponse> {
      try {
        // The Data client takes no timeout: a deadline keeps a slow AppSync from holding a request for minutes.
        const result: unknown = await withDeadline(client.graphql({ query, variables }) as Promise<unknown>, OUTBOUND_TIMEOUTS.appSyncMs, 'Amplify Data');
        if (!isGraphqlResponse(result)) throw new Error('Amplify Data returned something that is not a GraphQL response');
        return result;
      } catch (error) {
        if (isGraphqlResponse(error)) return error;
        throw error;
      }
    },
  };
}

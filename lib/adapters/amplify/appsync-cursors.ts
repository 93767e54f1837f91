import type { CursorStore } from '../../domain/reconcile/cursor-store';
import { documents } from './documents';
import { AppSyncError, execute, type GraphqlTransport } from './graphql-transport';

/**
 * Cursors as Amplify Data keeps them: the Cursor model, keyed by name, written by the server over IAM.
 * Last write wins (one reconciliation at a time writes a cursor); Amplify's update needs the item to exist
 * and its create needs it absent, so a write tries one, then the other.
 */
export class AppSyncCursors implements CursorStore {
  constructor(
    private readonly transport: GraphqlTransport,
    private readonly maxConflictRetries = 10,
  ) {}

  async getCursor(name: string): Promise<number | null> {
    const cursor = await execute<{ value: number }>(this.transport, 'getCursor', { query: documents.getCursor, variables: { name } });
    return cursor ? cursor.value : null;
  }

  async setCursor(name: string, value: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      for (const operation of ['updateCursor', 'createCursor'] as const) {
        try {
          await execute(this.transport, operation, { query: documents[operation], variables: { input: { name, value } } });
          return;
        } catch (error) {
          // Missing for an update, present for a create: try the other (someone may be writing it right now).
          if (!(error instanceof AppSyncError && error.isConditionFailure) || attempt >= this.maxConflictRetries) throw error;
        }
      }
    }
  }
}

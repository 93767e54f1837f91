/** The cursor store port: named positions, e.g. reconciliation's last fully processed event time (unix seconds). */
export interface CursorStore {
  getCursor(name: string): Promise<number | null>;
  setCursor(name: string, value: number): Promise<void>;
}

/** Events whose attempts are remembered (the newest ones), like the Dashboard's event page. */
const MAX_EVENTS = 1000;

/** One webhook_response: what the local endpoint answered through the CLI (status 0: no answer). */
export interface CliDeliveryAttempt {
  status: number;
  forwardUrl: string | null;
  /** The endpoint's response body (the CLI truncates it to 5000 bytes). */
  body: string;
}

/** The attempts per event, for the newest events only. */
export class AttemptLog {
  private readonly byEvent = new Map<string, CliDeliveryAttempt[]>();

  add(eventId: string, attempt: CliDeliveryAttempt): void {
    const list = this.byEvent.get(eventId) ?? [];
    list.push(attempt);
    // Re-inserted so the map stays ordered by latest activity; the stalest is dropped first.
    this.byEvent.delete(eventId);
    this.byEvent.set(eventId, list);
    if (this.byEvent.size > MAX_EVENTS) {
      const oldest = this.byEvent.keys().next().value;
      if (oldest !== undefined) this.byEvent.delete(oldest);
    }
  }

  of(eventId: string): CliDeliveryAttempt[] {
    return [...(this.byEvent.get(eventId) ?? [])];
  }
}

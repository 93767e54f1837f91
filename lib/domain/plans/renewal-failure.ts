/** What a failed renewal email says; everything comes from the invoice event, nothing from stored state. */
// A type alias, not an interface: follow-up payloads must fit Record<string, unknown>.
export type RenewalFailure = {
  invoiceId: string;
  email: string;
  name: string | null;
  amount: number;
  currency: string;
  hostedInvoiceUrl: string | null;
};

import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import { describeCursorStoreContract } from './cursor-store.contract';
import { describeEventLedgerContract } from './event-ledger.contract';
import { describeEventLogContract } from './event-log.contract';
import { describeFollowUpQueueContract } from './follow-up-queue.contract';
import { describeOrderRepositoryContract } from './order-repository.contract';
import type { InterleavingStore } from './store-contract-support';

export interface StoreContractOptions {
  /** For adapters that write read-then-conditionally: a second store whose next write lets another land first. */
  openInterleaving?: (other: OrderStoreBackend) => Promise<InterleavingStore<OrderStoreBackend>>;
}

/** Every store port's contract, against one backend's adapter (a fresh, empty one per test). */
export function describeStoreContracts(adapterName: string, openStore: () => Promise<OrderStoreBackend>, options: StoreContractOptions = {}): void {
  describeEventLogContract(adapterName, openStore);
  describeEventLedgerContract(adapterName, openStore, options);
  describeOrderRepositoryContract(adapterName, openStore, options);
  describeFollowUpQueueContract(adapterName, openStore);
  describeCursorStoreContract(adapterName, openStore);
}

// What the relay does when every back-office has a submission, for tests of what follows.
import type { Store } from '../store/types.ts';

/** Claims and records as delivered every delivery of the submission, at `at`. */
export async function deliverAll(store: Store, reference: string, at: Date): Promise<void> {
  const found = await store.findSubmission(reference);
  for (const { route } of found?.deliveries ?? []) {
    const claimed = await store.claimDeliveries({ route, limit: 100, now: at, leaseMs: 60_000 });
    // Other submissions' deliveries on the route go back as they were.
    for (const d of claimed)
      await store.recordDelivery({ id: d.id, claimToken: d.claimToken, at, outcome: d.submission.reference === reference ? 'delivered' : 'released' });
  }
}

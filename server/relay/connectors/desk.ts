// The `desk` connector: the back-office is Guichet's own instruction desk (/desk). The request
// is already in the database the desk reads, so handing it over is only recording it: the
// delivery succeeds at once, the submission becomes `delivered`, and with it the request is
// received (the ARE is issued, migration 009's trigger) and enters the service's inbox.
import type { Connector } from './types.ts';

/** @example createDeskConnector().deliver(delivery) // { outcome: 'delivered', … } */
export function createDeskConnector(): Connector {
  return {
    name: 'desk',
    timeoutMs: 1_000,
    async dispose() {},
    async deliver() {
      return { outcome: 'delivered', detail: 'Dans la boîte de réception du service, à l’instruction (/desk).' };
    },
  };
}

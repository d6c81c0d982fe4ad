// The relay's public door: what server/main.ts and the tests import.
export { retryDelay, type RetryPolicy } from './backoff.ts';
export { createDeliveryBuilder, deliveryKey, type DeliveryBuilderOptions } from './delivery.ts';
export { siteConnectors, type SiteConnectors } from './routes.ts';
export { relaySettings, type RelaySettings } from './settings.ts';
export { createRelayWorker, type DeliveredSubmission, type RelayLog, type RelayWorker, type RelayWorkerDeps } from './worker.ts';

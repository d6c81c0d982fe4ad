// The connectors' public door: what the relay worker and the server's start-up import.
export type {
  AnswerRow,
  Connector,
  DeliverOptions,
  Delivery,
  DeliveryAttachment,
  DeliveryOutcome,
  DeliveryReceipt,
  DeliverySubmission,
} from './types.ts';
export type { SubmissionDocument } from './document.ts';
export { createSmtpConnector, type SmtpConnectorOptions } from './smtp.ts';
export { createWebhookConnector, type WebhookConnectorOptions, type WebhookPayload } from './webhook.ts';
export { createDeskConnector } from './desk.ts';
export { createFolderConnector, type FolderConnectorOptions } from './folder.ts';
export { createConnector, fromRoute, type ConnectorConfig, type Env, type SiteRoute } from './registry.ts';

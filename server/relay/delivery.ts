// From a claimed outbox row to the connector's Delivery: the procedure version the person
// answered (title and labels in French), the stored files by path, the idempotency key.
import { join } from 'node:path';
import type { Procedure } from '../../content/model/index.ts';
import type { ClaimedDelivery, Store } from '../store/types.ts';
import { answerRows, attachmentFilename, frenchTitle } from './answer-rows.ts';
import type { Delivery } from './connectors/index.ts';

/**
 * The idempotency key of a delivery: the submission id and the route, the same on every retry
 * and in every process (never the row id, which another store would number differently).
 *
 * @example deliveryKey('3f2b8c1e-…', 'street-app') // '3f2b8c1e-….street-app'
 */
export function deliveryKey(submissionId: string, route: string): string {
  return `${submissionId}.${route}`;
}

export interface DeliveryBuilderOptions {
  store: Pick<Store, 'getProcedureVersion'>;
  /** Where attachment files are stored, named by sha256 (`${DATA_DIR}/attachments`). */
  attachmentsDir: string;
}

/**
 * Builds connector deliveries; procedure versions are read once and kept, since they never change.
 *
 * @example const toDelivery = createDeliveryBuilder({ store, attachmentsDir }); await toDelivery(claimed)
 */
export function createDeliveryBuilder(options: DeliveryBuilderOptions): (claimed: ClaimedDelivery) => Promise<Delivery> {
  const procedures = new Map<string, Promise<Procedure | undefined>>();
  const procedureOf = (id: string, version: number) => {
    const key = `${id}@${version}`;
    let found = procedures.get(key);
    if (!found) {
      found = options.store.getProcedureVersion(id, version).then((v) => v?.procedure);
      procedures.set(key, found);
      found.catch(() => procedures.delete(key));
    }
    return found;
  };

  return async (claimed) => {
    const { submission } = claimed;
    const procedure = await procedureOf(submission.procedureId, submission.procedureVersion);
    if (!procedure) throw new Error(`procedure ${submission.procedureId} v${submission.procedureVersion} is not stored`);
    const answers = submission.answers ?? {};
    const types = new Map(submission.attachments.map((a) => [a.id, a.type]));
    return {
      idempotencyKey: deliveryKey(submission.id, claimed.route),
      submission: {
        reference: submission.reference,
        receivedAt: submission.receivedAt,
        procedureId: submission.procedureId,
        procedureVersion: submission.procedureVersion,
        procedureTitle: frenchTitle(procedure),
        locale: submission.locale,
        answers,
        answerRows: answerRows(procedure, answers, types),
      },
      attachments: submission.attachments.map((a) => ({
        id: a.id,
        type: a.type,
        filename: attachmentFilename(a.id, a.type),
        path: join(options.attachmentsDir, a.sha256),
      })),
    };
  };
}

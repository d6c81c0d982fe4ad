// Who helped with a submission, as its receipt and the console show it: the mediator (or
// reception) by name, and the resident's mandate. Read from the attribution written with the
// submission; a submission made without help has none.
import type { Content } from '../../content/model/index.ts';
import type { Assistance } from '../receipts/index.ts';
import type { Store } from '../store/types.ts';

/**
 * The help recorded for a submission, or undefined.
 *
 * @example (await assistanceOf(store, content, submission.id))?.helperName // 'Marc Durand'
 */
export async function assistanceOf(store: Store, content: Content, submissionId: string): Promise<Assistance | undefined> {
  const attribution = await store.attributionOf(submissionId);
  if (!attribution?.mandateId) return undefined;
  const mandate = await store.getMandate(attribution.mandateId);
  if (!mandate) return undefined;
  const helper = await store.getStaffAccount(attribution.mediatorId ?? attribution.receptionId ?? mandate.mediatorId);
  return {
    helperName: helper?.displayName ?? '',
    mandate: {
      id: mandate.id,
      residentName: mandate.residentName,
      procedures: mandate.procedureIds.map((id) => content.procedures.find((p) => p.id === id)?.title ?? { fr: id }),
      scope: mandate.scope,
      expiresAt: new Date(mandate.expiresAt),
    },
  };
}

// The rights of the person (RGPD art. 15 and 17; legal.md "Rights of the person"), answered at
// the reception desk with the person present and identified, their receipt in hand (reference
// and tracking code): a copy of what is held about one request, and its erasure before the
// retention date. Both are in the audit chain with the agent who did it.
import type { Content } from '../../content/model/index.ts';
import { retentionDays } from '../../content/model/index.ts';
import { sameSecret } from '../console/auth.ts';
import { REFERENCE, normalizeReference } from '../references.ts';
import { removeUnusedFiles } from '../retention.ts';
import type { Store, StoredAttachment, StoredSubmission } from '../store/types.ts';

/** What is held about one request, as the person gets it (JSON, and the printable page). */
export interface PersonCopy {
  reference: string;
  procedure: { id: string; version: number; title: string };
  locale: string;
  receivedAt: string;
  status: string;
  history: Array<{ status: string; at: string }>;
  /** The answers as sent; `null` once purged or erased. */
  answers: Record<string, unknown> | null;
  attachments: Array<{ field: string; type: string; bytes: number }>;
  /** Who helped, when someone did: the channel, the mediator, the mandate's number. */
  assistance: { channel: string | null; helper?: string; mandate?: string } | null;
  /** The services it was sent to. */
  sentTo: string[];
  /** When the answers go at the latest, counted from the last status change. */
  retention: { days: number; erasedAt?: string };
  /** Kept after any erasure: the reference, the dates and statuses, the audit chain. */
  kept: string;
}

/**
 * The request a reference and its tracking code name (compared in constant time), or undefined.
 */
export async function findForPerson(store: Store, typedReference: string, typedCode: string): Promise<StoredSubmission | undefined> {
  const reference = normalizeReference(typedReference);
  if (!REFERENCE.test(reference)) return undefined;
  const found = await store.findSubmission(reference);
  return found && sameSecret(found.trackingCode, typedCode.trim().toUpperCase()) ? found : undefined;
}

/**
 * The copy of what is held, audited `rights.copied` with the agent.
 *
 * @example const copy = await personCopy({ store, content, found, actor: 'reception:accueil', at: new Date() })
 */
export async function personCopy(input: { store: Store; content: Content; found: StoredSubmission; actor: string; at: Date }): Promise<PersonCopy> {
  const { store, content, found } = input;
  const procedure = content.procedures.find((p) => p.id === found.procedureId);
  const [attachments, attribution] = await Promise.all([store.submissionAttachments(found.id), store.attributionOf(found.id)]);
  const helper = attribution?.mediatorId ?? attribution?.receptionId ?? attribution?.agentId;
  const helperName = helper === undefined ? undefined : (await store.getStaffAccount(helper))?.displayName;
  await store.appendAudit({ at: input.at.toISOString(), kind: 'rights.copied', actor: input.actor, submissionId: found.id, data: { reference: found.reference } });
  return {
    reference: found.reference,
    procedure: { id: found.procedureId, version: found.procedureVersion, title: procedure?.title.fr ?? found.procedureId },
    locale: found.locale,
    receivedAt: found.receivedAt,
    status: found.status,
    history: found.history.map((h) => ({ status: h.status, at: h.at })),
    answers: (found.answers as Record<string, unknown> | undefined) ?? null,
    attachments: attachments.map((a: StoredAttachment) => ({ field: a.field, type: a.type, bytes: a.bytes })),
    assistance: attribution
      ? { channel: attribution.channel, ...(helperName ? { helper: helperName } : {}), ...(attribution.mandateId ? { mandate: attribution.mandateId } : {}) }
      : null,
    sentTo: found.deliveries.map((d) => d.route),
    retention: { days: procedure ? retentionDays(procedure) : 30, ...(found.purgedAt ? { erasedAt: found.purgedAt } : {}) },
    kept: 'La référence, la démarche, les dates et les statuts, et le journal d’audit restent : ils prouvent ce que la mairie a reçu et décidé.',
  };
}

/**
 * Erases the request's answers and attachments now (the purge, early), then the files no other
 * request names, and what the database file still holds of them.
 */
export async function eraseForPerson(input: { store: Store; attachmentsDir: string; reference: string; actor: string; at: Date }) {
  const result = await input.store.eraseSubmission({ reference: input.reference, at: input.at, actor: input.actor });
  if (result.outcome !== 'erased') return { outcome: result.outcome, files: 0 };
  const files = await removeUnusedFiles(input.store, input.attachmentsDir, result.attachments.map((a) => a.sha256));
  await input.store.scrubRemoved();
  return { outcome: result.outcome, files };
}

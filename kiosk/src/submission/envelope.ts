import type { Answers, Procedure } from '../../../content/model/index.ts';
import type { Attachment } from '../journey/journey.ts';

/** The body of `POST /api/submissions`. */
export interface SubmissionBody {
  procedureId: string;
  procedureVersion: number;
  locale: string;
  answers: Answers;
  attachments?: Array<{ id: string; type: string; data: string }>;
  /** An incomplete request's missing pieces: its reference and tracking code. */
  completes?: { reference: string; code: string };
}

/**
 * One request on its way. Its key is also the `Idempotency-Key`: a retry sends the same
 * envelope, so the town hall never receives the same request twice.
 */
export interface Envelope {
  key: string;
  body: SubmissionBody;
}

/** An envelope's body as only the server can read it (kiosk/src/outbox/seal.ts, server/sealing.ts). */
export interface SealedBody {
  /** The id of the server's key it is sealed for. */
  keyId: string;
  /** The ephemeral public key, base64url. */
  enc: string;
  /** The body as JSON, encrypted, base64. */
  ciphertext: string;
}

/** An envelope as the outbox keeps and sends it once sealed: `POST /api/submissions` takes `{ sealed }`. */
export interface SealedEnvelope {
  key: string;
  body: { sealed: SealedBody };
}

/**
 * Builds the envelope once, with the files that the answers name.
 *
 * @example buildEnvelope({ key: crypto.randomUUID(), procedure, locale: 'fr', answers, attachments: {} })
 */
export function buildEnvelope(input: {
  key: string;
  procedure: Procedure;
  locale: string;
  answers: Answers;
  attachments: Record<string, Attachment>;
}): Envelope {
  const named = new Set(
    input.procedure.steps
      .flatMap((s) => s.fields)
      .filter((f) => f.type === 'file')
      .flatMap((f) => {
        const value = input.answers[f.id];
        return Array.isArray(value) ? value : [];
      }),
  );
  const files = [...named]
    .map((id) => input.attachments[id])
    .filter((a): a is Attachment => a !== undefined)
    .map(({ id, type, data }) => ({ id, type, data }));
  return {
    key: input.key,
    body: {
      procedureId: input.procedure.id,
      procedureVersion: input.procedure.version,
      locale: input.locale,
      answers: input.answers,
      ...(files.length ? { attachments: files } : {}),
    },
  };
}

// The body a back-office sends to `POST /api/submissions/:reference/events`, as one zod schema:
// the route checks it, `statusEventJsonSchema` publishes it (JSON Schema 2020-12) for
// integrators, and `toStatusEvent` turns it into the status model's event.
import { z } from 'zod';
import type { Locale } from '../../content/model/index.ts';
import type { LocalizedText, StatusEvent } from './status.ts';

/** Longest message or piece label, in characters: a decision's reasons, not a document. */
export const MAX_TEXT_LENGTH = 4000;
/** Most missing pieces one request for completion may list. */
export const MAX_MISSING = 30;

function localized(locales: readonly Locale[]) {
  const text = z.string().trim().min(1).max(MAX_TEXT_LENGTH);
  const shape = Object.fromEntries(locales.map((code) => [code, code === 'fr' ? text : text.optional()]));
  return z
    .object(shape)
    .strict()
    .describe('A text per locale of the site; French is required, as the law reads it.');
}

/**
 * The body's schema for the site's locales (keys of `message` and of each `label`).
 *
 * @example statusEventBody(['fr', 'fr-x-falc', 'en', 'ar']).parse({ type: 'accepted', message: { fr: 'Accordé.' } })
 */
export function statusEventBody(locales: readonly Locale[]) {
  const text = localized(locales);
  const date = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Une date AAAA-MM-JJ, par exemple 2026-04-15.')
    .describe('The last day to provide the pieces, YYYY-MM-DD, after today.');
  return z.discriminatedUnion('type', [
    z.object({ type: z.literal('received'), message: text.optional() }).strict(),
    z
      .object({
        type: z.literal('incomplete'),
        message: text.optional(),
        missing: z.array(z.object({ label: text }).strict()).min(1).max(MAX_MISSING),
        respondBy: date,
      })
      .strict(),
    z.object({ type: z.literal('accepted'), message: text }).strict(),
    z.object({ type: z.literal('rejected'), message: text }).strict(),
    z.object({ type: z.literal('closed'), message: text.optional() }).strict(),
  ]);
}

export type StatusEventBody = z.output<ReturnType<typeof statusEventBody>>;

/**
 * The JSON Schema (2020-12) of the body, to publish for the applications that report statuses.
 *
 * @example statusEventJsonSchema(['fr', 'en']).oneOf.length // 5
 */
export function statusEventJsonSchema(locales: readonly Locale[]): Record<string, unknown> & { oneOf: unknown[] } {
  const schema = z.toJSONSchema(statusEventBody(locales), { target: 'draft-2020-12' }) as Record<string, unknown> & { oneOf: unknown[] };
  return { ...schema, title: 'Guichet status event', description: 'A status a back-office reports for a request it received from Guichet.' };
}

/**
 * The status model's event for a checked body, reported by a back-office route.
 *
 * @example toStatusEvent({ type: 'closed' }, 'street-app') // { type: 'closed', actor: { kind: 'back-office', route: 'street-app' } }
 */
export function toStatusEvent(body: StatusEventBody, route: string): StatusEvent {
  const actor = { kind: 'back-office', route } as const;
  const message = 'message' in body && body.message ? (body.message as LocalizedText) : undefined;
  switch (body.type) {
    case 'received':
      return { type: 'received', actor, ...(message ? { message } : {}) };
    case 'incomplete':
      return {
        type: 'incomplete',
        actor,
        missing: body.missing.map((piece) => ({ label: piece.label as LocalizedText })),
        respondBy: body.respondBy,
        ...(message ? { message } : {}),
      };
    case 'accepted':
    case 'rejected':
      return { type: body.type, actor, message: message! };
    case 'closed':
      return { type: 'closed', actor, ...(message ? { message } : {}) };
  }
}

// A small synthetic procedure with a file field, and helpers to post raw requests, for tests
// that must not depend on what the real procedures happen to ask.
import { randomUUID } from 'node:crypto';
import type { Content, Procedure } from '../../content/model/index.ts';
import type { TestApp } from './test-app.ts';
import { content } from './test-app.ts';

/** `test-files`: a subject and up to two PNG or PDF files of 200 bytes at most. */
export function filesProcedure(version = 1, subjectMin = 3): Procedure {
  return {
    id: 'test-files',
    version,
    audience: 'resident',
    category: 'contact',
    pictogram: 'letter',
    title: { fr: 'Envoyer des pièces', en: 'Send documents' },
    summary: { fr: 'Pour les tests.', en: 'For tests.' },
    intro: { needs: [], minutes: 1 },
    steps: [
      { id: 'subject', title: { fr: 'Objet' }, fields: [{ id: 'subject', type: 'text', minLength: subjectMin, label: { fr: 'Objet' } }] },
      {
        id: 'documents',
        title: { fr: 'Pièces' },
        fields: [
          {
            id: 'documents',
            type: 'file',
            required: false,
            accept: ['image/png', 'application/pdf'],
            maxFiles: 2,
            maxBytes: 200,
            label: { fr: 'Pièces' },
          },
        ],
      },
    ],
    routes: ['mail-ged', 'hr-mailbox'],
  };
}

/** The real content plus the given procedures. */
export function contentWith(...procedures: Procedure[]): Content {
  const real = content();
  return { ...real, version: `${real.version}-test`, procedures: [...real.procedures, ...procedures] };
}

/** POSTs a raw body to /api/submissions with a fresh Idempotency-Key unless one is given. */
export async function postSubmission(
  t: TestApp,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return t.app.request('/api/submissions', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...headers },
  });
}

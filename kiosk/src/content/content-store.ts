// Owns the content the kiosk runs on: loaded once from the server, retried on demand.
import { signal } from '@preact/signals';
import { getContent, type ServedContent } from '../api/client.ts';

/** `content.sealing` is the server's key the outbox seals envelopes with. */
export type ContentState = { status: 'loading' } | { status: 'ready'; content: ServedContent } | { status: 'failed' };

export const contentState = signal<ContentState>({ status: 'loading' });

/** Loads the content; on failure the screen says so and offers "Try again". */
export async function loadContent(fetchContent: () => Promise<ServedContent> = getContent): Promise<void> {
  contentState.value = { status: 'loading' };
  try {
    contentState.value = { status: 'ready', content: await fetchContent() };
  } catch {
    contentState.value = { status: 'failed' };
  }
}

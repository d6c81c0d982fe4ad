// Owns the content the kiosk runs on: loaded once from the server, retried on demand.
import { signal } from '@preact/signals';
import type { Content } from '../../../content/model/index.ts';
import { getContent } from '../api/client.ts';

export type ContentState = { status: 'loading' } | { status: 'ready'; content: Content } | { status: 'failed' };

export const contentState = signal<ContentState>({ status: 'loading' });

/** Loads the content; on failure the screen says so and offers "Try again". */
export async function loadContent(fetchContent: () => Promise<Content> = getContent): Promise<void> {
  contentState.value = { status: 'loading' };
  try {
    contentState.value = { status: 'ready', content: await fetchContent() };
  } catch {
    contentState.value = { status: 'failed' };
  }
}

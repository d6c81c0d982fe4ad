import { describe, expect, it } from 'vitest';
import { OUTBOX_DATABASE, keepsCachedUrl, keepsDatabase, keepsStorageKey } from './erase.ts';

describe('what a session end keeps', () => {
  it("keeps the outbox's database, under the name the outbox opens, and nothing else", () => {
    expect(keepsDatabase(OUTBOX_DATABASE)).toBe(true);
    for (const name of ['guichet-drafts', 'keyval-store', 'workbox-background-sync', 'outbox', 'guichet-outboxes'])
      expect(keepsDatabase(name), name).toBe(false);
  });

  it('keeps cached content and app shell, drops every other API answer', () => {
    for (const url of ['https://k/', 'https://k/assets/index-abc.js', 'https://k/api/content', 'https://k/api/procedures/x/schema'])
      expect(keepsCachedUrl(url), url).toBe(true);
    for (const url of [
      'https://k/api/submissions/K7M2-Q9XD?code=H4TR8P',
      'https://k/api/submissions/K7M2-Q9XD/receipt.pdf?code=H4TR8P',
      'https://k/api/staff/me',
      'https://k/api/staff/requests',
      'not a url',
    ])
      expect(keepsCachedUrl(url), url).toBe(false);
  });

  it("keeps the terminal's id, site and channel in local storage, and no other key", () => {
    for (const key of ['guichet.terminalId', 'guichet.site', 'guichet.terminal.channel']) expect(keepsStorageKey(key), key).toBe(true);
    for (const key of ['guichet.draft', 'guichet.terminalIdx', 'guichet.sites', 'settings']) expect(keepsStorageKey(key), key).toBe(false);
  });
});

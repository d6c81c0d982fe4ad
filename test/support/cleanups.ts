// What a browser test opens (servers, browsers, temporary folders), closed after each test in
// reverse order, even when the test failed half-way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export interface Cleanups {
  /** Runs `cleanup` after the current test. */
  push(cleanup: () => Promise<void> | void): void;
  /** A new temporary folder, removed after the current test. */
  tempDir(prefix: string): string;
}

/** Call once at the top of a test file. */
export function useCleanups(): Cleanups {
  const pending: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of pending.splice(0).reverse()) await cleanup();
  });
  return {
    push: (cleanup) => void pending.push(cleanup),
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      // A killed Chromium's last writes may still land while the profile is removed: retry, and
      // leave a temporary folder behind rather than fail a test on what it does not check.
      pending.push(() => {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
        } catch (error) {
          console.warn(`left ${dir} behind: ${(error as Error).message}`);
        }
      });
      return dir;
    },
  };
}

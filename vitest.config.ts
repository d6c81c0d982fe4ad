import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// `x.test.ts` runs in Node, `x.dom.test.tsx` in jsdom, end-to-end tests in test/e2e
// drive a real Chromium against a real server.
export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          // Server pages are hono/jsx: their render tests are .test.tsx, still in Node.
          include: ['content/**/*.test.ts', 'server/**/*.test.ts', 'server/**/*.test.tsx', 'kiosk/**/*.test.ts', 'a11y/**/*.test.ts'],
          environment: 'node',
          // A real PostgreSQL server for server/store/postgres.test.ts (Debian's, started here).
          globalSetup: ['test/support/postgres.ts'],
          // Contract tests commit hundreds of rows one by one to real disks (fsync each): on two
          // busy cores that can pass 5 s. A bound against hangs, not a performance check.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['kiosk/**/*.dom.test.tsx'],
          environment: 'jsdom',
        },
      },
      {
        extends: true,
        test: {
          // The real server as a process, killed under load; two instances on one PostgreSQL.
          name: 'durability',
          include: ['test/durability/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/postgres.ts'],
          testTimeout: 240_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Crash and outage tests of the relay: real server processes, receivers and SMTP server.
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // 10,000 malformed requests against the real server process.
          name: 'fuzz',
          include: ['test/fuzz/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

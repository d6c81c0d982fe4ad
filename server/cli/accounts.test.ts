// `npm run accounts` for the desk's accounts, as a town hall runs it: an instructor scoped to
// services of site.yaml, refused without services or with one that does not exist.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'guichet-accounts-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const accounts = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/accounts.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir }, input: 'instructor-code-Kq7m!\n', encoding: 'utf8' });

describe('npm run accounts (desk roles)', { timeout: 60_000 }, () => {
  it('adds an instructor with the services they handle, and lists them', () => {
    const added = accounts('add', 'instructor', 'c.martin', 'Claire Martin', '--services=civil-status,mail', '--code-stdin');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('Added instructor "c.martin" (Claire Martin).');
    const listed = accounts('list');
    expect(listed.stdout).toContain('instructor\tc.martin\tClaire Martin\tservices civil-status,mail');
  });

  it('refuses an instructor without services, an unknown service, and services on another role', () => {
    const none = accounts('add', 'instructor', 'x', 'X', '--code-stdin');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('give --services=');
    const unknown = accounts('add', 'instructor', 'y', 'Y', '--services=voirie', '--code-stdin');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown service(s): voirie');
    expect(unknown.stderr).toContain('technical');
    const agent = accounts('add', 'agent', '4512', 'Agent', '--services=mail', '--code-stdin');
    expect(agent.status).toBe(2);
    expect(accounts('list').stdout).not.toMatch(/\t(x|y|4512)\t/);
  });
});

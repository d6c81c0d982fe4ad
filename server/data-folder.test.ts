// The data folder and the database files: 0700 and 0600 at start, a looser existing folder
// tightened and said (issue 22 measured 0755 and 0644 on a server that had run).
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secureDataFolder } from './data-folder.ts';
import { createSqliteStore } from './store/index.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('secureDataFolder', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the folder 0700, and the store then writes its files 0600 (with the -wal and -shm)', async () => {
    root = mkdtempSync(join(tmpdir(), 'guichet-data-'));
    const dataDir = join(root, 'data');
    expect(secureDataFolder(dataDir)).toEqual([]);
    expect(modeOf(dataDir)).toBe(0o700);

    const store = createSqliteStore({ file: join(dataDir, 'guichet.sqlite') });
    await store.migrate();
    await store.appendAudit({ at: new Date().toISOString(), kind: 'test.write', actor: 'test', data: {} });
    expect(modeOf(join(dataDir, 'guichet.sqlite'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'guichet.sqlite-wal'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'guichet.sqlite-shm'))).toBe(0o600);
    await store.dispose();
  });

  it('tightens a folder and files an earlier start left readable, and says each', () => {
    root = mkdtempSync(join(tmpdir(), 'guichet-data-'));
    const dataDir = join(root, 'data');
    secureDataFolder(dataDir);
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'guichet.sqlite'), '');
    writeFileSync(join(dataDir, 'guichet.sqlite-wal'), '');
    chmodSync(join(dataDir, 'guichet.sqlite'), 0o644);
    chmodSync(join(dataDir, 'guichet.sqlite-wal'), 0o640);

    const said = secureDataFolder(dataDir);
    expect(said).toEqual([
      `Data: the folder ${dataDir} was 0755, readable by other users; it is now 0700.`,
      'Data: guichet.sqlite was 0644, readable by other users; it is now 0600.',
      'Data: guichet.sqlite-wal was 0640, readable by other users; it is now 0600.',
    ]);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'guichet.sqlite'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'guichet.sqlite-wal'))).toBe(0o600);
    expect(secureDataFolder(dataDir)).toEqual([]);
  });
});

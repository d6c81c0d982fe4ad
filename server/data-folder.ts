// The data folder at start: created 0700, and the database files in it 0600, since they hold
// residents' answers. A folder or file left looser by an earlier version (or a copy, a restore)
// is tightened, and said, so that whoever runs the server knows it was readable.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The SQLite files the store writes in the data folder. */
const DATABASE_FILES = ['guichet.sqlite', 'guichet.sqlite-wal', 'guichet.sqlite-shm', 'guichet.sqlite-journal'];

const mode = (path: string): number | undefined => {
  try {
    return statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};
const octal = (m: number) => `0${m.toString(8)}`;

/**
 * Creates the data folder 0700 if missing, tightens it and its database files to 0700 / 0600,
 * and returns one sentence per change, for the log.
 *
 * @example for (const line of secureDataFolder('data')) console.warn(line);
 */
export function secureDataFolder(dataDir: string): string[] {
  const changes: string[] = [];
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const folder = mode(dataDir)!;
  if (folder !== 0o700) {
    chmodSync(dataDir, 0o700);
    changes.push(`Data: the folder ${dataDir} was ${octal(folder)}, readable by other users; it is now 0700.`);
  }
  for (const name of DATABASE_FILES) {
    const path = join(dataDir, name);
    const file = mode(path);
    if (file === undefined || (file & 0o077) === 0) continue;
    chmodSync(path, 0o600);
    changes.push(`Data: ${name} was ${octal(file)}, readable by other users; it is now 0600.`);
  }
  return changes;
}

// Migrations: numbered SQL files per dialect, append-only, applied at start by migrate().
import { readFileSync, readdirSync } from 'node:fs';

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_-]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered `.sql` files of a folder, in order. Append-only: a published file never changes. */
export function readMigrations(dir: URL): Migration[] {
  return readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 3)), name, sql: readFileSync(new URL(name, dir), 'utf8') }));
}

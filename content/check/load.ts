// Reads content/ from disk (Node only): site.yaml and every procedure file.
// The server and `npm run content:check` both go through here.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Content, Procedure, Site } from '../model/index.ts';

export const CONTENT_DIR = new URL('..', import.meta.url).pathname;

/** Loads the content without checking it; `checkContent` says what is wrong with it. */
export function readContent(dir: string = CONTENT_DIR): Content {
  const hash = createHash('sha256');
  const read = (path: string) => {
    const text = readFileSync(path, 'utf8');
    hash.update(path.slice(dir.length)).update(text);
    return parse(text) as unknown;
  };
  const site = read(join(dir, 'site.yaml')) as Site;
  const files = readdirSync(join(dir, 'procedures'))
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  const procedures = files.map((name) => read(join(dir, 'procedures', name)) as Procedure);
  return { version: hash.digest('hex').slice(0, 16), site, procedures };
}

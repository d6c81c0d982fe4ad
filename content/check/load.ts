// Reads content/ from disk (Node only): site.yaml and every procedure file.
// The server and `npm run content:check` both go through here.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Content, Procedure, Site } from '../model/index.ts';

export const CONTENT_DIR = new URL('..', import.meta.url).pathname;

/** One file of the content, as text, with its path relative to the content directory. */
export interface ContentFile {
  file: string;
  text: string;
}

/** The raw files of the content and the version they make together. */
export interface ContentFiles {
  version: string;
  site: ContentFile;
  procedures: ContentFile[];
}

/**
 * Reads site.yaml and content/procedures/*.yaml as text; throws when a file cannot be read.
 *
 * @example readContentFiles().procedures.map((p) => p.file) // ['procedures/write-to-town-hall.yaml']
 */
export function readContentFiles(dir: string = CONTENT_DIR): ContentFiles {
  const hash = createHash('sha256');
  const read = (file: string): ContentFile => {
    const text = readFileSync(join(dir, file), 'utf8');
    hash.update(file).update(text);
    return { file, text };
  };
  const site = read('site.yaml');
  const procedures = readdirSync(join(dir, 'procedures'))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => read(`procedures/${name}`));
  return { version: hash.digest('hex').slice(0, 16), site, procedures };
}

/** Loads the content without checking it; `checkContent` says what is wrong with it. */
export function readContent(dir: string = CONTENT_DIR): Content {
  const files = readContentFiles(dir);
  return {
    version: files.version,
    site: parse(files.site.text) as Site,
    procedures: files.procedures.map((p) => parse(p.text) as Procedure),
  };
}

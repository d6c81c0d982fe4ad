// A built kiosk in miniature (dist/kiosk's shape: index.html, hashed assets, the service worker
// and the manifest), in a temporary folder, for tests of what the server does with its files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes the folder and returns its path; the caller removes it. */
export function writeFakeKiosk(): string {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-kiosk-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Guichet</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("é")');
  writeFileSync(join(dir, 'assets', 'style-abc123.css'), 'body{}');
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  writeFileSync(join(dir, 'manifest.webmanifest'), '{}');
  return dir;
}

// The outbox holds only what the server can read (issue 7, design.md "Privacy on a shared
// terminal"). In real Chromium against the real server: a person completes a procedure while
// the server is down, with words nobody else would type; the outbox record, read raw from
// IndexedDB by the page (no kiosk code), holds none of them nor any other answer, only the
// sealed envelope and what the screen and the heartbeat need. The server's key is rotated while
// it is down; back up, it opens the envelope sealed with the previous key and stores it once.
// And an entry the previous kiosk version wrote in clear is sealed where it waits, then sent.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import type { AnswerValue } from '../../content/model/index.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { newSealingKey, writeSealingKey } from '../../server/sealing.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import { launchKioskBrowser } from '../support/kiosk-browser.ts';
import { useCleanups } from '../support/cleanups.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';
import { createDriver, FRENCH_WORDS } from './journey-driver.ts';
// The kiosk writes French with its no-break spaces (kiosk/src/i18n/typography.ts).
import { frenchSpacing } from '../../kiosk/src/i18n/typography.ts';

const content = readContent();
const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
/** What the person types: words that appear nowhere else. */
const TYPED = {
  message: 'Quokkaphone vert pour la piscine de Zephyrine',
  givenName: 'Zephyrine',
  familyName: 'Quokkalambda',
  replyBy: 'email',
  email: 'zephyrine.quokkalambda@example.org',
};
const answers = validAnswers(procedure, { postcodes: content.site.postcodes, choose: TYPED });
const words = FRENCH_WORDS;
const HOME = new RegExp(`^${fr.home.heading.split('{{')[0]}`);

/** Every string in the answers (an address's parts too) long enough not to occur by chance. */
function answerStrings(value: AnswerValue | undefined): string[] {
  if (typeof value === 'string') return value.length >= 4 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => answerStrings(v));
  if (value && typeof value === 'object') return Object.values(value).flatMap((v) => answerStrings(v as AnswerValue));
  return [];
}

const cleanups = useCleanups();
const tempDir = cleanups.tempDir;

async function until<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The outbox's records exactly as IndexedDB holds them, read with the raw API. */
function rawOutbox(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(
    () =>
      new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
        const open = indexedDB.open('guichet-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) {
            db.close();
            return resolve([]);
          }
          const request = db.transaction('entries').objectStore('entries').getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as Array<Record<string, unknown>>);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** One online visit: the home screen, a service worker in control, the content in its cache. */
async function firstVisit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: HOME }).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.waitForFunction(async () => (await caches.match('/api/content')) !== undefined, undefined, { timeout: 30_000 });
}

/** The submissions stored under this key, with their answers, from the server's own SQLite file. */
function stored(dataDir: string, key: string): Array<{ answers: Record<string, unknown> }> {
  const db = new Database(join(dataDir, 'guichet.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT answers_json FROM submissions WHERE id = ?').all(key) as Array<{ answers_json: string }>;
    return rows.map((row) => ({ answers: JSON.parse(row.answers_json) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

describe('the sealed outbox', () => {
  it('holds ciphertext only, then the server opens it, after a key rotation too, exactly once', async () => {
    const port = await freePort();
    const dataDir = tempDir('guichet-sealed-data-');
    const profile = tempDir('guichet-sealed-profile-');
    let server: RunningServer = await startServer({ PORT: String(port) }, dataDir);
    cleanups.push(async () => void (await server.stop()));
    const published = ((await (await fetch(`${server.url}/api/content`)).json()) as { sealing: { keyId: string } }).sealing.keyId;

    const kiosk = await launchKioskBrowser(profile);
    cleanups.push(() => kiosk.close());
    const { page } = kiosk;
    await firstVisit(page, server.url);

    // The server goes down; the kiosk opens from its service worker and takes the request.
    await server.stop();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: HOME }).waitFor();
    const driver = createDriver(page, 'keyboard', words);
    await driver.press(page.getByRole('link', { name: new RegExp(`^${procedure.title.fr}`) }));
    await driver.walk(procedure, answers);
    await page.getByRole('heading', { level: 1, name: fr.check.title }).waitFor();
    await driver.press(page.getByRole('button', { name: fr.check.send }));
    await page.getByRole('heading', { level: 1, name: fr.saved.title }).waitFor();
    const shown = await page.getByRole('main').innerText();
    expect(shown).toContain(frenchSpacing(fr.saved.notSent));
    const provisional = shown.match(/P-[0-9A-F]{4}-[0-9A-F]{4}/)?.[0];
    expect(provisional, shown).toBeDefined();

    const records = await rawOutbox(page);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    const raw = JSON.stringify(record);
    const secrets = [...Object.values(TYPED).filter((v) => v.length >= 6), ...Object.values(answers).flatMap((v) => answerStrings(v))];
    expect(secrets.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(raw, `"${secret}" is readable in the outbox`).not.toContain(secret);
    // Nor the envelope's shape: no answers, no field ids, no procedure.
    for (const name of ['answers', 'givenName', 'familyName', 'message', procedure.id]) expect(raw).not.toContain(name);
    // What the saved-confirmation screen and the heartbeat read stays in clear.
    expect(record).toMatchObject({ format: 'sealed-1', provisional, state: 'waiting', sealed: { keyId: published } });
    expect(Object.keys(record).sort()).toEqual(
      ['attempts', 'format', 'key', 'lastError', 'nextAttemptAt', 'pressedSendAt', 'provisional', 'savedAt', 'sealed', 'state', 'terminalId'].filter(
        (k) => k in record,
      ),
    );
    expect(Object.keys(record.sealed as object).sort()).toEqual(['ciphertext', 'enc', 'keyId']);
    const key = record.key as string;

    // While it is down, the town rotates its key: the previous one is kept, and still opens.
    const rotated = newSealingKey();
    writeSealingKey(join(dataDir, 'sealing-keys'), rotated);
    server = await startServer({ PORT: String(port) }, dataDir);
    const now = ((await (await fetch(`${server.url}/api/content`)).json()) as { sealing: { keyId: string } }).sealing.keyId;
    expect(now).toBe(rotated.keyId);

    await until('stored', () => stored(dataDir, key).length, (n) => n === 1);
    await until('outbox empty', () => rawOutbox(page), (r) => r.length === 0);
    const [submission] = stored(dataDir, key);
    expect(submission!.answers).toMatchObject({ message: TYPED.message, givenName: TYPED.givenName, email: TYPED.email });
    expect(stored(dataDir, key)).toHaveLength(1);
    expect(server.output()).not.toMatch(/idempotency-key-reused|sealing-key-unknown|sealed-envelope-unreadable/);
  });

  it('seals an entry the previous kiosk wrote in clear while it waits, and it is still sent once', async () => {
    const port = await freePort();
    const dataDir = tempDir('guichet-sealed-data-');
    const profile = tempDir('guichet-sealed-profile-');
    let server: RunningServer = await startServer({ PORT: String(port) }, dataDir);
    cleanups.push(async () => void (await server.stop()));
    const kiosk = await launchKioskBrowser(profile);
    cleanups.push(() => kiosk.close());
    const { page } = kiosk;
    await firstVisit(page, server.url);
    await server.stop();

    // What the kiosk before sealing left in its outbox: the envelope in clear (format plain-1).
    const key = randomUUID();
    const body = { procedureId: procedure.id, procedureVersion: procedure.version, locale: 'fr', answers };
    await page.evaluate(
      ({ key, body }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('guichet-outbox');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction('entries', 'readwrite');
            const savedAt = Date.now() - 60_000;
            tx.objectStore('entries').put({
              key,
              format: 'plain-1',
              envelope: { key, body },
              pressedSendAt: new Date(savedAt).toISOString(),
              provisional: `P-${key.slice(0, 4).toUpperCase()}-${key.slice(4, 8).toUpperCase()}`,
              savedAt,
              attempts: 0,
              nextAttemptAt: 0,
              state: 'waiting',
            });
            tx.oncomplete = () => (db.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      { key, body },
    );
    expect(JSON.stringify(await rawOutbox(page))).toContain(TYPED.message);

    // The new kiosk opens with the server still down: the entry cannot go, so it is sealed.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: HOME }).waitFor();
    const [record] = await until('sealed', () => rawOutbox(page), (r) => r.length === 1 && r[0]!.format === 'sealed-1');
    const raw = JSON.stringify(record);
    for (const secret of [...Object.values(TYPED).filter((v) => v.length >= 6), 'answers', 'givenName']) expect(raw).not.toContain(secret);
    expect(record).toMatchObject({ key, state: 'waiting' });
    expect(record).not.toHaveProperty('envelope');

    server = await startServer({ PORT: String(port) }, dataDir);
    await until('stored', () => stored(dataDir, key).length, (n) => n === 1);
    await until('outbox empty', () => rawOutbox(page), (r) => r.length === 0);
    expect(stored(dataDir, key)[0]!.answers).toMatchObject({ message: TYPED.message });
  });
});

// Accepting a submission that carries a 1 MB photo, durably, through the real server process
// (HTTP, base64 in the JSON envelope, magic bytes checked, the image re-encoded, the file written to a temporary name,
// fsync, rename, fsync of the folder, then the row committed with synchronous=FULL), beside the
// raw cost of the same storage work done by hand in this process: write 1 MB, fsync, rename,
// insert one row into a WAL + FULL SQLite file. One client, requests one after another, so each
// figure is the cost of one submission; medians of RUNS runs of COUNT each, interleaved.
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { readContent } from '../../content/check/index.ts';
import { allFields } from '../../content/model/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import { startServer } from '../support/server.ts';
import type { BenchTable } from './run.ts';

const RUNS = 5;
const COUNT = 20;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Side of a square of noise that sharp encodes at quality 90 into about 1 MB. */
const SIDE = 1100;

/**
 * A real JPEG of about 1 MB (the server decodes and re-encodes every image), of new pixels each
 * time: files are content-addressed. Noise is the worst case for re-encoding: nothing compresses.
 */
function photo(): Promise<Buffer> {
  return sharp(randomBytes(SIDE * SIDE * 3), { raw: { width: SIDE, height: SIDE, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

async function bodies(count: number): Promise<string[]> {
  const content = readContent();
  const procedure = content.procedures.find((p) => allFields(p).some((f) => f.type === 'file'))!;
  const field = allFields(procedure).find((f) => f.type === 'file')!;
  const answers = validAnswers(procedure, { postcodes: content.site.postcodes, optional: true });
  const photos = await Promise.all(Array.from({ length: count }, photo));
  return photos.map((bytes) => {
    const id = randomUUID();
    return JSON.stringify({
      procedureId: procedure.id,
      procedureVersion: procedure.version,
      locale: 'fr',
      answers: { ...answers, [field.id]: [id] },
      attachments: [{ id, type: 'image/jpeg', data: bytes.toString('base64') }],
    });
  });
}

/** Milliseconds per accepted submission, one request after another. */
async function httpRun(url: string, count: number): Promise<number> {
  const batch = await bodies(count);
  const started = performance.now();
  for (const body of batch) {
    const response = await fetch(`${url}/api/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body,
    });
    if (response.status !== 201) throw new Error(`expected 201, got ${response.status}: ${await response.text()}`);
  }
  return (performance.now() - started) / count;
}

/** Milliseconds per file written (temporary name, fsync, rename, fsync of the folder) and row committed. */
async function rawRun(count: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-file-'));
  const db = new Database(join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE files (id TEXT PRIMARY KEY, path TEXT NOT NULL, at TEXT NOT NULL) STRICT');
    const insert = db.prepare('INSERT INTO files (id, path, at) VALUES (?, ?, ?)');
    const files = await Promise.all(Array.from({ length: count }, photo));
    const started = performance.now();
    for (const bytes of files) {
      const id = randomUUID();
      const temporary = join(dir, `.${id}.tmp`);
      const fd = openSync(temporary, 'w');
      writeSync(fd, bytes);
      fsyncSync(fd);
      closeSync(fd);
      renameSync(temporary, join(dir, id));
      const folder = openSync(dir, 'r');
      fsyncSync(folder);
      closeSync(folder);
      insert.run(id, id, new Date().toISOString());
    }
    return (performance.now() - started) / count;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function attachmentBench(): Promise<BenchTable> {
  const server = await startServer();
  const http: number[] = [];
  const raw: number[] = [];
  try {
    await httpRun(server.url, 3); // warm-up: the first requests compile and open everything
    for (let run = 0; run < RUNS; run++) {
      http.push(await httpRun(server.url, COUNT));
      raw.push(await rawRun(COUNT));
    }
  } finally {
    await server.stop();
  }
  const ratio = median(http) / median(raw);
  const ms = (v: number) => v.toFixed(1);
  return {
    title: 'A submission with a 1 MB photo, durable, beside the raw storage cost',
    rows: [
      { measure: 'HTTP submission with a 1 MB attachment (ms each)', median: ms(median(http)), runs: http.map(ms).join(' ') },
      { measure: 'raw: write 1 MB, fsync, rename, fsync folder, insert row (ms each)', median: ms(median(raw)), runs: raw.map(ms).join(' ') },
      { measure: 'ratio HTTP / raw', median: ratio.toFixed(ratio < 10 ? 2 : 1), runs: '' },
    ],
    notes: [
      `${COUNT} submissions per run, one client, one after another, ${RUNS} runs interleaved with the raw runs; each photo is a new ${SIDE} × ${SIDE} JPEG of noise, about 1 MB (files are content-addressed).`,
      'The HTTP figure includes base64 decoding (1.33 MB on the wire), the JSON and answer checks, the file looked through and the image decoded and re-encoded (sharp), the acknowledgment and the audit entry; the raw one is the disk work alone. No antivirus (GUICHET_CLAMAV_SOCKET unset).',
    ],
  };
}

// A real hot folder for the folder connector's tests: temp directories on the local disk, a
// missing one for "down", and a named pipe where the connector reads for "hangs" (an open() on
// a FIFO blocks like a read on a stalled network share).

import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectorPeer, ReceivedCopy } from '../connector.contract.ts';
import type { SubmissionDocument } from '../document.ts';
import { createFolderConnector } from '../folder.ts';

export interface FolderPeer extends ConnectorPeer {
  /** The hot folder the `connector()` connectors write into. */
  readonly directory: string;
  /** The temporary root holding every folder of this peer. */
  readonly root: string;
}

/** Starts a hot folder in a fresh temp directory. */
export async function startFolderPeer(): Promise<FolderPeer> {
  const root = await mkdtemp(join(tmpdir(), 'guichet-folder-'));
  const directory = join(root, 'hot');
  await mkdir(directory);
  const watched = [directory];
  const pipes: string[] = [];

  return {
    root,
    directory,
    keepsOneCopy: true,
    connector: ({ timeoutMs }) => createFolderConnector({ directory, timeoutMs }),
    down: ({ timeoutMs }) => createFolderConnector({ directory: join(root, 'unmounted-share'), timeoutMs }),
    async hanging({ timeoutMs, delivery }) {
      const stalled = join(root, `stalled-${watched.length}`);
      const { reference } = delivery.submission;
      await mkdir(join(stalled, reference), { recursive: true });
      const pipe = join(stalled, reference, `submission-${reference}.json`);
      execFileSync('mkfifo', [pipe]);
      pipes.push(pipe);
      watched.push(stalled);
      return createFolderConnector({ directory: stalled, timeoutMs });
    },
    async received(reference) {
      const copies: ReceivedCopy[] = [];
      for (const entry of await readdir(directory, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
        const folder = join(directory, entry.name);
        const names = await readdir(folder);
        const documentName = names.find((name) => name.startsWith('submission-') && name.endsWith('.json'));
        if (!documentName) continue;
        const document = JSON.parse(await readFile(join(folder, documentName), 'utf8')) as SubmissionDocument;
        if (document.reference !== reference) continue;
        const files = await Promise.all(
          document.attachments.map(async (a) => ({
            name: a.file ?? '',
            bytes: new Uint8Array(await readFile(join(folder, a.file ?? ''))),
          })),
        );
        copies.push({ idempotencyKey: document.idempotencyKey, document, files });
      }
      return copies;
    },
    async leftovers() {
      let count = 0;
      for (const folder of watched)
        count += (await readdir(folder)).filter((name) => name.startsWith('.guichet-')).length;
      return count;
    },
    async dispose() {
      // Opening the write end lets an open() still blocked on a pipe return, freeing its libuv thread.
      for (const pipe of pipes) {
        const handle = await open(pipe, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
        await handle?.close();
      }
      await rm(root, { recursive: true, force: true });
    },
  };
}

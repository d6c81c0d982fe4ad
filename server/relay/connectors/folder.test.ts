import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeSampleFiles, sampleDelivery, testConnector } from './connector.contract.ts';
import { hasWordsInOrder, readPdfText } from '../../receipts/test-fixtures.ts';
import { createFolderConnector, describeFileError } from './folder.ts';
import { startFolderPeer, type FolderPeer } from './peers/folder.ts';

testConnector('folder', startFolderPeer);

describe('folder connector', () => {
  let peer: FolderPeer;
  beforeAll(async () => {
    peer = await startFolderPeer();
  });
  afterAll(async () => {
    await peer.dispose();
    await removeSampleFiles();
  });

  it('drops one folder named after the reference, holding the document, the files and the receipt', async () => {
    const delivery = await sampleDelivery();
    const { reference } = delivery.submission;
    const result = await createFolderConnector({ directory: peer.directory }).deliver(delivery);
    expect(result).toEqual({ outcome: 'delivered', detail: `Déposé dans ${join(peer.directory, reference)}.` });
    expect((await readdir(join(peer.directory, reference))).sort()).toEqual(
      [
        `accuse-enregistrement-${reference}.pdf`,
        `demande-${reference}.pdf`,
        'photo du trou.jpg',
        'plan.pdf',
        `submission-${reference}.json`,
      ].sort(),
    );
    // The request as a PDF beside the JSON: its answers, its files and its receipt, as text a GED indexes.
    const text = await readPdfText(new Uint8Array(await readFile(join(peer.directory, reference, `demande-${reference}.pdf`))));
    for (const expected of [delivery.submission.procedureTitle, reference, ...delivery.submission.answerRows.flatMap((row) => [row.label, row.value]), 'photo du trou.jpg', 'plan.pdf', `accuse-enregistrement-${reference}.pdf`])
      expect(hasWordsInOrder(text, expected), `${expected}\n--- in ---\n${text}`).toBe(true);
    const document = JSON.parse(
      await readFile(join(peer.directory, reference, `submission-${reference}.json`), 'utf8'),
    );
    expect(document.receipt).toMatchObject({ file: `accuse-enregistrement-${reference}.pdf`, type: 'application/pdf' });
    expect((await readdir(peer.directory)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('rejects, and leaves it alone, when a folder of that reference holds another delivery', async () => {
    const delivery = await sampleDelivery();
    const { reference } = delivery.submission;
    const first = createFolderConnector({ directory: peer.directory });
    expect(await first.deliver(delivery)).toMatchObject({ outcome: 'delivered' });
    const other = { ...delivery, idempotencyKey: randomUUID() };
    const result = await first.deliver(other);
    expect(result).toEqual({
      outcome: 'rejected',
      reason: `Un dossier « ${reference} » existe déjà dans ${peer.directory} et ne contient pas cet envoi : vérifiez-le avant de relancer.`,
    });
    const document = JSON.parse(
      await readFile(join(peer.directory, reference, `submission-${reference}.json`), 'utf8'),
    );
    expect(document.idempotencyKey).toBe(delivery.idempotencyKey);
  });

  it('answers retry in plain words when the hot folder path is a file (as root, chmod cannot make it unwritable)', async () => {
    const notAFolder = join(peer.root, `not-a-folder-${randomUUID()}`);
    await writeFile(notAFolder, 'oops');
    const result = await createFolderConnector({ directory: notAFolder }).deliver(await sampleDelivery());
    expect(result).toEqual({
      outcome: 'retry',
      reason: `Le chemin du dossier de dépôt ${notAFolder} n'est pas un dossier.`,
    });
  });

  it('answers retry when the hot folder is missing, rather than creating it on the local disk', async () => {
    const missing = join(peer.root, 'not-mounted');
    const result = await createFolderConnector({ directory: missing }).deliver(await sampleDelivery());
    expect(result).toEqual({
      outcome: 'retry',
      reason: `Le dossier de dépôt ${missing} est introuvable (partage non monté ?).`,
    });
    await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('sweeps a work-in-progress folder a crash left behind, once surely abandoned', async () => {
    const delivery = await sampleDelivery();
    const stale = join(peer.directory, `.guichet-${delivery.submission.reference}-crashed`);
    await mkdir(stale);
    await writeFile(join(stale, 'plan.pdf'), 'half');
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(stale, longAgo, longAgo);
    expect(
      await createFolderConnector({ directory: peer.directory, timeoutMs: 1_000 }).deliver(delivery),
    ).toMatchObject({
      outcome: 'delivered',
    });
    await expect(stat(stale)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('removes, at its first delivery, every temporary a killed process left, of any reference and any age', async () => {
    // Regression (issue 22): after three SIGKILLs, `.guichet-<ref>-*` folders holding answers
    // stayed for ever, since only the reference being delivered was swept, and only when old.
    const left = ['.guichet-AAAA-1111-x1', '.guichet-BBBB-2222-x2'].map((name) => join(peer.directory, name));
    for (const folder of left) {
      await mkdir(folder);
      await writeFile(join(folder, 'submission.json'), '{"answers":"private"}');
    }
    const connector = createFolderConnector({ directory: peer.directory, timeoutMs: 1_000 });
    expect(await connector.deliver(await sampleDelivery())).toMatchObject({ outcome: 'delivered' });
    expect((await readdir(peer.directory)).filter((name) => name.startsWith('.'))).toEqual([]);
    // The relay's start does the same before any delivery.
    await mkdir(join(peer.directory, '.guichet-EEEE-5555-x5'));
    await createFolderConnector({ directory: peer.directory }).start!();
    expect((await readdir(peer.directory)).filter((name) => name.startsWith('.'))).toEqual([]);

    // Once running, a fresh temporary (another instance writing now) is left alone; an old one
    // of any reference goes before the next delivery.
    const fresh = join(peer.directory, '.guichet-CCCC-3333-x3');
    const old = join(peer.directory, '.guichet-DDDD-4444-x4');
    await mkdir(fresh);
    await mkdir(old);
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(old, longAgo, longAgo);
    expect(await connector.deliver(await sampleDelivery())).toMatchObject({ outcome: 'delivered' });
    expect((await readdir(peer.directory)).filter((name) => name.startsWith('.'))).toEqual(['.guichet-CCCC-3333-x3']);
  });

  it('keeps a hostile file name inside the delivery folder', async () => {
    const delivery = await sampleDelivery();
    delivery.attachments[0] = {
      id: 'photo1',
      type: 'image/jpeg',
      filename: '../../../evil.jpg',
      bytes: new Uint8Array([1, 2, 3]),
    };
    expect(await createFolderConnector({ directory: peer.directory }).deliver(delivery)).toMatchObject({
      outcome: 'delivered',
    });
    expect(await readdir(join(peer.directory, delivery.submission.reference))).toContain('evil.jpg');
    await expect(stat(join(peer.root, 'evil.jpg'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects a reference that cannot be a folder name', async () => {
    const delivery = await sampleDelivery();
    delivery.submission.reference = '../escape';
    expect(await createFolderConnector({ directory: peer.directory }).deliver(delivery)).toEqual({
      outcome: 'rejected',
      reason: 'La référence « ../escape » ne peut pas servir de nom de dossier.',
    });
  });

  it('says in plain words why a disk refused, for errors a test cannot cause', () => {
    expect(describeFileError('ENOSPC', '/mnt/ged')).toBe('Le disque du dossier de dépôt /mnt/ged est plein.');
    expect(describeFileError('EACCES', '/mnt/ged')).toBe(
      "Guichet n'a pas le droit d'écrire dans le dossier de dépôt /mnt/ged.",
    );
    expect(describeFileError('EROFS', '/mnt/ged')).toBe('Le dossier de dépôt /mnt/ged est en lecture seule.');
  });
});

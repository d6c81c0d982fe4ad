// The worker's patience: a worker that never answers must not leave the person waiting on
// "Continue". A stuck worker cannot be made on demand, so these tests stand one in; the
// shrinking itself is tested in real Chromium (test/e2e/shrink-image.test.ts).
import { describe, expect, it } from 'vitest';
import { shrink } from './shrink.ts';
import type { ShrinkAnswer } from './shrink-worker.ts';

function fakeWorker(answer?: ShrinkAnswer) {
  const worker = {
    terminated: false,
    onmessage: null as ((event: MessageEvent<ShrinkAnswer>) => void) | null,
    onerror: null as ((event: ErrorEvent) => void) | null,
    postMessage() {
      if (answer) queueMicrotask(() => worker.onmessage?.({ data: answer } as MessageEvent<ShrinkAnswer>));
    },
    terminate() {
      worker.terminated = true;
    },
  };
  return worker;
}

const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });

describe('shrink', () => {
  it("takes the worker's photo when it answers, and stops the worker", async () => {
    const shrunk = new Blob(['from the worker']);
    const worker = fakeWorker({ ok: true, blob: shrunk });
    const inPage = async () => new Blob(['from the page']);
    expect(await shrink(photo, {}, { startWorker: () => worker, inPage, patienceMs: 50 })).toBe(shrunk);
    expect(worker.terminated).toBe(true);
  });

  it('shrinks the file in the page when the worker says nothing', async () => {
    const worker = fakeWorker();
    const fromPage = new Blob(['from the page']);
    expect(await shrink(photo, {}, { startWorker: () => worker, inPage: async () => fromPage, patienceMs: 20 })).toBe(fromPage);
    expect(worker.terminated).toBe(true);
  });

  it("reports the worker's refusal rather than trying again", async () => {
    const worker = fakeWorker({ ok: false, message: 'not an image' });
    const inPage = async () => new Blob(['from the page']);
    await expect(shrink(photo, {}, { startWorker: () => worker, inPage, patienceMs: 50 })).rejects.toThrow('not an image');
  });
});

// Clients for the durability tests: a valid envelope for a real procedure, and a POST that
// tells a receipt from a lost answer (the server died before answering) from a refusal.
import { randomUUID } from 'node:crypto';
import { CONTENT_DIR, loadContent } from '../../content/check/index.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';

/** The same body for every key: the kiosk resends the envelope it stored, byte for byte. */
export function envelopeBody(): string {
  const content = loadContent(CONTENT_DIR);
  const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall');
  if (!procedure) throw new Error('write-to-town-hall is missing from the content');
  // A postal reply: no email leaves the test.
  return JSON.stringify(validSubmission(procedure, { postcodes: content.site.postcodes, choose: { replyBy: 'post' } }));
}

export type Outcome =
  | { kind: 'receipt'; reference: string; replayed: boolean }
  /** No answer: connection refused or reset, or the server did not answer in time. */
  | { kind: 'lost'; error: string }
  | { kind: 'refused'; status: number; body: string };

/** POSTs one envelope with its Idempotency-Key. */
export async function post(url: string, key: string, body: string, timeoutMs = 15_000): Promise<Outcome> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${url}/api/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    return { kind: 'lost', error: error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error) };
  }
  if (response.status !== 201) return { kind: 'refused', status: response.status, body: text };
  const { reference } = JSON.parse(text) as { reference: string };
  return { kind: 'receipt', reference, replayed: response.headers.get('idempotent-replayed') === 'true' };
}

/** What the clients saw, key by key. */
export class Ledger {
  /** Every key sent at least once. */
  readonly sent = new Set<string>();
  /** The reference of each key that got a 201. */
  readonly receipts = new Map<string, string>();
  readonly problems: string[] = [];
  lost = 0;
  replaysChecked = 0;

  newKey(): string {
    const key = randomUUID();
    this.sent.add(key);
    return key;
  }

  /** Records an outcome; a second receipt for a key must carry the first one's reference. */
  note(key: string, outcome: Outcome): void {
    if (outcome.kind === 'lost') {
      this.lost++;
      return;
    }
    if (outcome.kind === 'refused') {
      this.problems.push(`${key}: ${outcome.status} ${outcome.body.slice(0, 300)}`);
      return;
    }
    const earlier = this.receipts.get(key);
    if (earlier === undefined) this.receipts.set(key, outcome.reference);
    else {
      this.replaysChecked++;
      if (earlier !== outcome.reference) this.problems.push(`${key}: reference ${earlier}, then ${outcome.reference}`);
      if (!outcome.replayed) this.problems.push(`${key}: answered again without Idempotent-Replayed`);
    }
  }

  randomReceiptKey(): string | undefined {
    if (this.receipts.size === 0) return undefined;
    const index = Math.floor(Math.random() * this.receipts.size);
    let i = 0;
    for (const key of this.receipts.keys()) if (i++ === index) return key;
    return undefined;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items` with at most `concurrency` at once. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

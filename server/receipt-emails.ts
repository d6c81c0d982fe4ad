// Sends the acknowledgments queued in `receipt_emails` (AEE at acceptance, ARE once delivered),
// outside any transaction: claim with a lease, send, record; a failure comes back later with
// backoff and jitter, and is given up after the last attempt (audit event `receipt.email-failed`).
// Owns one timer between start() and stop(); the mailer is the caller's.
import type { Content } from '../content/model/index.ts';
import { acknowledgmentOf } from './acknowledgments.ts';
import type { ReceiptMailer } from './receipts/index.ts';
import { retryDelay, type RetryPolicy } from './relay/backoff.ts';
import type { ClaimedReceiptEmail, Store } from './store/types.ts';

/** From 30 s to 6 h between attempts, 12 attempts: about a day and a half of trying. */
export const RECEIPT_EMAIL_POLICY: RetryPolicy = { baseMs: 30_000, capMs: 6 * 3_600_000, maxAttempts: 12 };

export interface ReceiptEmailDeps {
  store: Store;
  content: Content;
  mailer: Pick<ReceiptMailer, 'send'>;
  now?: () => Date;
  policy?: RetryPolicy;
  /** Longer than an SMTP send takes (nodemailer's own timeouts are 2 min at most). */
  leaseMs?: number;
  batch?: number;
  pollMs?: number;
  log?: Pick<Console, 'warn' | 'error'>;
}

export interface ReceiptEmailSender {
  /** Sends what is due now; resolves with how many were sent, retried and given up. */
  sendDue(): Promise<{ sent: number; retried: number; dead: number }>;
  /** Polls every `pollMs`; `wake()` sends at once (a submission just accepted or delivered). */
  start(): void;
  wake(): void;
  stop(): Promise<void>;
}

/**
 * @example
 * const sender = createReceiptEmailSender({ store, content, mailer: createReceiptMailer({ smtp, from, publicUrl }) });
 * sender.start(); // and relay's onSubmissionDelivered: () => sender.wake()
 */
export function createReceiptEmailSender(deps: ReceiptEmailDeps): ReceiptEmailSender {
  const now = deps.now ?? (() => new Date());
  const policy = deps.policy ?? RECEIPT_EMAIL_POLICY;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const batch = deps.batch ?? 10;
  const log = deps.log ?? console;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;

  const attempt = async (email: ClaimedReceiptEmail): Promise<'sent' | 'retried' | 'dead'> => {
    const giveUp = async (error: string) => {
      await deps.store.recordReceiptEmail({ id: email.id, claimToken: email.claimToken, at: now(), outcome: 'dead', error });
      return 'dead' as const;
    };
    const submission = await deps.store.findSubmission(email.reference);
    if (!submission || submission.answers === undefined) return giveUp('Réponses effacées : plus d’adresse où envoyer.');
    let ack;
    try {
      ack = await acknowledgmentOf(deps.content, deps.store, submission, email.kind);
    } catch (error) {
      return giveUp(`L’accusé ne peut pas être produit : ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!ack.recipient) return giveUp('La personne n’a pas donné d’adresse e-mail.');
    try {
      const sent = await deps.mailer.send(ack);
      if (sent.accepted.length === 0) return giveUp(`Le serveur de messagerie a refusé l’adresse (${sent.rejected.join(', ')}).`);
      await deps.store.recordReceiptEmail({ id: email.id, claimToken: email.claimToken, at: now(), outcome: 'sent' });
      return 'sent';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const permanent = typeof (error as { responseCode?: unknown }).responseCode === 'number' && (error as { responseCode: number }).responseCode >= 500;
      if (permanent || email.attempt >= policy.maxAttempts) return giveUp(`Envoi impossible : ${reason}`);
      const at = now();
      await deps.store.recordReceiptEmail({
        id: email.id,
        claimToken: email.claimToken,
        at,
        outcome: 'retry',
        error: `Envoi impossible, nouvel essai plus tard : ${reason}`,
        nextAttemptAt: new Date(at.getTime() + retryDelay(email.attempt, policy)),
      });
      return 'retried';
    }
  };

  const sendDue = async () => {
    const counts = { sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const claimed = await deps.store.claimReceiptEmails({ now: now(), limit: batch, leaseMs });
      for (const email of claimed) {
        const outcome = await attempt(email);
        counts[outcome] += 1;
        if (outcome === 'dead') log.warn(`Receipt email for ${email.reference} (${email.kind}) given up.`);
      }
      if (claimed.length < batch) return counts;
    }
  };

  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = sendDue()
      .catch((error: unknown) => log.error('Receipt emails: a round failed; it is tried again at the next poll.', error))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };

  return {
    sendDue,
    start() {
      timer ??= setInterval(run, deps.pollMs ?? 5_000);
      timer.unref();
      run();
    },
    wake: run,
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

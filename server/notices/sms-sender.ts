// Sends the SMS notices queued in `notices` (written with each status that asks or decides),
// outside any transaction: claim with a lease, build the text, send through the SMPP gateway
// with the notice id as its idempotency key, record; a failure comes back later with backoff
// and jitter, and is given up after the last attempt (audit event `notice.failed`, shown in
// the console). Owns one timer between start() and stop(); the gateway is the caller's.
import type { Content, Procedure } from '../../content/model/index.ts';
import { retryDelay, type RetryPolicy } from '../relay/backoff.ts';
import type { ClaimedNotice, Store } from '../store/types.ts';
import type { SmppGateway } from './smpp-gateway.ts';
import { NOTICE_STATUSES, smsText, type NoticeStatus, type SmsTexts } from './sms-text.ts';

/** From 30 s to 1 h between attempts, 20 attempts: about a day of a gateway down. */
export const SMS_NOTICE_POLICY: RetryPolicy = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 20 };

export interface SmsSenderDeps {
  store: Store;
  content: Content;
  gateway: Pick<SmppGateway, 'send'>;
  texts: SmsTexts;
  /** GUICHET_PUBLIC_URL: the SMS points to `${publicUrl}/suivi/<reference>`. */
  publicUrl: string;
  now?: () => Date;
  policy?: RetryPolicy;
  /** Longer than a send may take (bind wait and submit answers included). */
  leaseMs?: number;
  batch?: number;
  pollMs?: number;
  log?: Pick<Console, 'warn' | 'error'>;
}

export interface SmsSender {
  /** Sends what is due now; resolves with how many were sent, retried and given up. */
  sendDue(): Promise<{ sent: number; retried: number; dead: number }>;
  start(): void;
  /** Sends at once (a status just queued a notice). */
  wake(): void;
  stop(): Promise<void>;
}

/** The first phone number the resident gave, in the procedure's order of questions. */
export function phoneOf(procedure: Pick<Procedure, 'steps'> | undefined, answers: Record<string, unknown> | undefined): string | undefined {
  if (!procedure || !answers) return undefined;
  for (const step of procedure.steps)
    for (const field of step.fields) {
      const value = answers[field.id];
      if (field.type === 'phone' && typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  return undefined;
}

/**
 * @example
 * const sms = createSmsSender({ store, content, gateway, texts: readSmsTexts(contentDir, locales), publicUrl });
 * sms.start();
 */
export function createSmsSender(deps: SmsSenderDeps): SmsSender {
  const now = deps.now ?? (() => new Date());
  const policy = deps.policy ?? SMS_NOTICE_POLICY;
  const leaseMs = deps.leaseMs ?? 2 * 60_000;
  const batch = deps.batch ?? 10;
  const log = deps.log ?? console;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;

  const attempt = async (notice: ClaimedNotice): Promise<'sent' | 'retried' | 'dead'> => {
    const record = (outcome: { outcome: 'dead'; error: string } | { outcome: 'sent'; messageIds: string[] } | { outcome: 'retry'; error: string; nextAttemptAt: Date }) =>
      deps.store.recordNotice({ id: notice.id, claimToken: notice.claimToken, at: now(), ...outcome });
    const giveUp = async (error: string) => {
      await record({ outcome: 'dead', error });
      return 'dead' as const;
    };
    if (!NOTICE_STATUSES.includes(notice.status as NoticeStatus)) return giveUp(`Pas de SMS pour le statut « ${notice.status} ».`);
    const submission = await deps.store.findSubmission(notice.reference);
    const procedure = deps.content.procedures.find((candidate) => candidate.id === submission?.procedureId);
    const phone = phoneOf(procedure, submission?.answers);
    if (!phone) return giveUp('Pas de numéro de téléphone (réponses effacées, ou aucun donné) : l’accueil prévient la personne.');
    let text: string;
    try {
      text = smsText(
        { status: notice.status as NoticeStatus, locale: notice.locale, town: deps.content.site.town, reference: notice.reference, trackingUrl: `${publicUrl}/suivi/${notice.reference}` },
        deps.texts,
      );
    } catch (error) {
      return giveUp(`Le texte du SMS ne peut pas être écrit : ${(error as Error).message}`);
    }
    const result = await deps.gateway.send({ id: notice.id, to: phone, text });
    if (result.outcome === 'sent') {
      await record({ outcome: 'sent', messageIds: result.messageIds });
      return 'sent';
    }
    if (result.outcome === 'rejected' || notice.attempt >= policy.maxAttempts) return giveUp(`SMS refusé : ${result.reason}`);
    const at = now();
    await record({ outcome: 'retry', error: `SMS non envoyé, nouvel essai plus tard : ${result.reason}`, nextAttemptAt: new Date(at.getTime() + retryDelay(notice.attempt, policy)) });
    return 'retried';
  };

  const sendDue = async () => {
    const counts = { sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const claimed = await deps.store.claimNotices({ now: now(), limit: batch, leaseMs, channel: 'sms' });
      for (const notice of claimed) {
        const outcome = await attempt(notice);
        counts[outcome] += 1;
        if (outcome === 'dead') log.warn(`SMS notice ${notice.id} for ${notice.reference} given up.`);
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
      .catch((error: unknown) => log.error('SMS notices: a round failed; it is tried again at the next poll.', error))
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

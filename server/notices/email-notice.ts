// Email notices: the statuses that ask something of the resident or decide, sent to the address
// they gave, as the acknowledgments are (the same SMTP settings). An email may say more than an
// SMS: the service's message and the missing pieces with their date, in French and in the
// resident's language; never the tracking code, nor any answer. The words are data: the SMS
// sentence of the status (notices.sms.*) leads, the rest is `life.*` of each locale's ui.json.
// Owns one nodemailer transport and one timer between start() and stop().
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Content } from '../../content/model/index.ts';
import { contactEmail } from '../receipts/index.ts';
import { isReceiptLocale, receiptText } from '../receipts/texts.ts';
import { retryDelay, type RetryPolicy } from '../relay/backoff.ts';
import type { HistoryEntry, LocalizedText } from '../requests/status.ts';
import type { ClaimedNotice, Store } from '../store/types.ts';
import { NOTICE_STATUSES, smsText, type NoticeStatus, type SmsTexts } from './sms-text.ts';

/** From 30 s to 6 h between attempts, 12 attempts, as the acknowledgment emails. */
export const EMAIL_NOTICE_POLICY: RetryPolicy = { baseMs: 30_000, capMs: 6 * 3_600_000, maxAttempts: 12 };

/** `life` of each locale's ui.json: the words an email notice adds to the SMS sentence. */
export type LifeTexts = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** @example readLifeTexts('content', ['fr', 'ar']).get('ar')?.missingHeading */
export function readLifeTexts(contentDir: string, locales: readonly string[]): LifeTexts {
  const texts = new Map<string, Record<string, string>>();
  for (const locale of locales) {
    const file = join(contentDir, 'locales', locale, 'ui.json');
    if (!existsSync(file)) continue;
    const life = (JSON.parse(readFileSync(file, 'utf8')) as { life?: Record<string, unknown> }).life;
    if (life) texts.set(locale, Object.fromEntries(Object.entries(life).filter((entry): entry is [string, string] => typeof entry[1] === 'string')));
  }
  return texts;
}

/** Between the French and the person's language in a notice's text. */
export const NOTICE_SEPARATOR = '\n\n—\n\n';

export interface NoticeEmail {
  subject: string;
  text: string;
}

/**
 * The email of one notice: the SMS sentence, then what the service wrote, what is missing and
 * by when; French first, then the resident's language when it is another.
 *
 * @example noticeEmail({ status: 'incomplete', entry, locale: 'ar', town: 'Belval-sur-Loire', reference: '7KQ4-M2XD', trackingUrl }, { sms, life }).subject
 */
export function noticeEmail(
  notice: { status: NoticeStatus; entry: HistoryEntry | undefined; locale: string; town: string; reference: string; trackingUrl: string },
  texts: { sms: SmsTexts; life: LifeTexts },
): NoticeEmail {
  const word = (locale: string, key: string, values: Record<string, string> = {}) =>
    (texts.life.get(locale)?.[key] ?? texts.life.get('fr')?.[key] ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
  const day = (locale: string, date: string) =>
    new Intl.DateTimeFormat(receiptText(isReceiptLocale(locale) ? locale : 'fr', 'format.locale'), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
  const pick = (text: LocalizedText, locale: string) => text[locale] ?? text.fr;
  const part = (locale: string): string[] => {
    const lines = [smsText({ ...notice, locale }, texts.sms)];
    const entry = notice.entry;
    if (entry?.message) lines.push('', word(locale, 'message'), pick(entry.message, locale));
    if (entry?.missing?.length) {
      lines.push('', word(locale, 'missingHeading'), ...entry.missing.map((piece) => `- ${pick(piece.label, locale)}`));
      if (entry.respondBy) lines.push(word(locale, 'respondBy', { date: day(locale, entry.respondBy) }));
    }
    return lines;
  };
  const local = notice.locale !== 'fr' && texts.sms.has(notice.locale) ? notice.locale : undefined;
  const subject = word('fr', 'emailSubject', { town: notice.town, reference: notice.reference });
  return { subject, text: [part('fr').join('\n'), ...(local ? [part(local).join('\n')] : [])].join(NOTICE_SEPARATOR) };
}

export interface EmailNoticeDeps {
  store: Store;
  content: Content;
  /** Sends one message; nodemailer's `sendMail` in production (`createNoticeTransport`). */
  send: (message: { to: string; subject: string; text: string; locale: string }) => Promise<{ accepted: string[]; rejected: string[] }>;
  texts: { sms: SmsTexts; life: LifeTexts };
  publicUrl: string;
  now?: () => Date;
  policy?: RetryPolicy;
  leaseMs?: number;
  batch?: number;
  pollMs?: number;
  log?: Pick<Console, 'warn' | 'error'>;
}

export interface EmailNoticeSender {
  sendDue(): Promise<{ sent: number; retried: number; dead: number }>;
  start(): void;
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The SMTP side of email notices, from the acknowledgments' settings.
 *
 * @example const transport = createNoticeTransport({ smtp, from }); createEmailNoticeSender({ ..., send: transport.send })
 */
export function createNoticeTransport(options: { smtp: SMTPTransport.Options; from: string; replyTo?: string }) {
  const transport = createTransport(options.smtp);
  const addresses = (list: unknown): string[] =>
    Array.isArray(list) ? list.map((entry) => (typeof entry === 'string' ? entry : String((entry as { address?: string }).address))) : [];
  return {
    async send(message: { to: string; subject: string; text: string; locale: string }) {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        ...(options.replyTo ? { replyTo: options.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        // RFC 3834: an automatic message, so that out-of-office replies stay away.
        headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': message.locale === 'fr' ? 'fr' : `fr, ${message.locale}` },
      });
      return { accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
    },
    dispose: () => transport.close(),
  };
}

/**
 * Sends the email notices queued with each status change, as the SMS sender does for SMS:
 * claimed with a lease, sent outside any transaction, recorded; retried with backoff, given up
 * after the last attempt (visible in the console), never sent twice for one status change.
 */
export function createEmailNoticeSender(deps: EmailNoticeDeps): EmailNoticeSender {
  const now = deps.now ?? (() => new Date());
  const policy = deps.policy ?? EMAIL_NOTICE_POLICY;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const batch = deps.batch ?? 10;
  const log = deps.log ?? console;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;

  const attempt = async (notice: ClaimedNotice): Promise<'sent' | 'retried' | 'dead'> => {
    const record = (outcome: { outcome: 'dead'; error: string } | { outcome: 'sent' } | { outcome: 'retry'; error: string; nextAttemptAt: Date }) =>
      deps.store.recordNotice({ id: notice.id, claimToken: notice.claimToken, at: now(), ...outcome });
    const giveUp = async (error: string) => {
      await record({ outcome: 'dead', error });
      return 'dead' as const;
    };
    if (!NOTICE_STATUSES.includes(notice.status as NoticeStatus)) return giveUp(`Pas de courriel pour le statut « ${notice.status} ».`);
    const submission = await deps.store.findSubmission(notice.reference);
    const procedure = deps.content.procedures.find((candidate) => candidate.id === submission?.procedureId);
    const to = procedure && submission?.answers ? contactEmail(procedure, submission.answers) : undefined;
    if (!to) return giveUp('Pas d’adresse e-mail (réponses effacées, ou aucune donnée) : l’accueil prévient la personne.');
    const life = await deps.store.requestLife(notice.reference);
    const entry = life?.history.findLast((candidate) => candidate.status === notice.status);
    let email: NoticeEmail;
    try {
      email = noticeEmail(
        { status: notice.status as NoticeStatus, entry, locale: notice.locale, town: deps.content.site.town, reference: notice.reference, trackingUrl: `${publicUrl}/suivi/${notice.reference}` },
        deps.texts,
      );
    } catch (error) {
      return giveUp(`Le courriel ne peut pas être écrit : ${(error as Error).message}`);
    }
    try {
      const sent = await deps.send({ to, ...email, locale: notice.locale });
      if (sent.accepted.length === 0) return giveUp(`Le serveur de messagerie a refusé l’adresse (${sent.rejected.join(', ')}).`);
      await record({ outcome: 'sent' });
      return 'sent';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const permanent = typeof (error as { responseCode?: unknown }).responseCode === 'number' && (error as { responseCode: number }).responseCode >= 500;
      if (permanent || notice.attempt >= policy.maxAttempts) return giveUp(`Envoi impossible : ${reason}`);
      await record({ outcome: 'retry', error: `Envoi impossible, nouvel essai plus tard : ${reason}`, nextAttemptAt: new Date(now().getTime() + retryDelay(notice.attempt, policy)) });
      return 'retried';
    }
  };

  const sendDue = async () => {
    const counts = { sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const claimed = await deps.store.claimNotices({ now: now(), limit: batch, leaseMs, channel: 'email' });
      for (const notice of claimed) {
        const outcome = await attempt(notice);
        counts[outcome] += 1;
        if (outcome === 'dead') log.warn(`Email notice ${notice.id} for ${notice.reference} given up.`);
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
      .catch((error: unknown) => log.error('Email notices: a round failed; it is tried again at the next poll.', error))
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

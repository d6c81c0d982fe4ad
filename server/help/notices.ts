// Sends the help bookings' reminders (the day before) and offers (a freed place) queued in
// `help_notices`, outside any transaction: claim with a lease, build the text, send through
// the SMPP gateway with the notice id as its idempotency key, record; a failure comes back
// later with backoff, and is given up after the last attempt. Also lapses the offers whose
// deadline passed, so the place goes to the next person waiting, and erases the phone numbers
// and addresses of bookings over for a day. Owns one timer between
// start() and stop(); the gateway is the caller's. Email reminders wait, queued, for an email
// sender (as the request-life notices' do).
import type { Content } from '../../content/model/index.ts';
import { isReceiptLocale, receiptText } from '../receipts/texts.ts';
import { retryDelay, type RetryPolicy } from '../relay/backoff.ts';
import type { SmppGateway } from '../notices/smpp-gateway.ts';
import type { ClaimedHelpNotice, HelpBooking, Store } from '../store/types.ts';
import { offerDeadline, placeOf, whenInWords } from './booking.ts';

/** From 30 s to 30 min between attempts, 12 attempts: a reminder late by a day is useless. */
export const HELP_SMS_POLICY: RetryPolicy = { baseMs: 30_000, capMs: 1_800_000, maxAttempts: 12 };

export interface HelpNoticeDeps {
  store: Store;
  content: Content;
  gateway?: Pick<SmppGateway, 'send'>;
  /** GUICHET_PUBLIC_URL: the SMS points to `${publicUrl}/rendez-vous/cancel` or `/confirm`, never with a code. */
  publicUrl: string;
  now?: () => Date;
  policy?: RetryPolicy;
  leaseMs?: number;
  batch?: number;
  pollMs?: number;
  log?: Pick<Console, 'warn' | 'error'>;
}

/**
 * The words of a reminder or an offer, in the person's language (French when it has none):
 * the town, the time, the place, the address to act; never a name, a code or a number.
 *
 * @example helpSmsText(content, booking, 'reminder', 'https://guichet.belval-sur-loire.fr')
 */
export function helpSmsText(content: Content, booking: HelpBooking, kind: 'reminder' | 'offer', publicUrl: string): string {
  const help = content.site.help;
  if (!help) throw new Error('No help agendas in site.yaml.');
  const locale = isReceiptLocale(booking.locale) ? booking.locale : 'fr';
  const place = placeOf(help, booking.slot.place, locale, content.site.defaultLocale).name;
  const base = publicUrl.replace(/\/+$/, '');
  if (kind === 'reminder') {
    const time = new Intl.DateTimeFormat(receiptText(locale, 'format.locale'), { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(booking.slot.start));
    return receiptText(locale, 'booking.sms.reminder', { town: content.site.town, when: time, place, url: `${base}/rendez-vous/cancel` });
  }
  return receiptText(locale, 'booking.sms.offer', {
    town: content.site.town,
    when: whenInWords(booking.slot.start, locale),
    place,
    deadline: whenInWords(booking.offerExpiresAt ?? booking.slot.start, locale),
    url: `${base}/rendez-vous/confirm`,
  });
}

export interface HelpNoticeSender {
  /** Lapses due offers, then sends what is due now. */
  sendDue(): Promise<{ sent: number; retried: number; dead: number; lapsed: number }>;
  start(): void;
  wake(): void;
  stop(): Promise<void>;
}

export function createHelpNoticeSender(deps: HelpNoticeDeps): HelpNoticeSender {
  const now = deps.now ?? (() => new Date());
  const policy = deps.policy ?? HELP_SMS_POLICY;
  const leaseMs = deps.leaseMs ?? 60_000;
  const batch = deps.batch ?? 10;
  const log = deps.log ?? console;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;

  const attempt = async (notice: ClaimedHelpNotice, gateway: Pick<SmppGateway, 'send'>): Promise<'sent' | 'retried' | 'dead'> => {
    const record = (outcome: { outcome: 'dead'; error: string } | { outcome: 'sent'; messageIds: string[] } | { outcome: 'retry'; error: string; nextAttemptAt: Date }) =>
      deps.store.recordHelpNotice({ id: notice.id, claimToken: notice.claimToken, at: now(), ...outcome });
    const giveUp = async (error: string) => {
      await record({ outcome: 'dead', error });
      return 'dead' as const;
    };
    const booking = await deps.store.helpBookingById(notice.bookingId);
    if (!booking?.phone) return giveUp('Pas de numéro de téléphone : l’accueil prévient la personne.');
    let text: string;
    try {
      text = helpSmsText(deps.content, booking, notice.kind, deps.publicUrl);
    } catch (error) {
      return giveUp(`Le texte du SMS ne peut pas être écrit : ${(error as Error).message}`);
    }
    const result = await gateway.send({ id: notice.id, to: booking.phone, text });
    if (result.outcome === 'sent') {
      await record({ outcome: 'sent', messageIds: result.messageIds });
      return 'sent';
    }
    if (result.outcome === 'rejected' || notice.attempt >= policy.maxAttempts) return giveUp(`SMS refusé : ${result.reason}`);
    await record({ outcome: 'retry', error: `SMS non envoyé, nouvel essai plus tard : ${result.reason}`, nextAttemptAt: new Date(now().getTime() + retryDelay(notice.attempt, policy)) });
    return 'retried';
  };

  const sendDue = async () => {
    const counts = { sent: 0, retried: 0, dead: 0, lapsed: 0 };
    counts.lapsed = await deps.store.expireHelpOffers(now(), (slot) => offerDeadline(slot, now()));
    // A day after the slot, the number and address have served: they go.
    await deps.store.purgeHelpContacts(new Date(now().getTime() - 86_400_000));
    const gateway = deps.gateway;
    if (!gateway) return counts;
    for (;;) {
      const claimed = await deps.store.claimHelpNotices({ now: now(), limit: batch, leaseMs, channel: 'sms' });
      for (const notice of claimed) {
        const outcome = await attempt(notice, gateway);
        counts[outcome] += 1;
        if (outcome === 'dead') log.warn(`Help SMS ${notice.id} given up.`);
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
      .catch((error: unknown) => log.error('Help notices: a round failed; it is tried again at the next poll.', error))
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
      timer ??= setInterval(run, deps.pollMs ?? 30_000);
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

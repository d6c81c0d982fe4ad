// Sends an acknowledgment (AEE or ARE) to the address the person gave (L112-11): a text part,
// an HTML part and the PDF. Owns one nodemailer SMTP transport, made from the options passed
// in; it connects on the first send and closes in `dispose()`.
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Acknowledgment, Bilingual } from './acknowledgment.ts';
import { isolateText } from '../bidi.ts';
import { renderReceiptHtml, trackingUrl, type Paper } from './html.ts';
import { renderReceiptPdf, type PdfOptions } from './pdf.ts';
import type { AnswerSummary } from './summary.ts';
import { isReceiptLocale, receiptText } from './texts.ts';

export interface ReceiptMailerOptions {
  /** nodemailer SMTP options (host, port, secure, auth…), as the entry file reads them from the environment. */
  smtp: SMTPTransport.Options;
  /** The sender: `"Mairie de Belval-sur-Loire" <ne-pas-repondre@belval-sur-loire.fr>`. */
  from: string;
  /** Where replies go, usually the service's or the town hall's mailbox. */
  replyTo?: string;
  /** Public address of the server, for the tracking link and QR code. */
  publicUrl: string;
  /** Paper of the attached PDF; A4 by default. */
  paper?: Paper;
  /** Fonts for the PDF, when not the packaged ones. */
  fonts?: PdfOptions['fonts'];
}

export interface SentReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export interface ReceiptMailer {
  /** Sends the acknowledgment to `to`, or to the address the person gave (`ack.recipient`). */
  send(ack: Acknowledgment, options?: { to?: string; pdf?: Uint8Array; summary?: AnswerSummary; next?: Bilingual }): Promise<SentReceipt>;
  /** Closes the SMTP connections. */
  dispose(): void;
}

function both(value: Bilingual, side: 'fr' | 'local'): string {
  return (side === 'fr' ? value.fr : value.local ?? value.fr) || '—';
}

/**
 * The acknowledgment as plain text, French first then the person's language: the text part
 * of the email, and what a screen reader in a mail client reads when it does not render HTML.
 *
 * @example renderReceiptText(ack, 'https://guichet.belval-sur-loire.fr').split('\n')[0] // 'Commune de Belval-sur-Loire'
 */
export function renderReceiptText(ack: Acknowledgment, publicUrl: string): string {
  const url = trackingUrl(publicUrl, ack.reference);
  const part = (side: 'fr' | 'local'): string[] => {
    const locale = side === 'fr' ? 'fr' : isReceiptLocale(ack.locale) ? ack.locale : 'fr';
    const lines = [both(ack.town, side), both(ack.title, side), '', `${receiptText(locale, 'label.reference')} : ${ack.reference}`];
    for (const section of ack.sections) {
      const heading = both(section.heading, side);
      lines.push('', heading, '='.repeat(Math.min(heading.length, 60)));
      for (const item of section.mentions) lines.push(`${both(item.label, side)} : ${isolateText(both(item.value, side))}`);
    }
    lines.push('');
    for (const note of ack.notes) lines.push(both(note, side));
    lines.push('', `${receiptText(locale, 'tracking')} : ${url}`);
    return lines;
  };
  const lines = part('fr');
  if (ack.translated) lines.push('', '----------------------------------------', '', ...part('local'));
  return `${lines.join('\n')}\n`;
}

function subject(ack: Acknowledgment): string {
  const key = ack.kind === 'receipt' ? 'email.subject.receipt' : 'email.subject.registration';
  const fr = receiptText('fr', key, { reference: ack.reference });
  return ack.translated && isReceiptLocale(ack.locale) ? `${fr} / ${receiptText(ack.locale, key, { reference: ack.reference })}` : fr;
}

/**
 * A mailer for acknowledgments over SMTP. Construction opens nothing.
 *
 * @example
 * const mailer = createReceiptMailer({ smtp: { host: 'localhost', port: 25 }, from: 'mairie@example.fr', publicUrl });
 * await mailer.send(buildReceipt(submission, context));
 * mailer.dispose();
 */
export function createReceiptMailer(options: ReceiptMailerOptions): ReceiptMailer {
  const transport = createTransport(options.smtp);
  return {
    async send(ack, sendOptions = {}) {
      const to = sendOptions.to ?? ack.recipient;
      if (!to) throw new Error(`Acknowledgment ${ack.reference} has no email address to go to`);
      // The copy of the answers and the next step when the person asked for a copy; never the
      // tracking code, which an email does not carry.
      const render = {
        publicUrl: options.publicUrl,
        paper: options.paper ?? 'a4',
        ...(options.fonts ? { fonts: options.fonts } : {}),
        ...(sendOptions.summary ? { summary: sendOptions.summary } : {}),
        ...(sendOptions.next ? { next: sendOptions.next } : {}),
      };
      const [html, pdf] = await Promise.all([renderReceiptHtml(ack, render), sendOptions.pdf ?? renderReceiptPdf(ack, render)]);
      const attachmentNote = ack.translated && isReceiptLocale(ack.locale)
        ? `${receiptText('fr', 'email.attachment')}\n${receiptText(ack.locale, 'email.attachment')}`
        : receiptText('fr', 'email.attachment');
      const name = ack.kind === 'receipt' ? 'accuse-de-reception' : 'accuse-d-enregistrement';
      const info = await transport.sendMail({
        from: options.from,
        to,
        ...(options.replyTo ? { replyTo: options.replyTo } : {}),
        subject: subject(ack),
        text: `${attachmentNote}\n\n${renderReceiptText(ack, options.publicUrl)}`,
        html,
        headers: {
          // RFC 3834: an automatic message, so that out-of-office replies stay away.
          'Auto-Submitted': 'auto-generated',
          'Content-Language': ack.translated ? `fr, ${ack.lang}` : 'fr',
        },
        attachments: [{ filename: `${name}-${ack.reference}.pdf`, content: Buffer.from(pdf), contentType: 'application/pdf' }],
      });
      const addresses = (list: unknown): string[] =>
        Array.isArray(list) ? list.map((entry) => (typeof entry === 'string' ? entry : String((entry as { address?: string }).address))) : [];
      return { messageId: info.messageId, accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
    },
    dispose() {
      transport.close();
    },
  };
}

// The SMTP connector: one email per delivery to a service mailbox, readable by an agent
// (answers as a table, the files attached) and by a program (the JSON document attached).
// It owns one nodemailer transport; each delivery opens and closes its own connection.

import { createTransport } from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import { TOWN_TIME_ZONE } from '../../../content/model/index.ts';
import { isolateText } from '../../bidi.ts';
import { formatSeconds, interruption, startAttempt } from './attempt.ts';
import { loadDelivery, toSubmissionDocument } from './document.ts';
import type { Connector, Delivery, DeliveryOutcome } from './types.ts';

export interface SmtpConnectorOptions {
  host: string;
  port: number;
  /** True for implicit TLS (port 465); false for a plain connection that upgrades with STARTTLS when offered. */
  secure: boolean;
  /** Refuse to send when a plain connection cannot be upgraded with STARTTLS (answers carry personal data). */
  requireTLS?: boolean;
  auth?: { user: string; pass: string };
  /** The sender, such as `Guichet <guichet@belval-sur-loire.fr>`; its domain also names the Message-ID. */
  from: string;
  /** The service mailbox, or several. */
  to: string | string[];
  /** Longest wait for one delivery, connection included. Defaults to 30 s. */
  timeoutMs?: number;
  /** Time zone of the date of receipt written in the email. Defaults to Paris. */
  timeZone?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const PEER = 'Le serveur de messagerie';

/**
 * Creates a connector that emails each submission to a service mailbox. Construction opens no
 * connection. Outcomes: `delivered` once the server accepts the message (250 after DATA);
 * `rejected` on a permanent SMTP refusal (5xx other than 503); `retry` on 4xx, 503, connection
 * failures, authentication failures (a configuration fix makes them go through) and timeouts.
 *
 * @example
 * const connector = createSmtpConnector({
 *   host: 'smtp.belval-sur-loire.fr', port: 587, secure: false, requireTLS: true,
 *   auth: { user: 'guichet', pass: env.GUICHET_SMTP_PASSWORD },
 *   from: 'Guichet <guichet@belval-sur-loire.fr>', to: 'etat-civil@belval-sur-loire.fr',
 * });
 * const result = await connector.deliver(delivery);
 */
export function createSmtpConnector(options: SmtpConnectorOptions): Connector {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeZone = options.timeZone ?? TOWN_TIME_ZONE;
  const server = `${options.host}:${options.port}`;
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: options.requireTLS ?? false,
    ...(options.auth ? { auth: { user: options.auth.user, pass: options.auth.pass } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // A silent server never closes its side: after QUIT or an abort, give it one second, not five.
    socketCloseTimeout: 1_000,
  });
  let disposed = false;

  return {
    name: 'smtp',
    timeoutMs,
    async deliver(delivery, deliverOptions = {}) {
      if (disposed)
        return { outcome: 'retry', reason: "Le connecteur de messagerie est arrêté ; l'envoi sera refait." };
      const attempt = startAttempt(timeoutMs, deliverOptions.signal);
      try {
        const loaded = await loadDelivery(delivery);
        if (!loaded.ok) return loaded.outcome;
        const document = toSubmissionDocument(delivery, loaded, (file) => ({ file: file.name }));
        const { submission } = delivery;
        const receivedAt = formatReceivedAt(submission.receivedAt, timeZone);
        const info = await transport.sendMail({
          from: options.from,
          to: options.to,
          subject: `[Guichet] ${submission.procedureTitle} – ${submission.reference}`,
          messageId: messageIdFor(delivery.idempotencyKey, options.from),
          headers: {
            'X-Guichet-Idempotency-Key': delivery.idempotencyKey,
            'X-Guichet-Reference': submission.reference,
          },
          text: textBody(delivery, receivedAt, loaded.documentName),
          html: htmlBody(delivery, receivedAt, loaded.documentName),
          attachments: [
            ...loaded.attachments.map((file) => ({
              filename: file.name,
              contentType: file.type,
              content: Buffer.from(file.bytes),
            })),
            ...(loaded.receipt
              ? [
                  {
                    filename: loaded.receipt.name,
                    contentType: 'application/pdf',
                    content: Buffer.from(loaded.receipt.bytes),
                  },
                ]
              : []),
            {
              filename: loaded.documentName,
              contentType: 'application/json; charset=utf-8',
              content: JSON.stringify(document, null, 2),
            },
          ],
          signal: attempt.signal,
        });
        const refused = info.rejected.length > 0 ? ` ; refusé pour ${info.rejected.join(', ')}` : '';
        return {
          outcome: 'delivered',
          detail: `Accepté par ${server} pour ${info.accepted.join(', ')}${refused} (${shorten(info.response)}).`,
        };
      } catch (error) {
        if (attempt.signal.aborted)
          return { outcome: 'retry', reason: interruption(attempt, `${PEER} ${server}`, timeoutMs) };
        return classify(error as NodemailerError, server, timeoutMs);
      } finally {
        attempt.end();
      }
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      transport.close();
    },
  };
}

/** Maps a nodemailer error to an outcome; RFC 5321 reply classes decide, as nodemailer reads them. */
function classify(error: NodemailerError, server: string, timeoutMs: number): DeliveryOutcome {
  const reply = error.response ? ` (${shorten(error.response)})` : '';
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH') {
    return {
      outcome: 'retry',
      reason: `${PEER} ${server} refuse l'identifiant ou le mot de passe de Guichet${reply} : vérifiez la configuration.`,
    };
  }
  if (typeof error.responseCode === 'number') {
    const permanent = error.permanent ?? (error.responseCode >= 500 && error.responseCode !== 503);
    return permanent
      ? { outcome: 'rejected', reason: `${PEER} ${server} a refusé le message${reply}.` }
      : { outcome: 'retry', reason: `${PEER} ${server} demande de réessayer plus tard${reply}.` };
  }
  const cause = error.originalCode ?? error.code;
  switch (cause) {
    case 'ETIMEDOUT':
      return {
        outcome: 'retry',
        reason: `${PEER} ${server} ne répond pas (délai de ${formatSeconds(timeoutMs)} dépassé).`,
      };
    case 'ECONNREFUSED':
      return { outcome: 'retry', reason: `${PEER} ${server} refuse la connexion (service arrêté ?).` };
    case 'ECONNRESET':
    case 'ECONNECTION':
      return { outcome: 'retry', reason: `${PEER} ${server} a coupé la connexion avant la fin de l'envoi.` };
    case 'EDNS':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { outcome: 'retry', reason: `Le nom du serveur de messagerie « ${server} » est introuvable (DNS).` };
    case 'ETLS':
      return {
        outcome: 'retry',
        reason: `La connexion chiffrée (TLS) avec ${server} a échoué : ${shorten(error.message)}.`,
      };
    default:
      return {
        outcome: 'retry',
        reason: `L'envoi à ${server} a échoué (${cause ?? 'erreur'} : ${shorten(error.message)}).`,
      };
  }
}

/**
 * The Message-ID of a delivery: the same on every retry, so the mailbox (and an agent) can
 * recognise a duplicate sent after a lost acknowledgment.
 *
 * @example messageIdFor('0b9e…', 'Guichet <guichet@belval-sur-loire.fr>') // '<0b9e….guichet@belval-sur-loire.fr>'
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'guichet.invalid';
  return `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '_')}.guichet@${domain}>`;
}

/**
 * The date of receipt as a French reader writes it, in the town's time.
 *
 * @example formatReceivedAt('2026-03-03T13:05:00Z', 'Europe/Paris') // 'mardi 3 mars 2026 à 14:05'
 */
export function formatReceivedAt(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(date);
}

function textBody(delivery: Delivery, receivedAt: string, documentName: string): string {
  const { submission } = delivery;
  const lines = [
    'Une demande a été déposée sur Guichet.',
    '',
    `Démarche : ${submission.procedureTitle}`,
    `Référence : ${submission.reference}`,
    `Reçue le : ${receivedAt}`,
    ...(submission.channel ? [`Canal : ${submission.channel}`] : []),
    '',
    'Réponses',
    '--------',
    ...submission.answerRows.map((row) => `${row.label} : ${isolateText(row.value.replace(/\n/g, '\n    '))}`),
    '',
    delivery.attachments.length > 0
      ? `Pièces jointes : ${delivery.attachments.map((a) => isolateText(a.filename)).join(', ')}`
      : 'Pièces jointes : aucune',
    `La demande complète est jointe au format JSON (${documentName}).`,
    '',
    `Identifiant d'envoi : ${delivery.idempotencyKey}`,
    'Un autre message portant le même identifiant est un doublon de celui-ci.',
  ];
  return `${lines.join('\n')}\n`;
}

function htmlBody(delivery: Delivery, receivedAt: string, documentName: string): string {
  const { submission } = delivery;
  const cell = 'style="text-align:left;vertical-align:top;padding:4px 12px 4px 0;border-bottom:1px solid #ddd"';
  const rows = submission.answerRows
    .map(
      (row) =>
        `<tr><th scope="row" ${cell}>${escapeHtml(row.label)}</th><td dir="auto" ${cell}>${escapeHtml(row.value).replace(/\n/g, '<br>')}</td></tr>`,
    )
    .join('\n');
  const files =
    delivery.attachments.length > 0
      ? `<ul>${delivery.attachments.map((a) => `<li><bdi>${escapeHtml(a.filename)}</bdi></li>`).join('')}</ul>`
      : '<p>Aucune.</p>';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(submission.procedureTitle)} – ${escapeHtml(submission.reference)}</title></head>
<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.4;color:#161616">
<p>Une demande a été déposée sur Guichet.</p>
<dl>
<dt style="font-weight:bold">Démarche</dt><dd>${escapeHtml(submission.procedureTitle)}</dd>
<dt style="font-weight:bold">Référence</dt><dd>${escapeHtml(submission.reference)}</dd>
<dt style="font-weight:bold">Reçue le</dt><dd>${escapeHtml(receivedAt)}</dd>
${submission.channel ? `<dt style="font-weight:bold">Canal</dt><dd>${escapeHtml(submission.channel)}</dd>\n` : ''}</dl>
<table style="border-collapse:collapse">
<caption style="text-align:left;font-weight:bold;padding:8px 0">Réponses</caption>
${rows}
</table>
<h2 style="font-size:16px">Pièces jointes</h2>
${files}
<p>La demande complète est jointe au format JSON (${escapeHtml(documentName)}).</p>
<p style="color:#555">Identifiant d'envoi : ${escapeHtml(delivery.idempotencyKey)}. Un autre message portant le même identifiant est un doublon de celui-ci.</p>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A server reply trimmed for the console: one line, at most 160 characters. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

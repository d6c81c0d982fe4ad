import { useEffect, useState } from 'preact/hooks';
import type { Content, Procedure } from '../../../content/model/index.ts';
import { askForCopy, sentReceiptPageUrl } from '../api/client.ts';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { Redirect } from '../components/redirect.tsx';
import { SavedConfirmation } from './saved-confirmation.tsx';
import { SatisfactionQuestion } from './satisfaction-question.tsx';
import { locale, t, text } from '../i18n/i18n.ts';
import { active } from '../journey/session.ts';
import { kioskSession } from '../session/kiosk-session.ts';
import { paperOf } from '../tracking/paper.ts';
import { forgetPrintedReceipt, printReceipt } from '../tracking/print-receipt.ts';
import type { Attachment, Receipt } from '../journey/journey.ts';
import { answerLines } from '../journey/answer-lines.ts';
import type { Answers } from '../../../content/model/index.ts';

/** Whether the person gave an email address, where a copy can go (the server sends it there only). */
function contactEmail(procedure: Procedure, answers: Answers): boolean {
  return procedure.steps.some((step) =>
    step.fields.some((field) => field.type === 'email' && typeof answers[field.id] === 'string' && String(answers[field.id]).trim() !== ''),
  );
}

/**
 * "Imprimer mon reçu": the acknowledgment with the tracking code, what comes next and the copy
 * of the answers, printed from the server's page in a hidden frame on the terminal's paper.
 */
/**
 * The server knows a request's files by number only; the terminal still has their names and
 * sizes, which never leave it: they are written into the printed copy of the answers, in each
 * part's language, just before it prints.
 */
function fileNamesInto(page: Document, procedure: Procedure, answers: Answers, attachments: readonly Attachment[]): void {
  for (const field of procedure.steps.flatMap((step) => step.fields)) {
    if (field.type !== 'file' || answers[field.id] === undefined) continue;
    for (const value of page.querySelectorAll(`section.summary [data-field="${field.id}"] dd`)) {
      const code = value.closest('section.translation') ? locale.peek() : 'fr';
      const lines = answerLines(field, answers[field.id], code, attachments).map((line) => {
        const span = page.createElement('span');
        span.className = 'summary-line';
        span.dir = 'auto';
        span.textContent = line;
        return span;
      });
      value.replaceChildren(...lines);
    }
  }
}

function TakeAway({
  receipt,
  content,
  email,
  prepare,
}: {
  receipt: Receipt;
  content: Content;
  email: boolean;
  prepare: (page: Document) => void;
}) {
  const [printed, setPrinted] = useState<'' | 'printing' | 'failed'>('');
  const [copied, setCopied] = useState<'' | 'sending' | 'sent' | 'failed'>('');
  const copy = async () => {
    setCopied('sending');
    setCopied((await askForCopy(receipt, 'email')) ? 'sent' : 'failed');
  };
  useEffect(() => forgetPrintedReceipt, []);
  const print = async () => {
    setPrinted('');
    setPrinted((await printReceipt(sentReceiptPageUrl(receipt, paperOf(content.site)), t('done.takeAwayHeading'), document, prepare)) ? 'printing' : 'failed');
  };
  return (
    <section class="take-away" aria-labelledby="take-away-heading">
      <h2 id="take-away-heading">{t('done.takeAwayHeading')}</h2>
      <p id="print-hint">{t('done.printHint')}</p>
      <p class="actions">
        <button type="button" class="button button--primary" onClick={() => void print()} aria-describedby="print-hint">
          <Pictogram name="print" />
          {t('done.print')}
        </button>
      </p>
      <p class="status" role="status">
        {printed ? t(printed === 'printing' ? 'done.printing' : 'done.printFailed') : ''}
      </p>
      {email ? (
        <>
          <p id="copy-hint">{t('done.copyHint')}</p>
          <p class="actions">
            <button type="button" class="button button--secondary" onClick={() => void copy()} aria-describedby="copy-hint">
              <Pictogram name="send" />
              {t('done.copy')}
            </button>
          </p>
          <p class="status" role="status">
            {copied === 'sent' ? t('done.copySent') : copied === 'failed' ? t('done.copyFailed') : ''}
          </p>
        </>
      ) : null}
    </section>
  );
}

export function DoneScreen({ content, procedure }: { content: Content; procedure: Procedure }) {
  const journey = active.value?.journey;
  const submission = journey?.procedure.id === procedure.id ? journey.submission.value : undefined;
  if (submission?.status !== 'sent' && submission?.status !== 'saved') return <Redirect to={{ name: 'home' }} />;
  const service = content.site.services.find((s) => s.id === procedure.legal?.service);
  // The same end as the banner's "Terminer et effacer": answers, receipt, settings, history.
  const finish = () => kioskSession.end('finished');
  // Saved on this terminal only: the truth, a provisional number, how the receipt will come.
  if (submission.status === 'saved')
    return <SavedConfirmation content={content} procedure={procedure} submission={submission} answers={journey!.answers.value} attachments={Object.values(journey!.attachments.value)} onFinish={finish} />;
  const { receipt } = submission;
  return (
    <Page title={t('done.title')} town={content.site.town}>
      <div class="panel">
        <Pictogram name="check" size="large" />
        <Heading>{t('done.title')}</Heading>
        <p class="panel__code">
          <span class="panel__label">{t('done.reference')}</span>{' '}
          <strong class="panel__value" dir="ltr">
            {receipt.reference}
          </strong>
        </p>
        <p class="panel__code">
          <span class="panel__label">{t('done.trackingCode')}</span>{' '}
          <strong class="panel__value" dir="ltr" data-private="">
            {receipt.trackingCode}
          </strong>
        </p>
      </div>
      <p>{t('done.keep')}</p>
      {submission.provisional ? <p>{t('done.replacesProvisional', { provisional: submission.provisional })}</p> : null}
      <h2>{t('done.nextHeading')}</h2>
      <p>{t('done.next', { service: service ? text(service.name) : t('app.townHall', { town: content.site.town }) })}</p>
      <TakeAway
        receipt={receipt}
        content={content}
        email={contactEmail(procedure, journey!.answers.value)}
        prepare={(page) => fileNamesInto(page, procedure, journey!.answers.value, Object.values(journey!.attachments.value))}
      />
      <SatisfactionQuestion />
      <p class="actions">
        <button type="button" class="button button--secondary" onClick={finish} aria-describedby="finish-hint">
          <Pictogram name="check" />
          {t('done.finish')}
        </button>
      </p>
      <p id="finish-hint" class="hint">
        {t('done.finishHint')}
      </p>
    </Page>
  );
}

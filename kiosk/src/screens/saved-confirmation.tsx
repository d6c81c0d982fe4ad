import { useEffect, useState } from 'preact/hooks';
import { TOWN_TIME_ZONE, visibleSteps, type Answers, type Content, type Procedure } from '../../../content/model/index.ts';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { dirOf, formatLocale, langOf, locale, t, text, textIn, tIn } from '../i18n/i18n.ts';
import { answerLines } from '../journey/answer-lines.ts';
import type { Attachment, Submission } from '../journey/journey.ts';
import { forgetPrintedPaper, printPaper } from '../tracking/print-paper.ts';

function pressedAt(submission: Extract<Submission, { status: 'saved' }>, code: string): string {
  return new Intl.DateTimeFormat(formatLocale(code), { dateStyle: 'long', timeStyle: 'short', timeZone: TOWN_TIME_ZONE }).format(
    new Date(submission.pressedSendAt),
  );
}

interface PaperProps {
  content: Content;
  procedure: Procedure;
  submission: Extract<Submission, { status: 'saved' }>;
  answers: Answers;
  attachments: readonly Attachment[];
}

/**
 * The provisional paper: says plainly it is not an acknowledgment of receipt yet, the
 * provisional number reception finds the request by, the moment Send was pressed, and the copy
 * of the answers (fields marked `copy: false` left out): in the person's language, then in
 * French, each part with its own `lang` and `dir`.
 */
export function ProvisionalPaper({ content, procedure, submission, answers, attachments }: PaperProps) {
  const code = locale.peek();
  const sides = code === 'fr' ? ['fr'] : [code, 'fr'];
  const steps = visibleSteps(procedure, answers);
  const withheld = steps.some((step) => step.fields.some((field) => field.copy === false));
  return (
    <>
      {sides.map((side) => (
        <section class="print-paper__part" lang={langOf(side)} dir={dirOf(side)} key={side}>
          <p>{tIn(side, 'app.townHall', { town: content.site.town })}</p>
          <h1>{tIn(side, 'saved.paper.title')}</h1>
          <p>
            {tIn(side, 'saved.provisional')}{' '}
            <strong class="print-paper__code" dir="ltr">
              {submission.provisional}
            </strong>
          </p>
          <p>
            <strong>{textIn(side, procedure.title)}</strong>
          </p>
          <p>{tIn(side, 'saved.paper.notYet')}</p>
          <p>{tIn(side, 'saved.pressedSendAt', { when: pressedAt(submission, side) })}</p>
          <h2>{tIn(side, 'saved.paper.summaryHeading')}</h2>
          <dl>
            {steps.flatMap((step) =>
              step.fields
                .filter((field) => field.copy !== false)
                .map((field) => (
                  <div class="print-paper__row" key={field.id}>
                    <dt>{textIn(side, step.fields.length === 1 ? step.title : field.label)}</dt>
                    <dd>
                      {answerLines(field, answers[field.id], side, attachments).map((line, index) => (
                        <span class="print-paper__line" dir="auto" key={index}>
                          {line}
                        </span>
                      ))}
                    </dd>
                  </div>
                )),
            )}
          </dl>
          {withheld ? <p>{tIn(side, 'saved.paper.withheld')}</p> : null}
        </section>
      ))}
    </>
  );
}

/** Whether the person gave an email address, where the acknowledgments will be sent (L112-11). */
function gaveEmail(procedure: Procedure, answers: Answers): boolean {
  return procedure.steps.some((step) =>
    step.fields.some((field) => field.type === 'email' && typeof answers[field.id] === 'string' && String(answers[field.id]).trim() !== ''),
  );
}

/**
 * The confirmation while the request is only on this terminal (legal.md, offline kiosk): it is
 * saved here, not received by the town hall yet; a provisional number; the moment the person
 * pressed Send; how the official receipt will reach them. When the outbox sends it, the done
 * screen shows the reference instead and the shell's status region announces it.
 */
export function SavedConfirmation({
  content,
  procedure,
  submission,
  answers,
  attachments = [],
  onFinish,
}: {
  content: Content;
  procedure: Procedure;
  submission: Extract<Submission, { status: 'saved' }>;
  answers: Answers;
  attachments?: readonly Attachment[];
  onFinish: () => void;
}) {
  const service = content.site.services.find((s) => s.id === procedure.legal?.service);
  const when = pressedAt(submission, locale.value);
  const [printing, setPrinting] = useState(false);
  useEffect(() => () => forgetPrintedPaper(), []);
  const print = () => {
    setPrinting(true);
    printPaper(<ProvisionalPaper content={content} procedure={procedure} submission={submission} answers={answers} attachments={attachments} />);
  };
  return (
    <Page title={t('saved.title')} town={content.site.town}>
      <div class="panel panel--saved">
        <Pictogram name="clock" size="large" />
        <Heading>{t('saved.title')}</Heading>
        <p class="panel__code">
          <span class="panel__label">{t('saved.provisional')}</span>{' '}
          <strong class="panel__value" dir="ltr">
            {submission.provisional}
          </strong>
        </p>
      </div>
      <p>{t('saved.notSent')}</p>
      <p>{t('saved.willSend')}</p>
      <p>{t('saved.pressedSendAt', { when })}</p>
      <h2>{t('saved.receiptHeading')}</h2>
      <p>{gaveEmail(procedure, answers) ? t('saved.receiptByEmail') : t('saved.receiptAtReception')}</p>
      <p>{t('saved.keep')}</p>
      <p>{t('done.next', { service: service ? text(service.name) : t('app.townHall', { town: content.site.town }) })}</p>
      <section class="take-away" aria-labelledby="take-away-heading">
        <h2 id="take-away-heading">{t('done.takeAwayHeading')}</h2>
        <p id="print-hint">{t('saved.printHint')}</p>
        <p class="actions">
          <button type="button" class="button button--primary" onClick={print} aria-describedby="print-hint">
            <Pictogram name="print" />
            {t('saved.print')}
          </button>
        </p>
        <p class="status" role="status">
          {printing ? t('saved.printing') : ''}
        </p>
      </section>
      <p class="actions">
        <button type="button" class="button button--secondary" onClick={onFinish} aria-describedby="finish-hint">
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

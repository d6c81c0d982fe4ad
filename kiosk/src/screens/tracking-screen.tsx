import { useEffect, useMemo, useState } from 'preact/hooks';
import { TOWN_TIME_ZONE, roundOf, type Content, type NamedPiece } from '../../../content/model/index.ts';
import { receiptPageUrl, type Tracking } from '../api/client.ts';
import { errorIdOf, inputIdOf } from '../components/error-message.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { formatLocale, langOf, locale, t, text } from '../i18n/i18n.ts';
import type { JourneyError } from '../journey/journey.ts';
import { pathOf } from '../router/routes.ts';
import { navigate } from '../router/history.ts';
import { startCompletion } from '../journey/session.ts';
import { currentScreenParts } from '../speech/announce.ts';
import { speakParts } from '../speech/speech.ts';
import { paperOf } from '../tracking/paper.ts';
import { forgetPrintedReceipt, printReceipt } from '../tracking/print-receipt.ts';
import { CODE_FIELD, REFERENCE_FIELD, createTracking, type TrackingLookup, type TrackingState } from '../tracking/tracking.ts';
import '../styles/tracking.css';

/** The message of a look-up that failed, for the error summary; none while it has not. */
function failureOf(state: TrackingState): JourneyError[] {
  switch (state.kind) {
    case 'notFound':
      return [{ field: REFERENCE_FIELD, code: 'required', key: 'tracking.errors.notFound' }];
    case 'tooManyTries':
      // A plural text: `errorText` looks the bare key up, which only its `_one`/`_other` forms have.
      return [{ field: '', code: 'required', key: 'tracking.errors.tooManyTries', message: t('tracking.errors.tooManyTries', { count: state.minutes }) }];
    case 'unreachable':
      return [{ field: '', code: 'required', key: 'tracking.errors.unreachable' }];
    default:
      return [];
  }
}

/** A new view of the same address (form to result and back) is said like a new screen. */
function useSaidOnArrival(say: boolean) {
  useEffect(() => {
    if (!say) return;
    const timer = setTimeout(() => speakParts(currentScreenParts()), 120);
    return () => clearTimeout(timer);
  }, []);
}

/** "14 juillet 2026 à 10:32", in the town's time, in the screen's language. */
export function writtenDateTime(iso: string, localeTag: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag, { dateStyle: 'long', timeStyle: 'short', timeZone: TOWN_TIME_ZONE }).format(date);
}

function TrackingForm({ lookup, town, said }: { lookup: TrackingLookup; town: string; said: boolean }) {
  useSaidOnArrival(said);
  const state = lookup.state.value;
  const typed = lookup.errors.value;
  const errors = useMemo(() => (typed.length ? typed : failureOf(state)), [typed, state]);
  const notFound = state.kind === 'notFound';
  const errorOf = (field: string) => typed.find((e) => e.field === field);
  const send = () => void lookup.submit(locale.peek());
  const field = (name: string, label: string, hint: string, value: string, onInput: (v: string) => void, secret = false) => {
    const id = inputIdOf(name);
    const error = errorOf(name);
    return (
      <div class={`field${error ? ' field--error' : ''}`}>
        <label class="field__label" for={id}>
          {label}
        </label>
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
        {error ? (
          <p id={errorIdOf(name)} class="field-error">
            <span class="visually-hidden">{t('app.errorPrefix')}</span> {t(error.key)}
          </p>
        ) : null}
        <input
          id={id}
          name={name}
          type="text"
          class={`input ${secret ? 'input--code' : 'input--reference'}${error || notFound ? ' input--error' : ''}`}
          value={value}
          onInput={(event) => onInput((event.currentTarget as HTMLInputElement).value)}
          autocomplete="off"
          inputMode="text"
          autocapitalize="characters"
          autocorrect="off"
          spellcheck={false}
          dir="ltr"
          aria-describedby={[`${id}-hint`, error && errorIdOf(name), notFound && 'tracking-match-error'].filter(Boolean).join(' ')}
          aria-invalid={error || notFound ? 'true' : undefined}
          // The code is a secret: read-aloud never says it (speech/read-screen.ts skips data-private).
          data-private={secret ? '' : undefined}
        />
      </div>
    );
  };
  return (
    <Page title={t('tracking.title')} town={town} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} targetOf={(error) => (error.field ? inputIdOf(error.field) : undefined)} />
      {state.kind === 'unreachable' ? (
        <p class="actions">
          <button type="button" class="button button--primary" onClick={send}>
            <Pictogram name="repeat" />
            {t('tracking.retry')}
          </button>
        </p>
      ) : null}
      <Heading>{t('tracking.title')}</Heading>
      <p class="lead">{t('tracking.lead')}</p>
      <form
        class="tracking-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <div class={`tracking-form__pair${notFound ? ' field--error' : ''}`}>
          {notFound ? (
            <p id="tracking-match-error" class="field-error">
              <span class="visually-hidden">{t('app.errorPrefix')}</span> {t('tracking.errors.notFound')}
            </p>
          ) : null}
          {field(REFERENCE_FIELD, t('tracking.reference'), t('tracking.referenceHint'), lookup.reference.value, (v) => (lookup.reference.value = v))}
          {field(CODE_FIELD, t('tracking.code'), t('tracking.codeHint'), lookup.code.value, (v) => (lookup.code.value = v), true)}
        </div>
        <p class="status" role="status">
          {state.kind === 'searching' ? t('tracking.searching') : ''}
        </p>
        <div class="actions">
          <button type="submit" class="button button--primary">
            <Pictogram name="document" />
            {t('tracking.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}

type Summary = NonNullable<Tracking['summary']>;
type Life = NonNullable<Tracking['life']>;
type Localized = Partial<Record<string, string>> & { fr: string };

/** "15 janvier 2099", a calendar date in the screen's language. */
function writtenDay(day: string, localeTag: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(localeTag, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** What the service wrote, in the person's language beside the French the law reads. */
function Written({ value }: { value: Localized }) {
  const code = locale.value;
  const own = code === 'fr' ? undefined : value[code];
  return (
    <>
      {own ? (
        <span class="life-text" dir="auto">
          {own}
        </span>
      ) : null}
      <span class="life-text" lang="fr" dir="ltr">
        {value.fr}
      </span>
    </>
  );
}

/**
 * The request's life after sending: where it stands, what is missing and by when (with the way
 * to give it here), the date silence decides, and every step with its date.
 */
function LifeSection({ life, onComplete, attestationUrl }: { life: Life; onComplete: (missing: Life['history'][number]['missing']) => void; attestationUrl: string }) {
  const localeTag = formatLocale();
  const [printed, setPrinted] = useState<'' | 'printing' | 'failed'>('');
  const acceptedBySilence = life.history.some((entry) => entry.status === 'deemed-accepted');
  const printAttestation = async () => {
    setPrinted('');
    setPrinted((await printReceipt(attestationUrl, t('life.attestation'))) ? 'printing' : 'failed');
  };
  const last = life.history[life.history.length - 1];
  const decided = [...life.history].reverse().find((entry) => entry.message !== undefined && entry.status !== 'incomplete');
  return (
    <section class="life" aria-labelledby="life-heading">
      <h2 id="life-heading">{t('life.heading')}</h2>
      <p class="life-status">
        <span class="panel__label">{t('life.now')}</span> <strong>{t(`life.status.${life.status}`)}</strong>
      </p>
      {life.status === 'incomplete' && last?.missing ? (
        <div class="life-missing">
          <h3>{t('life.missingHeading')}</h3>
          <ul>
            {last.missing.map((piece, index) => (
              <li key={index}>
                <Written value={piece.label as Localized} />
              </li>
            ))}
          </ul>
          {last.message ? (
            <p>
              <Written value={last.message as Localized} />
            </p>
          ) : null}
          {life.dates.respondBy ? <p>{t('life.respondBy', { date: writtenDay(life.dates.respondBy, localeTag) })}</p> : null}
          <p class="actions">
            <button type="button" class="button button--primary" onClick={() => onComplete(last.missing)}>
              <Pictogram name="document" />
              {t('life.complete')}
            </button>
          </p>
        </div>
      ) : null}
      {life.dates.implicitDecisionDate && life.dates.implicitDecision ? (
        <p>{t(`life.implicit.${life.dates.implicitDecision}`, { date: writtenDay(life.dates.implicitDecisionDate, localeTag) })}</p>
      ) : null}
      {decided?.message && life.status !== 'incomplete' ? (
        <p class="life-message">
          <span class="panel__label">{t('life.message')}</span> <Written value={decided.message as Localized} />
        </p>
      ) : null}
      {acceptedBySilence ? (
        <div class="life-attestation">
          <p id="attestation-hint">{t('life.attestationHint')}</p>
          <p class="actions">
            <button type="button" class="button button--primary" onClick={() => void printAttestation()} aria-describedby="attestation-hint">
              <Pictogram name="print" />
              {t('life.attestation')}
            </button>
          </p>
          <p class="status" role="status">
            {printed ? t(printed === 'printing' ? 'tracking.result.printing' : 'tracking.result.printFailed') : ''}
          </p>
        </div>
      ) : null}
      <ol class="tracking-history life-history">
        {life.history.map((entry, index) => (
          <li class="tracking-history__item" key={index}>
            <strong>{t(entry.completed ? 'life.status.completed' : `life.status.${entry.status}`)}</strong>{' '}
            <span class="tracking-history__date">{writtenDateTime(entry.at, localeTag)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The copy of the answers the server keeps until the retention purge, in the language the page
 * asked for (the server's French where it has no such texts, marked as French).
 */
function AnswerCopy({ summary }: { summary: Summary }) {
  const say = (value: { fr: string; local?: string }) => value.local ?? value.fr;
  const french = summary.heading.local === undefined && locale.value !== 'fr' ? 'fr' : undefined;
  return (
    <section class="answer-copy" aria-labelledby="answer-copy-heading" lang={french}>
      <h2 id="answer-copy-heading">{say(summary.heading)}</h2>
      <p>{say(summary.lead)}</p>
      <dl class="summary">
        {summary.rows.map((row) => (
          <div class="summary__row" key={row.field}>
            <dt class="summary__key">{say(row.label)}</dt>
            <dd class="summary__value" data-private="">
              {row.lines.map((line, index) => (
                <span class="summary__line" dir={row.typed ? 'auto' : undefined} key={index}>
                  {say(line)}
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
      {summary.withheld ? <p>{say(summary.withheld)}</p> : null}
    </section>
  );
}

function TrackingResult({ content, lookup, tracking, code }: { content: Content; lookup: TrackingLookup; tracking: Tracking; code: string }) {
  useSaidOnArrival(true);
  const [printed, setPrinted] = useState<'' | 'printing' | 'failed'>('');
  const localeTag = formatLocale();
  const procedure = content.procedures.find((p) => p.id === tracking.procedureId);
  const { explanation } = tracking;
  // The server explains in four languages; another site language reads the French, marked as such.
  const explained = explanation.locale === locale.value ? undefined : langOf(explanation.locale);
  const receiptUrl = receiptPageUrl(tracking, code);
  const print = async () => {
    if (!receiptUrl) return;
    setPrinted('');
    setPrinted((await printReceipt(receiptUrl, t('tracking.result.receiptHeading'))) ? 'printing' : 'failed');
  };
  return (
    <Page title={t('tracking.result.title', { reference: tracking.reference })} town={content.site.town}>
      <Heading>{t('tracking.result.heading')}</Heading>
      <div class="panel tracking-result">
        <p class="panel__code">
          <span class="panel__label">{t('tracking.result.reference')}</span>{' '}
          <strong class="panel__value" dir="ltr">
            {tracking.reference}
          </strong>
        </p>
        {procedure ? (
          <p class="panel__code">
            <span class="panel__label">{t('tracking.result.procedure')}</span> <strong>{text(procedure.title)}</strong>
          </p>
        ) : null}
        <p class="tracking-result__status">
          <Pictogram name={tracking.status === 'closed' || tracking.purgedAt ? 'check' : 'clock'} />
          <span>
            <span class="panel__label">{t('tracking.result.status')}</span>{' '}
            <strong lang={explained}>{explanation.status}</strong>
          </span>
        </p>
      </div>
      <h2>{t('tracking.result.nextHeading')}</h2>
      <p lang={explained}>{explanation.next}</p>
      {/* The request's life tells every step once it exists; before, the steps of its sending. */}
      {tracking.life ? null : (
        <>
          <h2>{t('tracking.result.historyHeading')}</h2>
          <ol class="tracking-history">
            {tracking.history.map((step) => (
              <li class="tracking-history__item" key={`${step.status}-${step.at}`}>
                <strong>{t(`tracking.status.${step.status}`)}</strong>{' '}
                <span class="tracking-history__date">{writtenDateTime(step.at, localeTag)}</span>
              </li>
            ))}
            {tracking.purgedAt ? (
              <li class="tracking-history__item">
                <strong>{t('tracking.status.purged')}</strong>{' '}
                <span class="tracking-history__date">{writtenDateTime(tracking.purgedAt, localeTag)}</span>
              </li>
            ) : null}
          </ol>
        </>
      )}
      {tracking.life ? (
        <LifeSection
          life={tracking.life}
          attestationUrl={`/api/submissions/${encodeURIComponent(tracking.reference)}/attestation.html?${new URLSearchParams({ code, paper: paperOf(content.site) })}`}
          onComplete={(missing) => {
            if (!procedure || !missing) return;
            const completion = startCompletion(procedure, missing as NamedPiece[], roundOf(tracking.life!.history), tracking.reference, code, content.site);
            const first = completion.procedure.steps[0];
            if (first) navigate({ name: 'step', procedureId: completion.procedure.id, stepId: first.id });
          }}
        />
      ) : null}
      {tracking.summary ? <AnswerCopy summary={tracking.summary} /> : null}
      <h2>{t('tracking.result.receiptHeading')}</h2>
      {tracking.receipt ? (
        <>
          <p>{t(`tracking.result.receipt.${tracking.receipt.kind}`)}</p>
          <p class="actions">
            <button type="button" class="button button--primary" onClick={() => void print()}>
              <Pictogram name="print" />
              {t('tracking.result.print')}
            </button>
          </p>
          <p class="status" role="status">
            {printed ? t(printed === 'printing' ? 'tracking.result.printing' : 'tracking.result.printFailed') : ''}
          </p>
        </>
      ) : (
        <p>{t('tracking.result.noReceipt')}</p>
      )}
      <p class="actions">
        <button type="button" class="button button--secondary" onClick={() => lookup.again()}>
          <Pictogram name="document" />
          {t('tracking.result.another')}
        </button>
        <Link class="button button--secondary" href={pathOf({ name: 'home' })}>
          <Pictogram name="home" />
          {t('tracking.result.home')}
        </Link>
      </p>
    </Page>
  );
}

/**
 * "Suivre ma demande": the reference and the code (the reference already there when the
 * receipt's QR code opened the page), then where the request stands. What the person typed
 * and what the server said live in this screen only.
 */
export function TrackingScreen({ content, reference }: { content: Content; reference?: string }) {
  const [lookup] = useState(() => createTracking({ reference }));
  const [views, setViews] = useState(0);
  const state = lookup.state.value;
  const lang = locale.value;
  useEffect(() => void lookup.translate(lang), [lang]);
  useEffect(() => forgetPrintedReceipt, []);
  useEffect(() => {
    if (state.kind === 'found') setViews((n) => n + 1);
  }, [state.kind === 'found']);
  if (state.kind === 'found') return <TrackingResult content={content} lookup={lookup} tracking={state.tracking} code={state.code} />;
  return <TrackingForm lookup={lookup} town={content.site.town} said={views > 0} />;
}

import type { ComponentChildren } from 'preact';
import { tIsolated } from '../i18n/isolated.tsx';
import { useState } from 'preact/hooks';
import type { Content } from '../../../content/model/index.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { inputIdOf } from '../components/error-message.ts';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { Redirect } from '../components/redirect.tsx';
import { StaffSignInForm } from '../components/staff-sign-in.tsx';
import { locale, t } from '../i18n/i18n.ts';
import type { JourneyError } from '../journey/journey.ts';
import { navigate } from '../router/history.ts';
import { ASSIST_STEPS, pathOf, type AssistStep } from '../router/routes.ts';
import { DURATIONS, draft, mandate, openMandate, printConsent, updateDraft, type Duration } from '../staff/assisted-session.ts';
import { staff } from '../staff/staff-session.ts';
import { proceduresText, untilText } from '../staff/mandate-texts.ts';

/** The four questions before the session opens; `ready` (print the consent) comes after. */
const QUESTIONS = ASSIST_STEPS.filter((s): s is Exclude<AssistStep, 'ready'> => s !== 'ready');

const missing = (field: string, key: string): JourneyError => ({ field, code: 'required', key });

/** One question of the assisted session's opening: heading, progress, the field, Continue and Back. */
function Question({
  content,
  step,
  errors,
  onContinue,
  submitLabel,
  submitPictogram = 'next',
  children,
}: {
  content: Content;
  step: AssistStep;
  errors: JourneyError[];
  onContinue: () => void;
  submitLabel?: string;
  submitPictogram?: string;
  children: ComponentChildren;
}) {
  const index = QUESTIONS.indexOf(step as (typeof QUESTIONS)[number]);
  const progress = t('step.progress', { current: index + 1, total: QUESTIONS.length });
  const previous = QUESTIONS[index - 1];
  const back = previous ? pathOf({ name: 'assist', step: previous }) : pathOf({ name: 'mediation' });
  return (
    <Page title={`${progress} – ${t(`mediation.${step}.title`)}`} town={content.site.town} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} targetOf={(error) => inputIdOf(error.field)} />
      <p class="progress">{progress}</p>
      <form
        class="step-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onContinue();
        }}
      >
        {children}
        <div class="actions actions--step">
          <button type="submit" class="button button--primary">
            {submitPictogram === 'next' ? null : <Pictogram name={submitPictogram} />}
            {submitLabel ?? t('step.continue')}
            {submitPictogram === 'next' ? <Pictogram name="next" /> : null}
          </button>
          <Link class="button button--secondary" href={back}>
            <Pictogram name="back" />
            {t('step.back')}
          </Link>
        </div>
      </form>
    </Page>
  );
}

function FieldError({ field, error }: { field: string; error: JourneyError | undefined }) {
  if (!error) return null;
  return (
    <p id={`${inputIdOf(field)}-error`} class="field-error">
      <span class="visually-hidden">{t('app.errorPrefix')}</span> {t(error.key)}
    </p>
  );
}

function ResidentStep({ content }: { content: Content }) {
  const [errors, setErrors] = useState<JourneyError[]>([]);
  const [name, setName] = useState(draft.value.residentName ?? '');
  const id = inputIdOf('residentName');
  const error = errors[0];
  return (
    <Question
      content={content}
      step="resident"
      errors={errors}
      onContinue={() => {
        if (!name.trim()) return setErrors([missing('residentName', 'mediation.resident.missing')]);
        updateDraft({ residentName: name.trim() });
        navigate({ name: 'assist', step: 'procedures' });
      }}
    >
      <div class={`field${error ? ' field--error' : ''}`}>
        <h1 id="page-heading" class="page-heading" tabIndex={-1}>
          <label for={id}>{t('mediation.resident.title')}</label>
        </h1>
        <p class="hint" id={`${id}-hint`}>
          {t('mediation.resident.hint')}
        </p>
        <FieldError field="residentName" error={error} />
        <input
          id={id}
          name="residentName"
          class="input input--wide"
          type="text"
          autocomplete="off"
          spellcheck={false}
          value={name}
          onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)}
          aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
    </Question>
  );
}

function ProceduresStep({ content }: { content: Content }) {
  const [errors, setErrors] = useState<JourneyError[]>([]);
  const [chosen, setChosen] = useState(new Set(draft.value.procedureIds ?? []));
  const procedures = content.procedures.filter((p) => p.audience === 'resident');
  const id = inputIdOf('procedureIds');
  const error = errors[0];
  return (
    <Question
      content={content}
      step="procedures"
      errors={errors}
      onContinue={() => {
        if (chosen.size === 0) return setErrors([missing('procedureIds', 'mediation.procedures.missing')]);
        updateDraft({ procedureIds: procedures.map((p) => p.id).filter((p) => chosen.has(p)) });
        navigate({ name: 'assist', step: 'until' });
      }}
    >
      <div class={`field${error ? ' field--error' : ''}`}>
        <fieldset class="fieldset" aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}>
          <legend class="fieldset__legend fieldset__legend--page">
            <Heading>{t('mediation.procedures.title')}</Heading>
          </legend>
          <p class="hint" id={`${id}-hint`}>
            {t('field.severalChoices')}
          </p>
          <FieldError field="procedureIds" error={error} />
          <div class={`choices${procedures.length > 4 ? ' choices--many' : ''}`}>
            {procedures.map((procedure, index) => (
              <div class="choice-card" key={procedure.id}>
                <input
                  id={index === 0 ? id : `${id}-${index}`}
                  class="choice-card__input"
                  type="checkbox"
                  name="procedureIds"
                  value={procedure.id}
                  checked={chosen.has(procedure.id)}
                  aria-invalid={error ? 'true' : undefined}
                  onChange={(event) => {
                    const next = new Set(chosen);
                    if ((event.currentTarget as HTMLInputElement).checked) next.add(procedure.id);
                    else next.delete(procedure.id);
                    setChosen(next);
                  }}
                />
                <label class="choice-card__label" for={index === 0 ? id : `${id}-${index}`}>
                  <Pictogram name={procedure.pictogram} />
                  <span class="choice-card__text">{proceduresText(content, [procedure.id])}</span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    </Question>
  );
}

function UntilStep({ content }: { content: Content }) {
  const [errors, setErrors] = useState<JourneyError[]>([]);
  const [duration, setDuration] = useState<Duration | undefined>(draft.value.duration);
  const id = inputIdOf('until');
  const error = errors[0];
  const options = Object.keys(DURATIONS) as Duration[];
  return (
    <Question
      content={content}
      step="until"
      errors={errors}
      onContinue={() => {
        if (!duration) return setErrors([missing('until', 'mediation.until.missing')]);
        updateDraft({ duration });
        navigate({ name: 'assist', step: 'consent' });
      }}
    >
      <div class={`field${error ? ' field--error' : ''}`}>
        <fieldset
          class="fieldset"
          role="radiogroup"
          aria-labelledby={`${id}-legend`}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? 'true' : undefined}
        >
          <legend id={`${id}-legend`} class="fieldset__legend fieldset__legend--page">
            <Heading>{t('mediation.until.title')}</Heading>
          </legend>
          <FieldError field="until" error={error} />
          <div class="choices">
            {options.map((option, index) => (
              <div class="choice-card" key={option}>
                <input
                  id={index === 0 ? id : `${id}-${index}`}
                  class="choice-card__input"
                  type="radio"
                  name="until"
                  value={option}
                  checked={duration === option}
                  aria-describedby={`${id}-${option}-hint`}
                  onChange={() => setDuration(option)}
                />
                <label class="choice-card__label" for={index === 0 ? id : `${id}-${index}`}>
                  <Pictogram name={option === 'session' ? 'clock' : 'calendar'} />
                  <span class="choice-card__text">{t(`mediation.until.${option}`)}</span>
                </label>
                <p id={`${id}-${option}-hint`} class="choice-card__hint">
                  {t(`mediation.until.${option}Hint`)}
                </p>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    </Question>
  );
}

function ConsentStep({ content, helper }: { content: Content; helper: string }) {
  const [errors, setErrors] = useState<JourneyError[]>([]);
  const [agreed, setAgreed] = useState(false);
  const [state, setState] = useState<'idle' | 'opening' | 'failed'>('idle');
  const { residentName = '', procedureIds = [], duration = 'session' } = draft.value;
  const id = inputIdOf('consent');
  const error = errors[0];
  const until = duration === 'session' ? t('mediation.untilSession') : t(`mediation.until.${duration}`);
  return (
    <Question
      content={content}
      step="consent"
      errors={errors}
      submitLabel={t('mediation.consent.submit')}
      submitPictogram="check"
      onContinue={async () => {
        if (state === 'opening') return;
        if (!agreed) return setErrors([missing('consent', 'mediation.consent.missing')]);
        setErrors([]);
        setState('opening');
        const opened = await openMandate();
        setState(opened ? 'idle' : 'failed');
        if (opened) navigate({ name: 'assist', step: 'ready' });
      }}
    >
      <div class={`field${error ? ' field--error' : ''}`}>
        <fieldset class="fieldset" aria-describedby={['consent-read', error ? `${id}-error` : ''].filter(Boolean).join(' ')}>
          <legend class="fieldset__legend fieldset__legend--page">
            <Heading>{t('mediation.consent.title')}</Heading>
          </legend>
          <p class="hint">{tIsolated('mediation.consent.lead', { resident: residentName })}</p>
          <div class="consent-read" id="consent-read">
            <p>{tIsolated('mediation.consent.helps', { helper, resident: residentName })}</p>
            <p>{t('mediation.consent.procedures', { procedures: proceduresText(content, procedureIds) })}</p>
            <p>{until}</p>
            <p>{t('mediation.consent.passwords')}</p>
            <p>{t('mediation.consent.stop')}</p>
          </div>
          <FieldError field="consent" error={error} />
          <div class="choice-card choice-card--consent">
            <input
              id={id}
              class="choice-card__input"
              type="checkbox"
              name="consent"
              checked={agreed}
              aria-invalid={error ? 'true' : undefined}
              onChange={(event) => setAgreed((event.currentTarget as HTMLInputElement).checked)}
            />
            <label class="choice-card__label" for={id}>
              <span class="choice-card__text">{tIsolated('mediation.consent.confirm', { resident: residentName })}</span>
            </label>
          </div>
        </fieldset>
      </div>
      <p class="status" role="status">
        {state === 'opening' ? t('mediation.consent.opening') : ''}
      </p>
      {state === 'failed' ? (
        <p class="field-error" role="alert">
          {t('mediation.consent.failed')}
        </p>
      ) : null}
    </Question>
  );
}

function ReadyStep({ content }: { content: Content }) {
  const open = mandate.value!;
  const [printing, setPrinting] = useState<'idle' | 'printing' | 'printed' | 'failed'>('idle');
  return (
    <Page title={t('mediation.ready.title')} town={content.site.town}>
      <Heading>{t('mediation.ready.title')}</Heading>
      <p class="lead">{t('mediation.ready.lead')}</p>
      <dl class="assisted-summary">
        <div>
          <dt>{t('mediation.ready.resident')}</dt>
          <dd>
            <bdi>{open.residentName}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('mediation.ready.procedures')}</dt>
          <dd>{proceduresText(content, open.procedureIds)}</dd>
        </div>
        <div>
          <dt>{t('mediation.ready.until')}</dt>
          <dd>{untilText(open)}</dd>
        </div>
      </dl>
      <p class="actions">
        <button
          type="button"
          class="button button--secondary"
          onClick={async () => {
            if (printing === 'printing') return;
            setPrinting('printing');
            setPrinting((await printConsent(locale.peek(), t('mediation.ready.print'))) ? 'printed' : 'failed');
          }}
        >
          <Pictogram name="print" />
          {t('mediation.ready.print')}
        </button>
        <Link class="button button--primary" href={pathOf({ name: 'home' })}>
          {t('mediation.ready.start')}
          <Pictogram name="next" />
        </Link>
      </p>
      <p class="status" role="status">
        {printing === 'idle' ? '' : t(`mediation.ready.${printing}`)}
      </p>
    </Page>
  );
}

/** Opening an assisted session: only for a signed-in mediator; each question needs the ones before. */
export function AssistScreen({ content, step }: { content: Content; step: AssistStep }) {
  const member = staff.value;
  if (member?.role !== 'mediator') return <StaffSignInForm town={content.site.town} role="mediator" texts="mediation" />;
  const open = mandate.value;
  if (step === 'ready') return open ? <ReadyStep content={content} /> : <Redirect to={{ name: 'assist', step: 'resident' }} />;
  // A session already open: a new one starts after "Finish and erase".
  if (open) return <Redirect to={{ name: 'assist', step: 'ready' }} />;
  const { residentName, procedureIds, duration } = draft.value;
  const firstMissing = !residentName ? 'resident' : !procedureIds?.length ? 'procedures' : !duration ? 'until' : 'consent';
  if (QUESTIONS.indexOf(step) > QUESTIONS.indexOf(firstMissing)) return <Redirect to={{ name: 'assist', step: firstMissing }} />;
  switch (step) {
    case 'resident':
      return <ResidentStep content={content} />;
    case 'procedures':
      return <ProceduresStep content={content} />;
    case 'until':
      return <UntilStep content={content} />;
    case 'consent':
      return <ConsentStep content={content} helper={member.displayName} />;
  }
}

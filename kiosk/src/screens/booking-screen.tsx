import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { EMAIL, PHONE, TOWN_TIME_ZONE, type Content, type HelpAgendas } from '../../../content/model/index.ts';
import {
  bookDraft,
  booked,
  bookingDraft,
  cancelBooking,
  confirmOffer,
  compactPhone,
  freeSlots,
  placesFor,
  slotTaken,
  updateBookingDraft,
  type Remind,
  type SlotView,
} from '../booking/booking.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { inputIdOf } from '../components/error-message.ts';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { Redirect } from '../components/redirect.tsx';
import { formatLocale, locale, t, text } from '../i18n/i18n.ts';
import type { JourneyError } from '../journey/journey.ts';
import { navigate } from '../router/history.ts';
import { pathOf, type BookStep } from '../router/routes.ts';
import { kioskSession } from '../session/kiosk-session.ts';
import { readAloud } from '../settings/settings.ts';
import { currentScreenParts } from '../speech/announce.ts';
import { speakParts } from '../speech/speech.ts';
import '../styles/booking.css';

/** The questions, in order; `done` and `cancel` are pages of their own. */
const QUESTIONS = ['what', 'where', 'when', 'who', 'remind'] as const;
type Question = (typeof QUESTIONS)[number];
/** Few and large: a person chooses among four slots, then asks for more. */
const SLOTS_PER_PAGE = 4;

const missing = (field: string, key: string): JourneyError => ({ field, code: 'required', key });

/** "mardi 15 décembre à 09:30", in the town's time and the screen's language. */
export function slotWhen(iso: string, tag: string = formatLocale()): string {
  const date = new Date(iso);
  const day = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone: TOWN_TIME_ZONE }).format(date);
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TOWN_TIME_ZONE }).format(date);
  return `${day} · ${time}`;
}

function FieldError({ field, error }: { field: string; error: JourneyError | undefined }) {
  if (!error) return null;
  return (
    <p id={`${inputIdOf(field)}-error`} class="field-error">
      <span class="visually-hidden">{t('app.errorPrefix')}</span> {t(error.key)}
    </p>
  );
}

/** One question: progress, the field, Continue and Back, as a procedure's steps are. */
function QuestionPage({
  content,
  step,
  errors,
  onContinue,
  submitLabel,
  children,
}: {
  content: Content;
  step: Question;
  errors: JourneyError[];
  onContinue: () => void;
  submitLabel?: string;
  children: ComponentChildren;
}) {
  const index = QUESTIONS.indexOf(step);
  const progress = t('step.progress', { current: index + 1, total: QUESTIONS.length });
  const previous = QUESTIONS[index - 1];
  const back = previous ? pathOf({ name: 'book', step: previous }) : pathOf({ name: 'home' });
  return (
    <Page title={`${progress} – ${t(`booking.${step}.title`)}`} town={content.site.town} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} targetOf={(error) => (error.field ? inputIdOf(error.field) : undefined)} />
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
            {submitLabel ?? t('step.continue')}
            <Pictogram name="next" />
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

/** A question answered by one choice among cards. */
function ChoiceQuestion({
  content,
  step,
  field,
  options,
  chosen,
  onContinue,
  extra,
}: {
  content: Content;
  step: Question;
  field: string;
  options: Array<{ value: string; label: string; hint?: string; pictogram?: string }>;
  chosen: string | undefined;
  onContinue: (value: string) => void;
  extra?: ComponentChildren;
}) {
  const [errors, setErrors] = useState<JourneyError[]>([]);
  const [value, setValue] = useState(chosen);
  const id = inputIdOf(field);
  const error = errors.find((e) => e.field === field);
  return (
    <QuestionPage
      content={content}
      step={step}
      errors={errors}
      onContinue={() => {
        if (!value) return setErrors([missing(field, `booking.${step}.missing`)]);
        onContinue(value);
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
            <Heading>{t(`booking.${step}.title`)}</Heading>
          </legend>
          <FieldError field={field} error={error} />
          <div class="choices">
            {options.map((option, index) => (
              <div class="choice-card" key={option.value}>
                <input
                  id={index === 0 ? id : `${id}-${index}`}
                  class="choice-card__input"
                  type="radio"
                  name={field}
                  value={option.value}
                  checked={value === option.value}
                  aria-describedby={option.hint ? `${id}-${index}-hint` : undefined}
                  onChange={() => setValue(option.value)}
                />
                <label class="choice-card__label" for={index === 0 ? id : `${id}-${index}`}>
                  {option.pictogram ? <Pictogram name={option.pictogram} /> : null}
                  <span class="choice-card__text">{option.label}</span>
                </label>
                {option.hint ? (
                  <p id={`${id}-${index}-hint`} class="choice-card__hint">
                    {option.hint}
                  </p>
                ) : null}
              </div>
            ))}
          </div>
        </fieldset>
        {extra}
      </div>
    </QuestionPage>
  );
}

function WhatStep({ content, help }: { content: Content; help: HelpAgendas }) {
  return (
    <ChoiceQuestion
      content={content}
      step="what"
      field="topic"
      options={help.topics.map((topic) => ({ value: topic.id, label: text(topic.title), pictogram: topic.id === 'devices' ? 'phone' : 'document' }))}
      chosen={bookingDraft.value.topic}
      onContinue={(topic) => {
        if (topic !== bookingDraft.value.topic) updateBookingDraft({ topic, place: undefined, slot: undefined });
        navigate({ name: 'book', step: 'where' });
      }}
    />
  );
}

function WhereStep({ content, help }: { content: Content; help: HelpAgendas }) {
  const places = placesFor(help, bookingDraft.value.topic);
  return (
    <ChoiceQuestion
      content={content}
      step="where"
      field="place"
      options={[
        { value: 'any', label: t('booking.where.any'), pictogram: 'clock' },
        ...places.map((place) => ({ value: place.id, label: text(place.name), hint: place.address, pictogram: 'home' })),
      ]}
      chosen={bookingDraft.value.place}
      onContinue={(place) => {
        if (place !== bookingDraft.value.place) updateBookingDraft({ place, slot: undefined });
        navigate({ name: 'book', step: 'when' });
      }}
    />
  );
}

type SlotsState = { kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; slots: SlotView[] };

function WhenStep({ content }: { content: Content }) {
  const [state, setState] = useState<SlotsState>({ kind: 'loading' });
  const [page, setPage] = useState(0);
  const [errors, setErrors] = useState<JourneyError[]>(slotTaken.peek() ? [{ field: 'slot', code: 'required', key: 'booking.when.taken' }] : []);
  const [value, setValue] = useState(bookingDraft.value.slot?.id);
  const load = async () => {
    setState({ kind: 'loading' });
    const answer = await freeSlots(bookingDraft.peek(), locale.peek());
    setState(answer.kind === 'slots' ? { kind: 'ready', slots: answer.slots } : { kind: 'failed' });
  };
  useEffect(() => {
    slotTaken.value = false;
    void load();
  }, []);
  const id = inputIdOf('slot');
  const error = errors.find((e) => e.field === 'slot');
  const slots = state.kind === 'ready' ? state.slots : [];
  const shown = slots.slice(page * SLOTS_PER_PAGE, (page + 1) * SLOTS_PER_PAGE);
  const turn = (to: number) => {
    setPage(to);
    // The new slots are the page: the first one takes the focus, and is read aloud.
    setTimeout(() => document.getElementById(id)?.focus(), 0);
  };
  return (
    <QuestionPage
      content={content}
      step="when"
      errors={errors}
      onContinue={() => {
        const slot = slots.find((s) => s.id === value);
        if (!slot) return setErrors([missing('slot', 'booking.when.missing')]);
        updateBookingDraft({ slot });
        navigate({ name: 'book', step: 'who' });
      }}
    >
      <div class={`field${error ? ' field--error' : ''}`}>
        <fieldset
          class="fieldset"
          role="radiogroup"
          aria-labelledby={`${id}-legend`}
          aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? 'true' : undefined}
        >
          <legend id={`${id}-legend`} class="fieldset__legend fieldset__legend--page">
            <Heading>{t('booking.when.title')}</Heading>
          </legend>
          <p class="hint" id={`${id}-hint`}>
            {t('booking.when.hint')}
          </p>
          <FieldError field="slot" error={error} />
          <p class="status" role="status">
            {state.kind === 'loading' ? t('booking.when.loading') : ''}
          </p>
          {state.kind === 'failed' ? (
            <div class="booking-problem">
              <p class="field-error">{t('booking.offline')}</p>
              <button type="button" class="button button--secondary" onClick={() => void load()}>
                <Pictogram name="repeat" />
                {t('booking.retry')}
              </button>
            </div>
          ) : null}
          {state.kind === 'ready' && slots.length === 0 ? <p class="lead">{t('booking.when.none')}</p> : null}
          <div class="choices slot-choices">
            {shown.map((slot, index) => (
              <div class="choice-card slot-card" key={slot.id}>
                <input
                  id={index === 0 ? id : `${id}-${index}`}
                  class="choice-card__input"
                  type="radio"
                  name="slot"
                  value={slot.id}
                  checked={value === slot.id}
                  aria-describedby={`${id}-${index}-hint`}
                  onChange={() => setValue(slot.id)}
                />
                <label class="choice-card__label" for={index === 0 ? id : `${id}-${index}`}>
                  <Pictogram name="calendar" />
                  <span class="choice-card__text">{slotWhen(slot.start)}</span>
                </label>
                <p id={`${id}-${index}-hint`} class="choice-card__hint">
                  {slot.kind === 'workshop' ? `${t('booking.when.workshop')} : ${slot.title} · ${t('booking.when.places', { count: slot.remaining })}` : slot.title}
                  {' · '}
                  {slot.placeName}
                </p>
              </div>
            ))}
          </div>
          <div class="actions slot-pages">
            {page > 0 ? (
              <button type="button" class="button button--secondary" onClick={() => turn(page - 1)}>
                <Pictogram name="back" />
                {t('booking.when.earlier')}
              </button>
            ) : null}
            {(page + 1) * SLOTS_PER_PAGE < slots.length ? (
              <button type="button" class="button button--secondary" onClick={() => turn(page + 1)}>
                {t('booking.when.more')}
                <Pictogram name="next" />
              </button>
            ) : null}
          </div>
        </fieldset>
      </div>
    </QuestionPage>
  );
}

function WhoStep({ content }: { content: Content }) {
  const [errors, setErrors] = useState<JourneyError[]>([]);
  const [name, setName] = useState(bookingDraft.value.name ?? '');
  const id = inputIdOf('name');
  const error = errors[0];
  return (
    <QuestionPage
      content={content}
      step="who"
      errors={errors}
      onContinue={() => {
        if (!name.trim()) return setErrors([missing('name', 'booking.who.missing')]);
        updateBookingDraft({ name: name.trim() });
        navigate({ name: 'book', step: 'remind' });
      }}
    >
      <div class={`field${error ? ' field--error' : ''}`}>
        <h1 id="page-heading" class="page-heading" tabIndex={-1}>
          <label for={id}>{t('booking.who.title')}</label>
        </h1>
        <p class="hint" id={`${id}-hint`}>
          {t('booking.who.hint')}
        </p>
        <FieldError field="name" error={error} />
        <input
          id={id}
          name="name"
          class="input input--wide"
          type="text"
          autocomplete="off"
          spellcheck={false}
          maxLength={100}
          value={name}
          onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)}
          aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? 'true' : undefined}
          // A name is personal: read-aloud does not say what was typed.
          data-private=""
        />
      </div>
    </QuestionPage>
  );
}

function RemindStep({ content }: { content: Content }) {
  const draft = bookingDraft.value;
  const [errors, setErrors] = useState<JourneyError[]>([]);
  const [remind, setRemind] = useState<Remind | undefined>(draft.remind);
  const [phone, setPhone] = useState(draft.phone ?? '');
  const [email, setEmail] = useState(draft.email ?? '');
  const [state, setState] = useState<'idle' | 'working' | 'failed'>('idle');
  const id = inputIdOf('remind');
  const errorOf = (field: string) => errors.find((e) => e.field === field);
  const contactField = (field: 'phone' | 'email') => {
    const fieldId = inputIdOf(field);
    const error = errorOf(field);
    const value = field === 'phone' ? phone : email;
    return (
      <div class={`field booking-contact${error ? ' field--error' : ''}`}>
        <label class="field__label" for={fieldId}>
          {t(field === 'phone' ? 'booking.remind.phone' : 'booking.remind.emailLabel')}
        </label>
        <p class="hint" id={`${fieldId}-hint`}>
          {t(field === 'phone' ? 'booking.remind.phoneHint' : 'booking.remind.emailHint')}
        </p>
        <FieldError field={field} error={error} />
        <input
          id={fieldId}
          name={field}
          class="input input--wide"
          type={field === 'phone' ? 'tel' : 'email'}
          inputMode={field === 'phone' ? 'tel' : 'email'}
          autocomplete="off"
          dir="ltr"
          value={value}
          onInput={(event) => (field === 'phone' ? setPhone : setEmail)((event.currentTarget as HTMLInputElement).value)}
          aria-describedby={[`${fieldId}-hint`, error ? `${fieldId}-error` : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? 'true' : undefined}
          data-private=""
        />
      </div>
    );
  };
  const choose = async () => {
    if (state === 'working') return;
    if (!remind) return setErrors([missing('remind', 'booking.remind.missing')]);
    if (remind === 'sms' && !PHONE.test(compactPhone(phone))) return setErrors([missing('phone', 'booking.remind.phoneInvalid')]);
    if (remind === 'email' && !EMAIL.test(email.trim())) return setErrors([missing('email', 'booking.remind.emailInvalid')]);
    setErrors([]);
    updateBookingDraft({ remind, phone: remind === 'sms' ? compactPhone(phone) : undefined, email: remind === 'email' ? email.trim() : undefined });
    setState('working');
    const answer = await bookDraft(content, locale.peek());
    if (answer.kind === 'booked') return navigate({ name: 'book', step: 'done' });
    if (answer.kind === 'full') {
      slotTaken.value = true;
      updateBookingDraft({ slot: undefined });
      return navigate({ name: 'book', step: 'when' });
    }
    setState('failed');
  };
  const options: Remind[] = ['sms', 'email', 'none'];
  const error = errorOf('remind');
  return (
    <QuestionPage content={content} step="remind" errors={errors} submitLabel={t('booking.remind.submit')} onContinue={() => void choose()}>
      <div class={`field${error ? ' field--error' : ''}`}>
        <fieldset
          class="fieldset"
          role="radiogroup"
          aria-labelledby={`${id}-legend`}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? 'true' : undefined}
        >
          <legend id={`${id}-legend`} class="fieldset__legend fieldset__legend--page">
            <Heading>{t('booking.remind.title')}</Heading>
          </legend>
          <FieldError field="remind" error={error} />
          <div class="choices">
            {options.map((option, index) => (
              <div class="choice-card" key={option}>
                <input
                  id={index === 0 ? id : `${id}-${index}`}
                  class="choice-card__input"
                  type="radio"
                  name="remind"
                  value={option}
                  checked={remind === option}
                  onChange={() => setRemind(option)}
                />
                <label class="choice-card__label" for={index === 0 ? id : `${id}-${index}`}>
                  <Pictogram name={option === 'none' ? 'print' : option === 'sms' ? 'phone' : 'email'} />
                  <span class="choice-card__text">{t(`booking.remind.${option}`)}</span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        {remind === 'sms' ? contactField('phone') : null}
        {remind === 'email' ? contactField('email') : null}
      </div>
      <p class="status" role="status">
        {state === 'working' ? t('booking.remind.working') : ''}
      </p>
      {state === 'failed' ? (
        <p class="field-error" role="alert">
          {t('booking.remind.failed')}
        </p>
      ) : null}
    </QuestionPage>
  );
}

function DoneStep({ content }: { content: Content }) {
  const done = booked.value;
  const [qr, setQr] = useState('');
  useEffect(() => {
    if (!done) return;
    void (async () => {
      const QRCode = await import('qrcode');
      setQr(await QRCode.toString(`${location.origin}/api/help/bookings/${done.code}/calendar.ics`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
    })();
  }, [done?.code]);
  if (!done) return <Redirect to={{ name: 'book', step: 'what' }} />;
  return (
    <Page title={t('booking.done.title')} town={content.site.town}>
      <Heading>{t('booking.done.title')}</Heading>
      <dl class="booking-summary">
        <div>
          <dt>{t('booking.done.what')}</dt>
          <dd>{done.slot.title}</dd>
        </div>
        <div>
          <dt>{t('booking.done.where')}</dt>
          <dd>{done.slot.placeName}</dd>
        </div>
        <div>
          <dt>{t('booking.done.when')}</dt>
          <dd>{slotWhen(done.slot.start)}</dd>
        </div>
      </dl>
      <p class="booking-code">
        <span>{t('booking.done.code')} </span>
        <strong dir="ltr" data-private="">
          {done.code}
        </strong>
      </p>
      <p>{t('booking.done.keep')}</p>
      <p class="actions">
        <a class="button button--primary" href={`/api/help/bookings/${done.code}/ticket.pdf`} target="_blank" rel="noopener">
          <Pictogram name="print" />
          {t('booking.done.print')}
        </a>
      </p>
      {qr ? (
        <figure class="booking-qr">
          <div role="img" aria-label={t('booking.done.calendar')} dangerouslySetInnerHTML={{ __html: qr }} />
          <figcaption>{t('booking.done.calendar')}</figcaption>
        </figure>
      ) : null}
      <p class="actions">
        <button type="button" class="button button--secondary" onClick={() => void kioskSession.end('finished')}>
          <Pictogram name="check" />
          {t('booking.done.finish')}
        </button>
      </p>
    </Page>
  );
}

/** A code typed to cancel a booking, or to confirm a place offered from the waiting list. */
function CodeStep({ content, mode }: { content: Content; mode: 'cancel' | 'confirm' }) {
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<JourneyError[]>([]);
  const [state, setState] = useState<'idle' | 'working' | 'cancelled' | 'failed'>('idle');
  const id = inputIdOf('code');
  useEffect(() => {
    if (state !== 'cancelled') return;
    document.querySelector<HTMLElement>('main h1')?.focus();
    if (readAloud.peek()) speakParts(currentScreenParts());
  }, [state]);
  if (state === 'cancelled')
    return (
      <Page title={t(`booking.${mode}.doneTitle`)} town={content.site.town}>
        <Heading>{t(`booking.${mode}.doneTitle`)}</Heading>
        <p class="lead">{t(`booking.${mode}.doneLead`)}</p>
        <p class="actions">
          <button type="button" class="button button--primary" onClick={() => void kioskSession.end('finished')}>
            <Pictogram name="check" />
            {t('booking.done.finish')}
          </button>
        </p>
      </Page>
    );
  const error = errors[0];
  const send = async () => {
    if (state === 'working') return;
    if (!code.trim()) return setErrors([missing('code', 'booking.cancel.missing')]);
    setErrors([]);
    setState('working');
    const answer = mode === 'cancel' ? await cancelBooking(code.trim()) : await confirmOffer(code.trim());
    if (answer.kind === 'cancelled' || answer.kind === 'confirmed') return setState('cancelled');
    setState('idle');
    if (answer.kind === 'expired') return setErrors([missing('code', 'booking.confirm.expired')]);
    if (answer.kind === 'not-found') return setErrors([missing('code', 'booking.cancel.notFound')]);
    if (answer.kind === 'limited') return setErrors([missing('code', 'booking.cancel.tooManyTries')]);
    setErrors([missing('code', 'booking.offline')]);
  };
  return (
    <Page title={t(`booking.${mode}.title`)} town={content.site.town} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} targetOf={() => id} />
      <form
        class="step-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <div class={`field${error ? ' field--error' : ''}`}>
          <h1 id="page-heading" class="page-heading" tabIndex={-1}>
            <label for={id}>{t(`booking.${mode}.title`)}</label>
          </h1>
          <p class="hint" id={`${id}-hint`}>
            {t('booking.cancel.code')} : {t('booking.cancel.hint')}
          </p>
          <FieldError field="code" error={error} />
          <input
            id={id}
            name="code"
            class="input input--reference"
            type="text"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            dir="ltr"
            value={code}
            onInput={(event) => setCode((event.currentTarget as HTMLInputElement).value)}
            aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
            aria-invalid={error ? 'true' : undefined}
            data-private=""
          />
        </div>
        <p class="status" role="status">
          {state === 'working' ? t('booking.remind.working') : ''}
        </p>
        <div class="actions actions--step">
          <button type="submit" class="button button--primary">
            <Pictogram name={mode === 'cancel' ? 'close' : 'check'} />
            {t(`booking.${mode}.submit`)}
          </button>
          <Link class="button button--secondary" href={pathOf({ name: 'home' })}>
            <Pictogram name="back" />
            {t('step.back')}
          </Link>
        </div>
      </form>
    </Page>
  );
}

/**
 * Booking help without an account: what help, where, when (the next free slots, four at a
 * time), the name, a reminder or none, then the code to keep; and cancelling with the code.
 */
export function BookingScreen({ content, step }: { content: Content; step: BookStep }) {
  const help = content.site.help;
  if (!help) return <Redirect to={{ name: 'home' }} />;
  const draft = bookingDraft.value;
  // A page reached without the answers before it starts the questions again.
  if ((step === 'where' && !draft.topic) || (step === 'when' && !draft.place) || (step === 'who' && !draft.slot) || (step === 'remind' && !draft.name))
    return <Redirect to={{ name: 'book', step: 'what' }} />;
  switch (step) {
    case 'what':
      return <WhatStep content={content} help={help} />;
    case 'where':
      return <WhereStep content={content} help={help} />;
    case 'when':
      return <WhenStep content={content} />;
    case 'who':
      return <WhoStep content={content} />;
    case 'remind':
      return <RemindStep content={content} />;
    case 'done':
      return <DoneStep content={content} />;
    case 'cancel':
      return <CodeStep content={content} mode="cancel" />;
    case 'confirm':
      return <CodeStep content={content} mode="confirm" />;
  }
}

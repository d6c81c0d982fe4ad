import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type {
  AddressField as AddressFieldType,
  ChoiceField as ChoiceFieldType,
  ChoicesField as ChoicesFieldType,
  ConsentField as ConsentFieldType,
  DateField as DateFieldType,
  Field,
  FileField as FileFieldType,
  Step,
} from '../../../content/model/index.ts';
import { cameraPossible, loadCaptureScreen } from '../files/capture-loader.ts';
import { formatLocale, text, t } from '../i18n/i18n.ts';
import { addFiles, allowanceOf } from '../journey/add-files.ts';
import { megabytes, megabytesPrecise } from '../journey/format.ts';
import type { Journey, JourneyError } from '../journey/journey.ts';
import { EMPTY_ADDRESS, EMPTY_DATE, type RawAddress, type RawDate } from '../journey/raw-input.ts';
import { errorIdOf, errorText, inputIdOf } from './error-message.ts';
import { pathOf } from '../router/routes.ts';
import { Link } from './link.tsx';
import { Pictogram } from './pictogram.tsx';

/** Fields answered with a group of inputs, whose question is a fieldset's legend. */
const GROUPED = new Set<Field['type']>(['choice', 'choices', 'date', 'address', 'file', 'consent']);

export function isGrouped(field: Field): boolean {
  return GROUPED.has(field.type);
}

/** The input an error's link leads to. */
export function errorTarget(field: Field | undefined, error: JourneyError): string {
  if (!field || error.field !== field.id) return inputIdOf(error.field);
  switch (field.type) {
    case 'choice':
    case 'choices':
      return `${inputIdOf(field.id)}-0`;
    case 'date':
      return `${inputIdOf(field.id)}-day`;
    case 'address':
      return `${inputIdOf(field.id)}-street`;
    default:
      return inputIdOf(field.id);
  }
}

interface FieldProps<F extends Field = Field> {
  field: F;
  journey: Journey;
  stepId: string;
  errors: JourneyError[];
  /** When the field is alone on its step: the step's title, shown as the page's `h1`. */
  heading?: string;
  /** Ids of texts above the field that describe it (the step's hint). */
  describedBy?: string[];
  /** The step's hint, shown right under the heading. */
  lead?: ComponentChildren;
}

const join = (...ids: Array<string | undefined | false>) => ids.filter(Boolean).join(' ') || undefined;

function Optional({ field }: { field: Field }) {
  if (field.required !== false) return null;
  return (
    <>
      {' '}
      <span class="optional">{t('field.optional')}</span>
    </>
  );
}

function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <p id={id} class="hint">
      {children}
    </p>
  );
}

function ErrorMessage({ field, error }: { field: string; error: JourneyError | undefined }) {
  if (!error) return null;
  return (
    <p id={errorIdOf(field)} class="field-error">
      <span class="visually-hidden">{t('app.errorPrefix')}</span>{' '}
      {errorText(error)}
    </p>
  );
}

/** The question of a field: the page's `h1` when alone on its step, its label otherwise. */
function Question({ field, heading, htmlFor }: { field: Field; heading?: string; htmlFor?: string }) {
  const words = (
    <>
      {heading ?? text(field.label)}
      <Optional field={field} />
    </>
  );
  const label = htmlFor ? (
    <label for={htmlFor} class={heading ? undefined : 'field__label'}>
      {words}
    </label>
  ) : (
    words
  );
  if (heading)
    return (
      <h1 id="page-heading" class="page-heading" tabIndex={-1}>
        {label}
      </h1>
    );
  return htmlFor ? label : <span class="field__label">{words}</span>;
}

export function FieldInput(props: FieldProps) {
  switch (props.field.type) {
    case 'choice':
    case 'choices':
      return <ChoiceField {...(props as FieldProps<ChoiceFieldType | ChoicesFieldType>)} />;
    case 'date':
      return <DateField {...(props as FieldProps<DateFieldType>)} />;
    case 'address':
      return <AddressField {...(props as FieldProps<AddressFieldType>)} />;
    case 'consent':
      return <ConsentField {...(props as FieldProps<ConsentFieldType>)} />;
    case 'file':
      return <FileField {...(props as FieldProps<FileFieldType>)} />;
    default:
      return <TextField {...props} />;
  }
}

function TextField({ field, journey, errors, heading, describedBy = [], lead }: FieldProps) {
  const id = inputIdOf(field.id);
  const hintId = field.hint ? `${id}-hint` : undefined;
  const error = errors.find((e) => e.field === field.id);
  const raw = journey.rawValue(field.id);
  const value = typeof raw === 'string' ? raw : '';
  const described = join(...describedBy, hintId, error && errorIdOf(field.id));
  const onInput = (event: Event) => journey.setRaw(field.id, (event.currentTarget as HTMLInputElement).value);
  const common = {
    id,
    name: field.id,
    value,
    onInput,
    autocomplete: field.autocomplete,
    'aria-describedby': described,
    'aria-invalid': error ? ('true' as const) : undefined,
    class: `input${error ? ' input--error' : ''}`,
    // Typed text keeps its own direction: a French street name stays whole in an Arabic page.
    dir: 'auto' as const,
  };
  let control;
  if (field.type === 'longText') control = <textarea {...common} rows={8} class={`${common.class} input--long`} />;
  else if (field.type === 'email')
    control = <input {...common} dir="ltr" type="email" spellcheck={false} autocapitalize="off" class={`${common.class} input--wide`} />;
  else if (field.type === 'phone') control = <input {...common} dir="ltr" type="tel" class={`${common.class} input--phone`} />;
  else if (field.type === 'number')
    control = (
      <span class="input-with-unit">
        <input {...common} dir="ltr" type="text" inputMode="numeric" class={`${common.class} input--number`} />
        {field.unit ? <span class="input-unit">{text(field.unit)}</span> : null}
      </span>
    );
  else
    control = (
      <input
        {...common}
        type="text"
        inputMode={field.type === 'text' && field.inputmode === 'numeric' ? 'numeric' : undefined}
        spellcheck={field.autocomplete ? false : undefined}
        class={`${common.class} input--wide`}
      />
    );
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <Question field={field} heading={heading} htmlFor={id} />
      {lead}
      {field.hint && hintId ? <Hint id={hintId}>{text(field.hint)}</Hint> : null}
      <ErrorMessage field={field.id} error={error} />
      {control}
    </div>
  );
}

/** A fieldset whose legend is the question (the page's `h1` when alone on its step). */
function Group({
  field,
  heading,
  describedBy,
  error,
  hints,
  role,
  lead,
  children,
}: {
  field: Field;
  heading?: string;
  describedBy: string[];
  error: JourneyError | undefined;
  hints: Array<{ id: string; text: string }>;
  role?: 'radiogroup';
  lead?: ComponentChildren;
  children: ComponentChildren;
}) {
  const id = inputIdOf(field.id);
  const legendId = `${id}-legend`;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <fieldset
        class="fieldset"
        role={role}
        aria-labelledby={role ? legendId : undefined}
        aria-describedby={join(...describedBy, ...hints.map((h) => h.id), error && errorIdOf(field.id))}
        aria-invalid={role && error ? 'true' : undefined}
      >
        <legend id={legendId} class={heading ? 'fieldset__legend fieldset__legend--page' : 'fieldset__legend'}>
          <Question field={field} heading={heading} />
        </legend>
        {lead}
        {hints.map((h) => (
          <Hint key={h.id} id={h.id}>
            {h.text}
          </Hint>
        ))}
        <ErrorMessage field={field.id} error={error} />
        {children}
      </fieldset>
    </div>
  );
}

function ChoiceField({ field, journey, errors, heading, describedBy = [], lead }: FieldProps<ChoiceFieldType | ChoicesFieldType>) {
  const id = inputIdOf(field.id);
  const error = errors.find((e) => e.field === field.id);
  const raw = journey.rawValue(field.id);
  const many = field.type === 'choices';
  const chosen = new Set(many ? (Array.isArray(raw) ? raw : []) : typeof raw === 'string' ? [raw] : []);
  const hints = [
    ...(field.hint ? [{ id: `${id}-hint`, text: text(field.hint) }] : []),
    ...(many ? [{ id: `${id}-several`, text: t('field.severalChoices') }] : []),
  ];
  const toggle = (value: string, checked: boolean) => {
    if (!many) return journey.setRaw(field.id, value);
    const next = field.options.map((o) => o.value).filter((v) => (v === value ? checked : chosen.has(v)));
    journey.setRaw(field.id, next);
  };
  return (
    <Group
      field={field}
      heading={heading}
      lead={lead}
      describedBy={describedBy}
      error={error}
      hints={hints}
      role={many ? undefined : 'radiogroup'}
    >
      <div class={`choices${field.options.length > 4 ? ' choices--many' : ''}`}>
        {field.options.map((option, index) => {
          const optionId = `${id}-${index}`;
          const hintId = option.hint ? `${optionId}-hint` : undefined;
          return (
            <div class="choice-card" key={option.value}>
              <input
                id={optionId}
                class="choice-card__input"
                type={many ? 'checkbox' : 'radio'}
                name={field.id}
                value={option.value}
                checked={chosen.has(option.value)}
                onChange={(event) => toggle(option.value, (event.currentTarget as HTMLInputElement).checked)}
                aria-describedby={join(hintId, many && error && errorIdOf(field.id))}
                aria-invalid={many && error ? 'true' : undefined}
              />
              <label class="choice-card__label" for={optionId}>
                {option.pictogram ? <Pictogram name={option.pictogram} /> : null}
                <span class="choice-card__text">{text(option.label)}</span>
              </label>
              {option.hint && hintId ? (
                <p id={hintId} class="choice-card__hint">
                  {text(option.hint)}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
    </Group>
  );
}

function DateField({ field, journey, errors, heading, describedBy = [], lead }: FieldProps<DateFieldType>) {
  const id = inputIdOf(field.id);
  const error = errors.find((e) => e.field === field.id);
  const raw = journey.rawValue(field.id);
  const value: RawDate = typeof raw === 'object' && raw !== null && 'day' in raw ? raw : EMPTY_DATE;
  const birthday = field.autocomplete === 'bday';
  const hints = [{ id: `${id}-hint`, text: field.hint ? text(field.hint) : t('field.date.example') }];
  const part = (name: keyof RawDate, size: string) => (
    <div class={`date-part date-part--${size}`}>
      <label class="field__label field__label--small" for={`${id}-${name}`}>
        {t(`field.date.${name}`)}
      </label>
      <input
        id={`${id}-${name}`}
        name={`${field.id}-${name}`}
        class={`input input--${size}${error ? ' input--error' : ''}`}
        type="text"
        dir="ltr"
        inputMode="numeric"
        autocomplete={birthday ? `bday-${name}` : undefined}
        value={value[name]}
        aria-invalid={error ? 'true' : undefined}
        onInput={(event) => journey.setRaw(field.id, { ...value, [name]: (event.currentTarget as HTMLInputElement).value })}
      />
    </div>
  );
  return (
    <Group field={field} heading={heading} lead={lead} describedBy={describedBy} error={error} hints={hints}>
      <div class="date-input">
        {part('day', 'digits-2')}
        {part('month', 'digits-2')}
        {part('year', 'digits-4')}
      </div>
    </Group>
  );
}

const ADDRESS_PARTS = [
  { part: 'street', autocomplete: 'address-line1', size: 'wide' },
  { part: 'complement', autocomplete: 'address-line2', size: 'wide' },
  { part: 'postcode', autocomplete: 'postal-code', size: 'digits-5' },
  { part: 'city', autocomplete: 'address-level2', size: 'wide' },
] as const;

function AddressField({ field, journey, errors, heading, describedBy = [], lead }: FieldProps<AddressFieldType>) {
  const id = inputIdOf(field.id);
  const whole = errors.find((e) => e.field === field.id);
  const raw = journey.rawValue(field.id);
  const value: RawAddress = typeof raw === 'object' && raw !== null && 'street' in raw ? raw : EMPTY_ADDRESS;
  const hints = field.hint ? [{ id: `${id}-hint`, text: text(field.hint) }] : [];
  return (
    <Group field={field} heading={heading} lead={lead} describedBy={describedBy} error={whole} hints={hints}>
      {ADDRESS_PARTS.map(({ part, autocomplete, size }) => {
        const partField = `${field.id}.${part}`;
        const partId = inputIdOf(partField);
        const error = errors.find((e) => e.field === partField);
        return (
          <div class={`field field--part${error ? ' field--error' : ''}`} key={part}>
            <label class="field__label" for={partId}>
              {t(`field.address.${part}`)}
            </label>
            <p id={`${partId}-hint`} class="hint">
              {t(`field.address.${part}Hint`)}
            </p>
            <ErrorMessage field={partField} error={error} />
            <input
              id={partId}
              name={partField}
              class={`input input--${size}${error || whole ? ' input--error' : ''}`}
              type="text"
              dir={part === 'postcode' ? 'ltr' : 'auto'}
              inputMode={part === 'postcode' ? 'numeric' : undefined}
              autocomplete={autocomplete}
              value={value[part]}
              aria-describedby={join(`${partId}-hint`, error && errorIdOf(partField))}
              aria-invalid={error || whole ? 'true' : undefined}
              onInput={(event) => journey.setRaw(field.id, { ...value, [part]: (event.currentTarget as HTMLInputElement).value })}
            />
          </div>
        );
      })}
    </Group>
  );
}

function ConsentField({ field, journey, errors, heading, describedBy = [], lead }: FieldProps<ConsentFieldType>) {
  const id = inputIdOf(field.id);
  const error = errors.find((e) => e.field === field.id);
  const hintId = field.hint ? `${id}-hint` : undefined;
  const box = (
    <div class="choice-card choice-card--consent">
      <input
        id={id}
        class="choice-card__input"
        type="checkbox"
        name={field.id}
        checked={journey.rawValue(field.id) === true}
        onChange={(event) => journey.setRaw(field.id, (event.currentTarget as HTMLInputElement).checked)}
        aria-describedby={join(...(heading ? [] : describedBy), hintId, error && errorIdOf(field.id))}
        aria-invalid={error ? 'true' : undefined}
      />
      <label class="choice-card__label" for={id}>
        <span class="choice-card__text">
          {text(field.label)}
          <Optional field={field} />
        </span>
      </label>
    </div>
  );
  if (heading)
    return (
      <Group field={field} heading={heading} lead={lead} describedBy={describedBy} error={error} hints={[]}>
        {field.hint && hintId ? <Hint id={hintId}>{text(field.hint)}</Hint> : null}
        {box}
      </Group>
    );
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      {field.hint && hintId ? <Hint id={hintId}>{text(field.hint)}</Hint> : null}
      <ErrorMessage field={field.id} error={error} />
      {box}
    </div>
  );
}

function FileField({ field, journey, stepId, errors, heading, describedBy = [], lead }: FieldProps<FileFieldType>) {
  const id = inputIdOf(field.id);
  const error = errors.find((e) => e.field === field.id);
  const [status, setStatus] = useState('');
  const camera = cameraPossible();
  // The camera screen is fetched while the person reads the question, not when they touch it.
  useEffect(() => {
    if (camera) void loadCaptureScreen();
  }, [camera]);
  const room = allowanceOf(journey, field);
  const raw = journey.rawValue(field.id);
  const ids = Array.isArray(raw) ? raw : [];
  const files = ids.map((fileId) => journey.attachments.value[fileId]).filter((a) => a !== undefined);
  // The limits are said before they are met: how many documents, and how heavy all together.
  const limits = [
    { id: `${id}-count`, text: t('field.file.count', { taken: room.files, max: room.maxFiles }) },
    {
      id: `${id}-weight`,
      text: t('field.file.weight', {
        used: megabytesPrecise(room.usedBytes, formatLocale()),
        max: megabytes(room.maxSubmissionBytes),
      }),
    },
  ];
  // The field's own hint names its formats; the general one is for fields without.
  const hints = [
    field.hint
      ? { id: `${id}-hint`, text: text(field.hint) }
      : { id: `${id}-rules`, text: t('field.file.hint', { max: megabytes(room.maxFileBytes) }) },
    ...limits,
  ];
  const onChange = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const chosen = [...(input.files ?? [])];
    input.value = '';
    if (!chosen.length) return;
    setStatus(t('field.file.preparing'));
    const added = await journey.prepareFiles(addFiles(journey, stepId, field, chosen));
    setStatus(added.map((name) => t('field.file.added', { name })).join(' '));
  };
  return (
    <Group field={field} heading={heading} lead={lead} describedBy={describedBy} error={error} hints={hints}>
      <h2 class="file-list__title">{t('field.file.chosen')}</h2>
      {files.length ? (
        <ul class="file-list">
          {files.map((file) => (
            <li class="file-list__item" key={file.id}>
              <Pictogram name={file.type === 'application/pdf' ? 'document' : 'camera'} size="small" />
              <span class="file-list__name">{file.name}</span>
              <button
                type="button"
                class="button button--secondary button--small"
                onClick={() => {
                  journey.removeAttachment(file.id);
                  setStatus(t('field.file.removed', { name: file.name }));
                }}
              >
                <Pictogram name="trash" size="small" />
                {t('field.file.remove')}
                {' '}
                <span class="visually-hidden">{file.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="file-list__empty">{t('field.file.none')}</p>
      )}
      <div class="file-add">
        {camera ? (
          <Link
            class="button button--secondary file-add__button"
            href={pathOf({ name: 'capture', procedureId: journey.procedure.id, stepId, fieldId: field.id })}
          >
            <Pictogram name="camera" />
            {t('field.file.takePhoto')}
          </Link>
        ) : null}
        <span class="file-add__pick">
          <input
            id={id}
            class="file-add__input visually-hidden"
            type="file"
            name={field.id}
            accept={field.accept.join(',')}
            multiple={room.maxFiles > 1}
            aria-describedby={join(...hints.map((h) => h.id), error && errorIdOf(field.id))}
            aria-invalid={error ? 'true' : undefined}
            onChange={onChange}
          />
          <label for={id} class="button button--secondary file-add__button">
            <Pictogram name="document" />
            {t('field.file.add')}
          </label>
        </span>
      </div>
      <p class="visually-hidden" role="status">
        {status}
      </p>
    </Group>
  );
}

/** The fields of a step; a lone field carries the page's heading, several share a fieldset. */
export function StepFields({ step, journey, errors }: { step: Step; journey: Journey; errors: JourneyError[] }) {
  const stepHintId = step.hint ? `step-${step.id}-hint` : undefined;
  const stepHint = step.hint && stepHintId ? <Hint id={stepHintId}>{text(step.hint)}</Hint> : null;
  const only = step.fields.length === 1 ? step.fields[0] : undefined;
  if (only)
    return (
      <FieldInput
        field={only}
        journey={journey}
        stepId={step.id}
        errors={errors}
        heading={text(step.title)}
        describedBy={stepHintId ? [stepHintId] : []}
        lead={stepHint}
      />
    );
  return (
    <fieldset class="fieldset" aria-describedby={stepHintId}>
      <legend class="fieldset__legend fieldset__legend--page">
        <h1 id="page-heading" class="page-heading" tabIndex={-1}>
          {text(step.title)}
        </h1>
      </legend>
      {stepHint}
      {step.fields.map((field) => (
        <FieldInput key={field.id} field={field} journey={journey} stepId={step.id} errors={errors} />
      ))}
    </fieldset>
  );
}

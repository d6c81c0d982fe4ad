// The state of one person going through one procedure: what the inputs hold, the answers
// given, the errors of the step on screen, the steps shown given the answers so far, the
// files added and the submission. Signals only: screens read it, nothing here renders.
import { batch, computed, signal } from '@preact/signals';
import {
  pruneAnswers,
  validateStep,
  visibleSteps,
  type AnswerValue,
  type Answers,
  type Condition,
  type Field,
  type FieldError,
  type Procedure,
  type Step,
} from '../../../content/model/index.ts';
import { toAnswer, toRaw, type RawValue } from './raw-input.ts';

/** An error as the screen shows it: which input, which text (`errors.required_choice`), its values. */
export interface JourneyError {
  /** A field id, or `field.part` for a part of an address or date. */
  field: string;
  code: FieldError['code'] | 'fileTooBig' | 'fileWrongType' | 'fileUnreadable' | 'fileTooMany' | 'fileTotalTooBig';
  key: string;
  params?: Record<string, string | number>;
  /** The server's own sentence, for a code the interface texts do not know. */
  message?: string;
}

/** A file added to a `file` field; its id is what the answer lists. */
export interface Attachment {
  id: string;
  fieldId: string;
  name: string;
  type: string;
  size: number;
  /** The file's bytes in base64, as the submission carries them. */
  data: string;
}

export interface JourneyContext {
  /** Today as `YYYY-MM-DD` in the town's time zone, for relative date bounds. */
  today: () => string;
  postcodes: readonly string[];
}

/** Where Continue leads: another step, or the check-your-answers page. */
export type NextPlace = { kind: 'step'; stepId: string } | { kind: 'check' };

/** Turns a model error into a screen error, choosing the wording that fits the field. */
export function toJourneyError(error: FieldError & { message?: string }, field: Field | undefined): JourneyError {
  let key = `errors.${error.code}`;
  if (error.code === 'required' && (field?.type === 'choice' || field?.type === 'choices')) key += '_choice';
  if (error.code === 'required' && field?.type === 'file') key += '_file';
  return {
    field: error.field,
    code: error.code,
    key,
    ...(error.params ? { params: error.params } : {}),
    ...(error.message ? { message: error.message } : {}),
  };
}

export type Journey = ReturnType<typeof createJourney>;

/** The fields a step's condition reads. */
function conditionFields(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  if ('not' in condition) return conditionFields(condition.not);
  return [condition.field];
}

/**
 * A journey through one procedure.
 *
 * @example
 *   const journey = createJourney(procedure, { today: () => '2026-11-28', postcodes: ['41200'] });
 *   journey.setRaw('topic', 'question');
 *   journey.continueFrom('topic'); // { kind: 'step', stepId: 'message' }
 */
export function createJourney(procedure: Procedure, context: JourneyContext) {
  const raw = signal<Record<string, RawValue>>({});
  const answers = signal<Answers>({});
  const errors = signal<JourneyError[]>([]);
  /** The step the errors belong to, so another step never shows them. */
  const errorStep = signal<string | undefined>(undefined);
  const attachments = signal<Record<string, Attachment>>({});
  /** Set by a Change link: once the step is continued, go back to the check page. */
  const returningToCheck = signal(false);
  const visible = computed(() => visibleSteps(procedure, answers.value));

  const fieldsById = new Map(procedure.steps.flatMap((s) => s.fields.map((f) => [f.id, f] as const)));
  const stepOfField = new Map(procedure.steps.flatMap((s) => s.fields.map((f) => [f.id, s] as const)));

  const stepById = (stepId: string): Step | undefined => procedure.steps.find((s) => s.id === stepId);
  const validationContext = () => ({ today: context.today(), postcodes: context.postcodes });

  function isVisible(stepId: string): boolean {
    return visible.value.some((s) => s.id === stepId);
  }

  /**
   * "Étape N sur M": the place of a step among the steps shown, and their number once no
   * answer still to come can change it. A total that grows mid-journey ("4 sur 5", then
   * "5 sur 6") tells the person something untrue, so until every question that adds or removes
   * a step has been passed, the counter says "Étape N" alone (GOV.UK drops "N of M" where
   * branching changes it; this keeps it wherever it is sure).
   */
  function position(stepId: string): { current: number; total: number | undefined } {
    const steps = visible.value;
    const here = procedure.steps.findIndex((s) => s.id === stepId);
    const stepIndexOf = (fieldId: string) => procedure.steps.findIndex((s) => s.fields.some((f) => f.id === fieldId));
    const open = procedure.steps.some((s, i) => i > here && s.when !== undefined && conditionFields(s.when).some((field) => stepIndexOf(field) >= here));
    return { current: steps.findIndex((s) => s.id === stepId) + 1, total: open ? undefined : steps.length };
  }

  /** What an input shows: what was typed, or else the answer already given. */
  function rawValue(fieldId: string): RawValue | undefined {
    if (Object.hasOwn(raw.value, fieldId)) return raw.value[fieldId];
    const field = fieldsById.get(fieldId);
    return field ? toRaw(field, answers.value[fieldId]) : undefined;
  }

  function setRaw(fieldId: string, value: RawValue): void {
    raw.value = { ...raw.value, [fieldId]: value };
  }

  function errorsFor(stepId: string): JourneyError[] {
    return errorStep.value === stepId ? errors.value : [];
  }

  function showErrors(stepId: string, list: JourneyError[]): void {
    batch(() => {
      errors.value = list;
      errorStep.value = list.length ? stepId : undefined;
    });
  }

  function clearErrors(): void {
    showErrors('', []);
  }

  /** The answers a step would give from what its inputs hold now. */
  function stepAnswers(step: Step): Record<string, AnswerValue | undefined> {
    return Object.fromEntries(step.fields.map((f) => [f.id, toAnswer(f, rawValue(f.id))]));
  }

  /** The first step shown whose answers are missing or wrong, in order. */
  function firstIncomplete(): Step | undefined {
    const ctx = validationContext();
    return visible.value.find((step) => validateStep(step, answers.value, ctx).length > 0);
  }

  function nextAfter(stepId: string): NextPlace {
    if (returningToCheck.value) {
      const missing = firstIncomplete();
      if (missing) return { kind: 'step', stepId: missing.id };
      returningToCheck.value = false;
      return { kind: 'check' };
    }
    const steps = visible.value;
    const next = steps[steps.findIndex((s) => s.id === stepId) + 1];
    return next ? { kind: 'step', stepId: next.id } : { kind: 'check' };
  }

  /** The step before this one among those shown; `undefined` on the first (Back goes to the intro). */
  function previousBefore(stepId: string): Step | undefined {
    const steps = visible.value;
    const index = steps.findIndex((s) => s.id === stepId);
    return index > 0 ? steps[index - 1] : undefined;
  }

  /** Forgets what hidden steps held: answers, inputs and files. */
  function prune(): void {
    const kept = pruneAnswers(procedure, answers.value);
    const shown = new Set(visibleSteps(procedure, kept).flatMap((s) => s.fields.map((f) => f.id)));
    batch(() => {
      answers.value = kept;
      raw.value = Object.fromEntries(Object.entries(raw.value).filter(([id]) => shown.has(id)));
      attachments.value = Object.fromEntries(
        Object.entries(attachments.value).filter(([, a]) => shown.has(a.fieldId)),
      );
    });
  }

  /**
   * Checks the step's inputs as on Continue: with errors, shows them and returns `undefined`;
   * otherwise keeps the answers, drops those of steps now hidden, and says where to go.
   */
  function continueFrom(stepId: string): NextPlace | undefined {
    const step = stepById(stepId);
    if (!step) return undefined;
    const given = stepAnswers(step);
    const merged: Answers = { ...answers.value };
    for (const [id, value] of Object.entries(given)) {
      if (value === undefined) delete merged[id];
      else merged[id] = value;
    }
    const found = validateStep(step, merged, validationContext());
    if (found.length) {
      showErrors(
        stepId,
        found.map((e) => toJourneyError(e, fieldsById.get(e.field.split('.')[0] ?? e.field))),
      );
      return undefined;
    }
    batch(() => {
      answers.value = merged;
      clearErrors();
      prune();
      submission.value = { status: 'idle' };
    });
    return nextAfter(stepId);
  }

  /** A Change link on the check page: the step is shown, and Continue comes back. */
  function change(stepId: string): void {
    returningToCheck.value = true;
    clearErrors();
    // Show the answer given, not something typed then abandoned.
    const step = stepById(stepId);
    if (step) {
      const ids = new Set(step.fields.map((f) => f.id));
      raw.value = Object.fromEntries(Object.entries(raw.value).filter(([id]) => !ids.has(id)));
    }
  }

  // Files on their way into the answers (shrunk, read): "Continue" waits for them, or a file
  // chosen just before it would be left behind.
  let preparing: Promise<unknown> = Promise.resolve();

  /** Runs the preparation of files, and makes `filesReady` wait for it. */
  function prepareFiles<T>(work: Promise<T>): Promise<T> {
    preparing = Promise.all([preparing, work.catch(() => undefined)]);
    return work;
  }

  /** Resolves once every file being prepared is in the answers (or refused). */
  async function filesReady(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = preparing;
      await seen;
    } while (seen !== preparing);
  }

  function addAttachment(attachment: Attachment): void {
    batch(() => {
      attachments.value = { ...attachments.value, [attachment.id]: attachment };
      const current = rawValue(attachment.fieldId);
      setRaw(attachment.fieldId, [...(Array.isArray(current) ? current : []), attachment.id]);
    });
  }

  function removeAttachment(id: string): void {
    const attachment = attachments.value[id];
    if (!attachment) return;
    batch(() => {
      const { [id]: _removed, ...rest } = attachments.value;
      attachments.value = rest;
      const current = rawValue(attachment.fieldId);
      setRaw(attachment.fieldId, (Array.isArray(current) ? current : []).filter((v) => v !== id));
    });
  }

  /** Shows a file error on a file field, as validation would. */
  function fileError(fieldId: string, stepId: string, error: JourneyError | undefined): void {
    const others = errorsFor(stepId).filter((e) => e.field !== fieldId);
    showErrors(stepId, error ? [...others, error] : others);
  }

  /** The first step shown that one of these errors is about. */
  function stepOfErrors(list: readonly FieldError[]): Step | undefined {
    return visible.value.find((step) => list.some((e) => stepOfField.get(e.field.split('.')[0] ?? '')?.id === step.id));
  }

  /**
   * Places errors returned by the server on their fields; returns the step of the first one
   * to show it, or `undefined` when none belongs to a step shown.
   */
  function placeServerErrors(list: Array<FieldError & { message?: string }>): string | undefined {
    const firstStep = stepOfErrors(list);
    if (!firstStep) return undefined;
    const own = list.filter((e) => stepOfField.get(e.field.split('.')[0] ?? '')?.id === firstStep.id);
    showErrors(
      firstStep.id,
      own.map((e) => toJourneyError(e, fieldsById.get(e.field.split('.')[0] ?? ''))),
    );
    returningToCheck.value = true;
    return firstStep.id;
  }

  const submission = signal<Submission>({ status: 'idle' });

  /** What a hand-off carries: the answers given and what the inputs hold, files left out. */
  function draft(): { answers: Answers; raw: Record<string, RawValue> } {
    const isFile = (id: string) => fieldsById.get(id)?.type === 'file';
    return {
      answers: Object.fromEntries(Object.entries(answers.value).filter(([id]) => !isFile(id))),
      raw: Object.fromEntries(Object.entries(raw.value).filter(([id]) => fieldsById.has(id) && !isFile(id))),
    };
  }

  /** Takes up a hand-off's draft: its answers (checked again at each Continue) and inputs. */
  function restore(saved: { answers?: unknown; raw?: unknown }): void {
    const known = (value: unknown) =>
      Object.fromEntries(Object.entries(value && typeof value === 'object' ? value : {}).filter(([id]) => fieldsById.has(id)));
    batch(() => {
      answers.value = pruneAnswers(procedure, known(saved.answers) as Answers);
      raw.value = known(saved.raw) as Record<string, RawValue>;
      clearErrors();
    });
  }

  return {
    procedure,
    raw,
    answers,
    errors,
    attachments,
    visible,
    submission,
    returningToCheck,
    step: stepById,
    field: (id: string) => fieldsById.get(id),
    isVisible,
    position,
    rawValue,
    setRaw,
    errorsFor,
    clearErrors,
    continueFrom,
    previousBefore,
    firstIncomplete,
    change,
    addAttachment,
    prepareFiles,
    filesReady,
    removeAttachment,
    fileError,
    placeServerErrors,
    stepOfErrors,
    draft,
    restore,
  };
}

/** Where the sending of the answers stands. */
export type Submission =
  | { status: 'idle' }
  | { status: 'sending' }
  | { status: 'failed' }
  | { status: 'rejected'; errors: Array<FieldError & { message?: string }> }
  /** Written to this terminal's outbox, not received yet: the person gets a provisional number. */
  | { status: 'saved'; key: string; provisional: string; pressedSendAt: string }
  /** `provisional` when the request was saved here first and the reference came later. */
  | { status: 'sent'; receipt: Receipt; provisional?: string };

/** What the town hall answers once it has the request. */
export interface Receipt {
  reference: string;
  trackingCode: string;
  receivedAt: string;
}

import { useEffect, useState } from 'preact/hooks';
import { tIsolated } from '../i18n/isolated.tsx';
import type { Content } from '../../../content/model/index.ts';
import { openHandoff } from '../api/handoff-client.ts';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { t } from '../i18n/i18n.ts';
import { journeyFor } from '../journey/session.ts';
import { navigate } from '../router/history.ts';
import { signIn, staff } from '../staff/staff-session.ts';

/** `field`: the id of the input the problem is about, which the summary links to. */
type Problem = { field: string | undefined; message: string };

function ProblemBox({ problem }: { problem: Problem | undefined }) {
  useEffect(() => {
    if (problem) document.getElementById('resume-problem')?.focus();
  }, [problem]);
  if (!problem) return null;
  return (
    <div class="error-summary" id="resume-problem" tabIndex={-1}>
      <div role="alert">
        <h2 class="error-summary__title">{t('errors.summaryTitle')}</h2>
        {problem.field ? (
          <ul class="error-summary__list">
            <li>
              <a
                href={`#${problem.field}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(problem.field!)?.focus();
                }}
              >
                {problem.message}
              </a>
            </li>
          </ul>
        ) : (
          <p>{problem.message}</p>
        )}
      </div>
    </div>
  );
}

interface InputProps {
  id: string;
  name: string;
  label: string;
  hint: string;
  type: 'text' | 'password';
  autocomplete: string;
  /** The problem's message when it is about this input. */
  error: string | undefined;
}

function Input({ id, name, label, hint, type, autocomplete, error }: InputProps) {
  const invalid = error !== undefined;
  return (
    <div class={`field${invalid ? ' field--error' : ''}`}>
      <label class="field__label" for={id}>
        {label}
      </label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {invalid ? (
        <p id={`${id}-error`} class="field-error">
          <span class="visually-hidden">{t('app.errorPrefix')}</span> {error}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        class="input input--wide"
        type={type}
        autocomplete={autocomplete}
        autocapitalize="off"
        spellcheck={false}
        dir="ltr"
        aria-describedby={invalid ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={invalid ? 'true' : undefined}
      />
    </div>
  );
}

/** Reception signs in on the desk's kiosk: identifier and code, paste allowed, no puzzle. */
function SignInForm({ town }: { town: string }) {
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const login = String(form.get('login') ?? '').trim();
    const code = String(form.get('code') ?? '');
    if (!login) return setProblem({ field: 'resume-login', message: t('resume.loginMissing') });
    if (!code) return setProblem({ field: 'resume-code', message: t('agents.codeMissing') });
    setBusy(true);
    const answer = await signIn('reception', login, code);
    setBusy(false);
    if (answer.kind === 'signed-in') return setProblem(undefined);
    if (answer.kind === 'wrong') setProblem({ field: 'resume-code', message: t('resume.wrong') });
    else if (answer.kind === 'limited') setProblem({ field: undefined, message: t('agents.limited', { minutes: Math.ceil(answer.retryAfterSeconds / 60) }) });
    else setProblem({ field: undefined, message: t('agents.offline') });
  };
  return (
    <Page title={t('resume.title')} town={town} hasErrors={problem !== undefined}>
      <Heading>{t('resume.title')}</Heading>
      <p class="lead">{t('resume.signInLead')}</p>
      <ProblemBox problem={problem} />
      <form noValidate onSubmit={submit} aria-label={t('resume.signInLabel')}>
        <Input id="resume-login" name="login" label={t('resume.login')} hint={t('resume.loginHint')} type="text" autocomplete="username" error={problem?.field === 'resume-login' ? problem.message : undefined} />
        <Input id="resume-code" name="code" label={t('agents.code')} hint={t('agents.codeHint')} type="password" autocomplete="current-password" error={problem?.field === 'resume-code' ? problem.message : undefined} />
        <p class="actions">
          <button type="submit" class="button button--primary">
            <Pictogram name="badge" />
            {t('agents.signIn')}
          </button>
        </p>
      </form>
      <p class="status" role="status">
        {busy ? t('agents.signingIn') : ''}
      </p>
    </Page>
  );
}

/** Signed in: the person's code, and the journey resumes where they stopped. */
function CodeForm({ content, name }: { content: Content; name: string }) {
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const typed = String(new FormData(event.currentTarget as HTMLFormElement).get('handoff') ?? '');
    setBusy(true);
    const { lookupOf, normalizeHandoffCode } = await import('../handoff/handoff-crypto.ts');
    const code = normalizeHandoffCode(typed);
    if (!code) {
      setBusy(false);
      return setProblem({ field: 'resume-handoff', message: t('resume.malformed') });
    }
    const derived = await lookupOf(code);
    const answer = await openHandoff(derived.lookup);
    if (answer.kind !== 'opened') {
      setBusy(false);
      if (answer.kind === 'not-found') return setProblem({ field: 'resume-handoff', message: t('resume.notFound') });
      if (answer.kind === 'limited') return setProblem({ field: undefined, message: t('resume.limited', { minutes: Math.ceil(answer.retryAfterSeconds / 60) }) });
      return setProblem({ field: undefined, message: t('agents.offline') });
    }
    const procedure = content.procedures.find((p) => p.id === answer.procedureId);
    const draft = (await derived.open(answer.procedureId, answer.sealed).catch(() => undefined)) as { stepId?: string; answers?: unknown; raw?: unknown } | undefined;
    setBusy(false);
    if (!procedure || !draft) return setProblem({ field: undefined, message: t('resume.unreadable') });
    const { journey } = journeyFor(procedure, content.site);
    journey.restore(draft);
    const stepId = draft.stepId && journey.isVisible(draft.stepId) ? draft.stepId : journey.firstIncomplete()?.id;
    navigate(stepId ? { name: 'step', procedureId: procedure.id, stepId } : { name: 'check', procedureId: procedure.id });
  };
  return (
    <Page title={t('resume.title')} town={content.site.town} hasErrors={problem !== undefined}>
      <Heading>{t('resume.title')}</Heading>
      <p class="lead">{tIsolated('resume.signedInAs', { name })}</p>
      <ProblemBox problem={problem} />
      <form noValidate onSubmit={submit} aria-label={t('resume.codeLabel')}>
        <Input id="resume-handoff" name="handoff" label={t('resume.personCode')} hint={t('resume.personCodeHint')} type="text" autocomplete="off" error={problem?.field === 'resume-handoff' ? problem.message : undefined} />
        <p class="actions">
          <button type="submit" class="button button--primary">
            <Pictogram name="next" />
            {t('resume.open')}
          </button>
        </p>
      </form>
      <p class="status" role="status">
        {busy ? t('resume.opening') : ''}
      </p>
    </Page>
  );
}

/** "Reprendre une démarche": the reception desk continues what a person began on a kiosk. */
export function ResumeScreen({ content }: { content: Content }) {
  const member = staff.value;
  if (member?.role === 'reception') return <CodeForm content={content} name={member.displayName} />;
  return <SignInForm town={content.site.town} />;
}

import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';
import { kioskSession } from '../session/kiosk-session.ts';
import { signIn } from '../staff/staff-session.ts';
import { Heading, Page } from './page.tsx';
import { Pictogram } from './pictogram.tsx';

type Problem = { field: 'login' | 'code' | undefined; message: string };

/**
 * Sign-in for agents and mediators (accessibility target 16): identifier and code, paste
 * allowed, no puzzle, `autocomplete="username"` and `"current-password"`; the error says what
 * to do. `texts` names the block of interface texts (`agents`, `mediation`).
 */
export function StaffSignInForm({ town, role, texts }: { town: string; role: 'agent' | 'mediator'; texts: 'agents' | 'mediation' }) {
  const say = (key: string, options?: Record<string, unknown>) => t(`${texts}.${key}`, options);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const login = String(form.get('login') ?? '').trim();
    const code = String(form.get('code') ?? '');
    if (!login) return setProblem({ field: 'login', message: say('loginMissing') });
    if (!code) return setProblem({ field: 'code', message: say('codeMissing') });
    setBusy(true);
    const answer = await signIn(role, login, code);
    setBusy(false);
    if (answer.kind === 'signed-in') return setProblem(undefined);
    const input = formElement.elements.namedItem('code');
    if (input instanceof HTMLInputElement) input.value = '';
    if (answer.kind === 'wrong') setProblem({ field: 'code', message: say('wrong') });
    else if (answer.kind === 'limited') setProblem({ field: undefined, message: say('limited', { minutes: Math.ceil(answer.retryAfterSeconds / 60) }) });
    else setProblem({ field: undefined, message: say('offline') });
  };
  useEffect(() => {
    if (problem) document.getElementById('staff-problem')?.focus();
  }, [problem]);
  const invalid = (field: Problem['field']) => (problem?.field === field ? 'true' : undefined);
  return (
    <Page title={say('title')} town={town} hasErrors={problem !== undefined}>
      <Heading>{say('title')}</Heading>
      <p class="lead">{say('lead')}</p>
      {problem ? (
        <div class="error-summary" id="staff-problem" tabIndex={-1}>
          <div role="alert">
            <h2 class="error-summary__title">{t('errors.summaryTitle')}</h2>
            <p>{problem.message}</p>
          </div>
        </div>
      ) : null}
      <form noValidate onSubmit={submit} aria-label={say('formLabel')}>
        <div class={`field${problem?.field === 'login' ? ' field--error' : ''}`}>
          <label class="field__label" for={`${role}-login`}>
            {say('login')}
          </label>
          <p class="hint" id={`${role}-login-hint`}>
            {say('loginHint')}
          </p>
          <input
            id={`${role}-login`}
            name="login"
            class="input input--wide"
            type="text"
            autocomplete="username"
            autocapitalize="off"
            spellcheck={false}
            dir="ltr"
            aria-describedby={`${role}-login-hint`}
            aria-invalid={invalid('login')}
          />
        </div>
        <div class={`field${problem?.field === 'code' ? ' field--error' : ''}`}>
          <label class="field__label" for={`${role}-code`}>
            {say('code')}
          </label>
          <p class="hint" id={`${role}-code-hint`}>
            {say('codeHint')}
          </p>
          <input
            id={`${role}-code`}
            name="code"
            class="input input--wide"
            type="password"
            autocomplete="current-password"
            dir="ltr"
            aria-describedby={`${role}-code-hint`}
            aria-invalid={invalid('code')}
          />
        </div>
        <p class="actions">
          <button type="submit" class="button button--primary">
            <Pictogram name="badge" />
            {say('signIn')}
          </button>
        </p>
      </form>
      <p class="status" role="status">
        {busy ? say('signingIn') : ''}
      </p>
    </Page>
  );
}


/** Signing out ends the whole kiosk session: the staff member's traces go with it. */
export function StaffSignOut() {
  return (
    <p class="actions">
      <button type="button" class="button button--secondary" onClick={() => void kioskSession.end('signed-out')}>
        <Pictogram name="close" />
        {t('agents.signOut')}
      </button>
    </p>
  );
}

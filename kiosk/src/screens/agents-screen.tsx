import { useEffect, useState } from 'preact/hooks';
import type { Content } from '../../../content/model/index.ts';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { formatLocale, t, text } from '../i18n/i18n.ts';
import { pathOf } from '../router/routes.ts';
import { kioskSession } from '../session/kiosk-session.ts';
import { refreshRequests, signIn, staff, staffRequests } from '../staff/staff-session.ts';

type Problem = { field: 'login' | 'code' | undefined; message: string };

/**
 * Sign-in for agents (accessibility target 16): agent number and code, paste allowed, no
 * puzzle, `autocomplete="username"` and `"current-password"`; the error says what to do.
 */
function SignInForm({ town }: { town: string }) {
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const login = String(form.get('login') ?? '').trim();
    const code = String(form.get('code') ?? '');
    if (!login) return setProblem({ field: 'login', message: t('agents.loginMissing') });
    if (!code) return setProblem({ field: 'code', message: t('agents.codeMissing') });
    setBusy(true);
    const answer = await signIn('agent', login, code);
    setBusy(false);
    if (answer.kind === 'signed-in') return setProblem(undefined);
    const input = formElement.elements.namedItem('code');
    if (input instanceof HTMLInputElement) input.value = '';
    if (answer.kind === 'wrong') setProblem({ field: 'code', message: t('agents.wrong') });
    else if (answer.kind === 'limited') setProblem({ field: undefined, message: t('agents.limited', { minutes: Math.ceil(answer.retryAfterSeconds / 60) }) });
    else setProblem({ field: undefined, message: t('agents.offline') });
  };
  useEffect(() => {
    if (problem) document.getElementById('agents-problem')?.focus();
  }, [problem]);
  const invalid = (field: Problem['field']) => (problem?.field === field ? 'true' : undefined);
  return (
    <Page title={t('agents.title')} town={town} hasErrors={problem !== undefined}>
      <Heading>{t('agents.title')}</Heading>
      <p class="lead">{t('agents.lead')}</p>
      {problem ? (
        <div class="error-summary" id="agents-problem" tabIndex={-1}>
          <div role="alert">
            <h2 class="error-summary__title">{t('errors.summaryTitle')}</h2>
            <p>{problem.message}</p>
          </div>
        </div>
      ) : null}
      <form noValidate onSubmit={submit} aria-label={t('agents.formLabel')}>
        <div class={`field${problem?.field === 'login' ? ' field--error' : ''}`}>
          <label class="field__label" for="agent-login">
            {t('agents.login')}
          </label>
          <p class="hint" id="agent-login-hint">
            {t('agents.loginHint')}
          </p>
          <input
            id="agent-login"
            name="login"
            class="input input--wide"
            type="text"
            autocomplete="username"
            autocapitalize="off"
            spellcheck={false}
            dir="ltr"
            aria-describedby="agent-login-hint"
            aria-invalid={invalid('login')}
          />
        </div>
        <div class={`field${problem?.field === 'code' ? ' field--error' : ''}`}>
          <label class="field__label" for="agent-code">
            {t('agents.code')}
          </label>
          <p class="hint" id="agent-code-hint">
            {t('agents.codeHint')}
          </p>
          <input
            id="agent-code"
            name="code"
            class="input input--wide"
            type="password"
            autocomplete="current-password"
            dir="ltr"
            aria-describedby="agent-code-hint"
            aria-invalid={invalid('code')}
          />
        </div>
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

/** A signed-in agent's space: their procedures (audience agent only), their requests, sign-out. */
function AgentSpace({ content, name }: { content: Content; name: string }) {
  useEffect(() => void refreshRequests(), []);
  const procedures = content.procedures.filter((p) => p.audience === 'agent');
  const titles = new Map(content.procedures.map((p) => [p.id, p.title]));
  const requests = staffRequests.value;
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'long', timeZone: 'Europe/Paris' });
  return (
    <Page title={t('agents.title')} town={content.site.town}>
      <Heading>{t('agents.title')}</Heading>
      <p class="lead">{t('agents.signedInAs', { name })}</p>
      <section class="section" aria-labelledby="agent-procedures">
        <h2 id="agent-procedures" class="section__title">
          {t('agents.proceduresHeading')}
        </h2>
        <ul class="procedures">
          {procedures.map((procedure) => (
            <li key={procedure.id}>
              <Link class="procedure-card" href={pathOf({ name: 'intro', procedureId: procedure.id })}>
                <Pictogram name={procedure.pictogram} size="large" />
                <span class="procedure-card__text">
                  <span class="procedure-card__title">{text(procedure.title)}</span>
                  <span class="procedure-card__summary">{text(procedure.summary)}</span>
                </span>
                <Pictogram name="next" />
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section class="section" aria-labelledby="agent-requests">
        <h2 id="agent-requests" class="section__title">
          {t('agents.requestsHeading')}
        </h2>
        {requests === undefined ? (
          <p role="status">{t('app.loading')}</p>
        ) : requests.length === 0 ? (
          <p>{t('agents.noRequests')}</p>
        ) : (
          <ul class="staff-requests">
            {requests.map((r) => (
              <li key={r.reference} class="staff-requests__item">
                <strong>{text(titles.get(r.procedureId)) || r.procedureId}</strong>
                <span>
                  {t('agents.requestLine', { reference: r.reference, date: date.format(new Date(r.receivedAt)), status: t(`agents.status.${r.status}`) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p class="actions">
        <button type="button" class="button button--secondary" onClick={() => void kioskSession.end('signed-out')}>
          <Pictogram name="close" />
          {t('agents.signOut')}
        </button>
      </p>
    </Page>
  );
}

/** "Espace agents": sign-in, then the agent's procedures and requests. */
export function AgentsScreen({ content }: { content: Content }) {
  const member = staff.value;
  if (member?.role === 'agent') return <AgentSpace content={content} name={member.displayName} />;
  return <SignInForm town={content.site.town} />;
}

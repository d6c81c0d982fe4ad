import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import type { Content } from '../../content/model/index.ts';
import { App } from './app.tsx';
import { loadContent } from './content/content-store.ts';
import { setLocale } from './i18n/i18n.ts';
import { endSession } from './journey/session.ts';
import { navigate } from './router/history.ts';
import { start } from './start.ts';
// What the person reads is French typography: a no-break space before ? ! : ; (i18n/typography.ts).
import { frenchSpacing } from './i18n/typography.ts';

// jsdom's import.meta.url is not a file URL: name the folder from the project root.
const content: Content = readContent(`${process.cwd()}/content`);

interface Sent {
  headers: Headers;
  body: { procedureId: string; procedureVersion: number; locale: string; answers: Record<string, unknown> };
}

let sent: Sent[] = [];
let submissionAnswer: () => Response = () =>
  Response.json({ reference: 'K7M2-Q9XD', trackingCode: 'H4TR8P', receivedAt: '2026-11-28T10:00:00+01:00' }, { status: 201 });

function fakeServer(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
  if (url.pathname === '/api/content') return Promise.resolve(Response.json(content));
  if (url.pathname === '/api/submissions' && init?.method === 'POST') {
    sent.push({ headers: new Headers(init.headers), body: JSON.parse(String(init.body)) });
    return Promise.resolve(submissionAnswer());
  }
  return Promise.resolve(new Response('not found', { status: 404 }));
}

beforeAll(async () => {
  vi.stubGlobal('fetch', vi.fn(fakeServer));
  await start();
});

beforeEach(async () => {
  sent = [];
  submissionAnswer = () =>
    Response.json({ reference: 'K7M2-Q9XD', trackingCode: 'H4TR8P', receivedAt: '2026-11-28T10:00:00+01:00' }, { status: 201 });
  endSession();
  navigate('/', { replace: true });
  await setLocale('fr');
});

afterEach(() => cleanup());

async function openApp() {
  const user = userEvent.setup({ delay: null });
  render(<App />);
  await screen.findByRole('heading', { level: 1, name: 'Bienvenue à la mairie de Belval-sur-Loire' });
  return user;
}

const continueButton = () => screen.getByRole('button', { name: 'Continuer' });

async function startWriting(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('link', { name: /Écrire à la mairie/ }));
  await screen.findByRole('heading', { level: 1, name: 'Écrire à la mairie' });
  await user.click(screen.getByRole('button', { name: 'Commencer' }));
  await screen.findByRole('heading', { level: 1, name: frenchSpacing("De quoi s'agit-il ?") });
}

/** Topic, message and name: the three steps before the conditional ones. */
async function answerFirstSteps(user: ReturnType<typeof userEvent.setup>) {
  await startWriting(user);
  await user.click(screen.getByRole('radio', { name: 'Une question' }));
  await user.click(continueButton());
  await user.type(await screen.findByRole('textbox', { name: 'Votre message' }), 'Quand ouvre la piscine municipale ?');
  await user.click(continueButton());
  await user.type(await screen.findByRole('textbox', { name: 'Prénom' }), '  Marie ');
  await user.type(screen.getByRole('textbox', { name: 'Nom de famille' }), 'Martin');
  await user.click(continueButton());
  await screen.findByRole('heading', { level: 1, name: frenchSpacing('Comment voulez-vous recevoir la réponse ?') });
}

describe('the guided journey', { timeout: 20_000 }, () => {
  it('shows a banner with the town and the tools, a main and a footer with the accessibility page', async () => {
    await openApp();
    expect(within(screen.getByRole('banner')).getByText('Mairie de Belval-sur-Loire')).toBeTruthy();
    const tools = within(screen.getByRole('navigation', { name: 'Menu' })).getAllByRole('link');
    expect(tools.map((link) => link.textContent)).toEqual(['Accueil', 'Langue', 'Aide']);
    expect(screen.getByRole('main')).toBeTruthy();
    expect(within(screen.getByRole('contentinfo')).getByRole('link', { name: 'Accessibilité' })).toBeTruthy();
    expect(document.title).toBe('Accueil – Mairie de Belval-sur-Loire');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 })));
  });

  it('lists resident procedures by category; agent ones only behind "Espace agents"', async () => {
    await openApp();
    expect(screen.getByRole('heading', { level: 3, name: 'Contacter la mairie' })).toBeTruthy();
    for (const procedure of content.procedures.filter((p) => p.audience === 'agent'))
      expect(screen.queryByRole('link', { name: new RegExp(procedure.title.fr ?? '') })).toBeNull();
    expect(screen.getByRole('link', { name: 'Espace agents' })).toBeTruthy();
  });

  it('completes write-to-town-hall up to the check page, then sends it', async () => {
    const user = await openApp();
    await answerFirstSteps(user);
    // Whether the email question comes depends on this answer: no total yet, then one that holds.
    expect(screen.getByText('Étape 4')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Par e-mail' }));
    await user.click(continueButton());
    const email = await screen.findByRole('textbox', { name: 'Votre adresse e-mail' });
    expect(email.getAttribute('autocomplete')).toBe('email');
    expect(screen.getByText('Étape 5 sur 6')).toBeTruthy();
    await user.type(email, 'marie.martin@exemple.fr');
    await user.click(continueButton());
    await screen.findByText('Étape 6 sur 6');
    const phone = await screen.findByRole('textbox', { name: /Votre numéro de téléphone \(facultatif\)/ });
    expect(document.title).toBe('Étape 6 sur 6 – Votre numéro de téléphone – Mairie de Belval-sur-Loire');
    await waitFor(() => expect(document.activeElement?.tagName).toBe('H1'));
    await user.type(phone, '06 12 34 56 78');
    await user.click(continueButton());

    await screen.findByRole('heading', { level: 1, name: 'Vérifiez vos réponses' });
    expect(document.title).toBe('Vérifiez vos réponses – Mairie de Belval-sur-Loire');
    expect(screen.getByText('Une question')).toBeTruthy();
    expect(screen.getByText('Par e-mail')).toBeTruthy();
    expect(screen.getByText('06 12 34 56 78')).toBeTruthy();
    expect(screen.getByText(/Service Courrier et accueil/)).toBeTruthy();
    expect(screen.getAllByRole('link', { name: /^Modifier/ })).toHaveLength(7);

    await user.click(screen.getByRole('button', { name: 'Envoyer ma demande' }));
    await screen.findByRole('heading', { level: 1, name: 'Votre demande est envoyée' });
    expect(screen.getByText('K7M2-Q9XD')).toBeTruthy();
    expect(screen.getByText('H4TR8P')).toBeTruthy();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[0]?.body).toEqual({
      procedureId: 'write-to-town-hall',
      procedureVersion: 2,
      locale: 'fr',
      answers: {
        topic: 'question',
        message: 'Quand ouvre la piscine municipale ?',
        givenName: 'Marie',
        familyName: 'Martin',
        replyBy: 'email',
        email: 'marie.martin@exemple.fr',
        phone: '0612345678',
      },
    });

    await user.click(screen.getByRole('button', { name: 'Terminer' }));
    await screen.findByRole('heading', { level: 1, name: 'Bienvenue à la mairie de Belval-sur-Loire' });
    expect(location.pathname).toBe('/');
    // The answers are gone: starting again shows an empty first step.
    await startWriting(user);
    expect((screen.getByRole('radio', { name: 'Une question' }) as HTMLInputElement).checked).toBe(false);
  });

  it('shows an error summary that takes focus, links to the field, and marks the field', async () => {
    const user = await openApp();
    await startWriting(user);
    await user.click(continueButton());
    const summary = await screen.findByRole('alert');
    expect(document.activeElement?.contains(summary)).toBe(true);
    expect(document.title).toBe(frenchSpacing("Erreur : Étape 1 – De quoi s'agit-il ? – Mairie de Belval-sur-Loire"));
    const link = within(summary).getByRole('link', { name: 'Choisissez une réponse pour continuer.' });
    const group = screen.getByRole('radiogroup', { name: frenchSpacing("De quoi s'agit-il ?") });
    expect(group.getAttribute('aria-invalid')).toBe('true');
    const message = document.getElementById('f-topic-error');
    expect(group.getAttribute('aria-describedby')).toContain('f-topic-error');
    expect(message?.textContent).toContain('Choisissez une réponse pour continuer.');
    await user.click(link);
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Une question' }));

    await user.click(screen.getByRole('radio', { name: 'Une question' }));
    await user.click(continueButton());
    const message2 = await screen.findByRole('textbox', { name: 'Votre message' });
    await user.type(message2, 'Court');
    await user.click(continueButton());
    await screen.findByRole('alert');
    expect(message2.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(message2.getAttribute('aria-describedby')?.split(' ').at(-1) ?? '')?.textContent).toContain(
      'Écrivez au moins 10 caractères',
    );
  });

  it('shows the address step only for an answer by post, and Back keeps what was typed', async () => {
    const user = await openApp();
    await answerFirstSteps(user);
    await user.click(screen.getByRole('radio', { name: 'Par courrier' }));
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Votre adresse postale' });
    await user.type(screen.getByRole('textbox', { name: 'Numéro et nom de la rue' }), '12 rue des Lilas');
    await user.type(screen.getByRole('textbox', { name: 'Code postal' }), '41200');
    expect(screen.getByRole('textbox', { name: 'Code postal' }).getAttribute('inputmode')).toBe('numeric');
    await user.click(screen.getByRole('link', { name: 'Retour' }));
    await screen.findByRole('heading', { level: 1, name: frenchSpacing('Comment voulez-vous recevoir la réponse ?') });
    expect((screen.getByRole('radio', { name: 'Par courrier' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('link', { name: 'Retour' }));
    // What was typed stays as typed; the answer itself is trimmed.
    expect(((await screen.findByRole('textbox', { name: 'Prénom' })) as HTMLInputElement).value).toBe('  Marie ');
    await user.click(continueButton());
    await user.click(await screen.findByRole('button', { name: 'Continuer' }));
    await screen.findByRole('heading', { level: 1, name: 'Votre adresse postale' });
    expect((screen.getByRole('textbox', { name: 'Numéro et nom de la rue' }) as HTMLInputElement).value).toBe('12 rue des Lilas');
  });

  it('returns to the check page after a Change, and forgets answers of steps now hidden', async () => {
    const user = await openApp();
    await answerFirstSteps(user);
    await user.click(screen.getByRole('radio', { name: 'Par e-mail' }));
    await user.click(continueButton());
    await user.type(await screen.findByRole('textbox', { name: 'Votre adresse e-mail' }), 'marie@exemple.fr');
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Votre numéro de téléphone (facultatif)' });
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Vérifiez vos réponses' });
    expect(screen.getByText('Pas de réponse')).toBeTruthy();

    await user.click(screen.getByRole('link', { name: 'Modifier Votre message' }));
    const message = await screen.findByRole('textbox', { name: 'Votre message' });
    await user.clear(message);
    await user.type(message, 'Une autre question pour la mairie.');
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Vérifiez vos réponses' });
    expect(screen.getByText('Une autre question pour la mairie.')).toBeTruthy();

    await user.click(screen.getByRole('link', { name: frenchSpacing('Modifier Comment voulez-vous recevoir la réponse ?') }));
    await user.click(await screen.findByRole('radio', { name: 'Par courrier' }));
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Votre adresse postale' });
    await user.type(screen.getByRole('textbox', { name: 'Numéro et nom de la rue' }), '12 rue des Lilas');
    await user.type(screen.getByRole('textbox', { name: 'Code postal' }), '41200');
    await user.type(screen.getByRole('textbox', { name: 'Ville' }), 'Belval-sur-Loire');
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Vérifiez vos réponses' });
    expect(screen.queryByText('marie@exemple.fr')).toBeNull();
    expect(screen.getByText('41200 Belval-sur-Loire')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Envoyer ma demande' }));
    await screen.findByRole('heading', { level: 1, name: 'Votre demande est envoyée' });
    expect(sent[0]?.body.answers).not.toHaveProperty('email');
    expect(sent[0]?.body.answers.address).toEqual({ street: '12 rue des Lilas', postcode: '41200', city: 'Belval-sur-Loire' });
  });

  it('keeps the answers when sending fails, and tries again with the same key', async () => {
    const user = await openApp();
    await answerFirstSteps(user);
    await user.click(screen.getByRole('radio', { name: 'Par e-mail' }));
    await user.click(continueButton());
    await user.type(await screen.findByRole('textbox', { name: 'Votre adresse e-mail' }), 'marie@exemple.fr');
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Votre numéro de téléphone (facultatif)' });
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Vérifiez vos réponses' });
    submissionAnswer = () => new Response('{}', { status: 503 });
    await user.click(screen.getByRole('button', { name: 'Envoyer ma demande' }));
    expect((await screen.findByRole('alert')).textContent).toContain("Votre demande n'est pas partie");
    submissionAnswer = () =>
      Response.json({ reference: 'AB12-CD34', trackingCode: 'ZZ99', receivedAt: '2026-11-28T10:00:00+01:00' }, { status: 201 });
    await user.click(screen.getByRole('button', { name: 'Réessayer' }));
    await screen.findByText('AB12-CD34');
    expect(sent.map((s) => s.headers.get('idempotency-key'))).toEqual([
      sent[0]?.headers.get('idempotency-key'),
      sent[0]?.headers.get('idempotency-key'),
    ]);
  });

  it('shows errors the server finds on their field, as its own errors', async () => {
    const user = await openApp();
    await answerFirstSteps(user);
    await user.click(screen.getByRole('radio', { name: 'Par e-mail' }));
    await user.click(continueButton());
    await user.type(await screen.findByRole('textbox', { name: 'Votre adresse e-mail' }), 'marie@exemple.fr');
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Votre numéro de téléphone (facultatif)' });
    await user.click(continueButton());
    await screen.findByRole('heading', { level: 1, name: 'Vérifiez vos réponses' });
    submissionAnswer = () =>
      Response.json(
        { type: 'about:blank', status: 422, errors: [{ field: 'email', code: 'email', message: 'Adresse invalide.' }] },
        { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
      );
    await user.click(screen.getByRole('button', { name: 'Envoyer ma demande' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: /Écrivez une adresse e-mail complète/ })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Votre adresse e-mail' }).getAttribute('aria-invalid')).toBe('true');
    expect(document.title.startsWith(frenchSpacing('Erreur : '))).toBe(true);
  });

  it('switches <html lang dir> with the language, FALC as lang="fr"', async () => {
    const user = await openApp();
    const arabic = screen.getByRole('button', { name: 'العربية' });
    expect(arabic.getAttribute('lang')).toBe('ar');
    expect(screen.getByRole('button', { name: 'Français facile' }).getAttribute('lang')).toBe('fr');
    await user.click(arabic);
    await waitFor(() => expect(document.documentElement.dir).toBe('rtl'));
    expect(document.documentElement.lang).toBe('ar');
    expect(await screen.findByRole('heading', { level: 1, name: 'مرحباً بك في بلدية Belval-sur-Loire' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Français facile' }));
    await waitFor(() => expect(document.documentElement.dir).toBe('ltr'));
    expect(document.documentElement.lang).toBe('fr');
    expect(screen.getByRole('heading', { level: 2, name: frenchSpacing('Que voulez-vous faire ?') })).toBeTruthy();
  });

  it('changes language from the banner during a journey, keeping the answers', async () => {
    const user = await openApp();
    await startWriting(user);
    await user.click(screen.getByRole('radio', { name: 'Une demande' }));
    await user.click(screen.getByRole('link', { name: 'Langue' }));
    await screen.findByRole('heading', { level: 1, name: 'Choisir la langue' });
    await user.click(screen.getByRole('button', { name: 'English' }));
    await screen.findByRole('heading', { level: 1, name: 'What is it about?' });
    expect((screen.getByRole('radio', { name: 'A request' }) as HTMLInputElement).checked).toBe(true);
    expect(document.documentElement.lang).toBe('en');
  });

  it('says when a page does not exist, and when the content cannot be loaded', async () => {
    navigate('/p/nothing-here', { replace: true });
    await openAppAt('Page introuvable');
    expect(screen.getByRole('link', { name: "Revenir à l'accueil" })).toBeTruthy();
    cleanup();

    vi.mocked(fetch).mockImplementationOnce(() => Promise.reject(new TypeError('Failed to fetch')));
    navigate('/', { replace: true });
    await loadContent();
    const user = userEvent.setup({ delay: null });
    await openAppAt('Le service ne répond pas');
    await user.click(screen.getByRole('button', { name: 'Réessayer' }));
    await screen.findByRole('heading', { level: 1, name: 'Bienvenue à la mairie de Belval-sur-Loire' });
  });
});

async function openAppAt(heading: string) {
  render(<App />);
  await screen.findByRole('heading', { level: 1, name: heading });
}

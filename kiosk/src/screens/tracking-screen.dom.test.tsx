import { act, cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readContent } from '../../../content/check/index.ts';
import type { Content } from '../../../content/model/index.ts';
import { App } from '../app.tsx';
import { setLocale } from '../i18n/i18n.ts';
import { navigate } from '../router/history.ts';
import { start } from '../start.ts';
import { frenchSpacing } from '../i18n/typography.ts';

// jsdom's import.meta.url is not a file URL: name the folder from the project root.
const content: Content = readContent(`${process.cwd()}/content`);
const procedure = content.procedures[0]!;

const FOUND = {
  reference: '7KQ4-M2XD',
  procedureId: procedure.id,
  status: 'delivered',
  receivedAt: '2026-11-28T10:00:00+01:00',
  history: [
    { status: 'received', at: '2026-11-28T10:00:00+01:00' },
    { status: 'delivered', at: '2026-11-28T10:05:00+01:00' },
  ],
  explanation: { locale: 'fr', status: 'Le service de la mairie a reçu votre demande.', next: 'Le service étudie votre demande et vous répondra.' },
  receipt: { kind: 'receipt', html: '/api/submissions/7KQ4-M2XD/receipt.html', pdf: '/api/submissions/7KQ4-M2XD/receipt.pdf' },
  purgedAt: null,
};

const PROBLEM = { 'Content-Type': 'application/problem+json' };
let asked: URL[] = [];
let answer: (url: URL) => Response | Promise<Response> = () => Response.json(FOUND);

function fakeServer(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
  if (url.pathname === '/api/content') return Promise.resolve(Response.json(content));
  if (url.pathname.startsWith('/api/submissions/')) {
    asked.push(url);
    return Promise.resolve(answer(url));
  }
  return Promise.resolve(new Response('not found', { status: 404 }));
}

beforeAll(async () => {
  vi.stubGlobal('fetch', vi.fn(fakeServer));
  await start();
});

beforeEach(async () => {
  asked = [];
  answer = () => Response.json(FOUND);
  navigate('/', { replace: true });
  await setLocale('fr');
});

afterEach(() => cleanup());

async function openTracking(path = '/suivi') {
  const user = userEvent.setup({ delay: null });
  render(<App />);
  await screen.findByRole('heading', { level: 1, name: /Bienvenue/ });
  if (path === '/suivi') await user.click(screen.getByRole('link', { name: /Suivre ma demande/ }));
  else act(() => navigate(path));
  const heading = await screen.findByRole('heading', { level: 1, name: 'Suivre ma demande' });
  // Focus moves to the heading after the first paint; a person cannot type before that.
  await waitFor(() => expect(document.activeElement).toBe(heading));
  return user;
}

const referenceBox = () => screen.getByRole('textbox', { name: 'Référence de la demande' });
const codeBox = () => screen.getByRole('textbox', { name: 'Code de suivi' });
const follow = () => screen.getByRole('button', { name: 'Voir où en est ma demande' });

describe('Suivre ma demande', { timeout: 20_000 }, () => {
  it('is one tap from home, asks the reference and the code as labelled fields with examples', async () => {
    await openTracking();
    expect(document.title).toBe('Suivre ma demande – Mairie de Belval-sur-Loire');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 })));
    for (const [box, example] of [
      [referenceBox(), frenchSpacing('Par exemple : 7KQ4-M2XD')],
      [codeBox(), frenchSpacing('Par exemple : H4TR8P')],
    ] as const) {
      expect(box.getAttribute('autocomplete')).toBe('off');
      expect(box.getAttribute('inputmode')).toBe('text');
      expect(box.getAttribute('autocapitalize')).toBe('characters');
      expect(box.getAttribute('placeholder')).toBeNull();
      expect((box as HTMLInputElement).labels?.[0]?.textContent).toBeTruthy();
      expect(box.getAttribute('aria-describedby')).toBeTruthy();
      const hint = document.getElementById(box.getAttribute('aria-describedby')!.split(' ')[0]!);
      expect(hint?.textContent).toContain(example);
    }
    // The code is a secret: read-aloud skips it.
    expect(codeBox().hasAttribute('data-private')).toBe(true);
    expect(referenceBox().closest('form')?.noValidate).toBe(true);
  });

  it('says what is missing before asking the server', async () => {
    const user = await openTracking();
    await user.click(follow());
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: /Saisissez la référence de la demande/ }).getAttribute('href')).toBe(
      `#${referenceBox().id}`,
    );
    expect(within(summary).getByRole('link', { name: /Saisissez le code de suivi/ })).toBeTruthy();
    expect(document.title).toBe(frenchSpacing('Erreur : Suivre ma demande – Mairie de Belval-sur-Loire'));
    expect(referenceBox().getAttribute('aria-invalid')).toBe('true');
    expect(asked).toEqual([]);
    await user.type(referenceBox(), '7KQ4M2X');
    await user.type(codeBox(), 'H4TR8P');
    await user.click(follow());
    await screen.findByRole('link', { name: /La référence a 8 lettres et chiffres/ });
    expect(asked).toEqual([]);
  });

  it('sends what was typed in lower case without hyphen, normalised, and shows where the request stands', async () => {
    const user = await openTracking();
    await user.type(referenceBox(), ' 7kq4 m2xd');
    await user.type(codeBox(), 'h4tr8p');
    await user.click(follow());
    const heading = await screen.findByRole('heading', { level: 1, name: 'Où en est votre demande' });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.pathname).toBe('/api/submissions/7KQ4-M2XD');
    expect(Object.fromEntries(asked[0]!.searchParams)).toEqual({ code: 'H4TR8P', locale: 'fr' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(document.title).toBe('Suivi de la demande 7KQ4-M2XD – Mairie de Belval-sur-Loire');
    const main = screen.getByRole('main');
    expect(main.textContent).toContain('Le service de la mairie a reçu votre demande.');
    expect(main.textContent).toContain('Le service étudie votre demande et vous répondra.');
    expect(main.textContent).toContain('7KQ4-M2XD');
    const history = within(main).getAllByRole('list').find((l) => l.tagName === 'OL')!;
    expect(within(history).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Demande enregistrée 28 novembre 2026 à 10:00',
      'Reçue par le service de la mairie 28 novembre 2026 à 10:05',
    ]);
    expect(screen.getByRole('button', { name: "Imprimer l'accusé" })).toBeTruthy();
    // Never the code on the result, nor anywhere it would outlive the screen.
    expect(main.textContent).not.toContain('H4TR8P');
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain('H4TR8P');
  });

  it('asks again in the new language when the language changes on the result', async () => {
    const user = await openTracking();
    await user.type(referenceBox(), '7KQ4-M2XD');
    await user.type(codeBox(), 'H4TR8P');
    await user.click(follow());
    await screen.findByRole('heading', { level: 1, name: 'Où en est votre demande' });
    answer = (url) =>
      Response.json({ ...FOUND, explanation: { locale: url.searchParams.get('locale'), status: 'The department has your request.', next: 'It will answer.' } });
    await act(() => setLocale('en'));
    await screen.findByText('The department has your request.');
    expect(asked.at(-1)!.searchParams.get('locale')).toBe('en');
    expect(screen.getByRole('heading', { level: 1, name: 'Where your request stands' })).toBeTruthy();
    expect(screen.getByRole('main').textContent).toContain('November 28, 2026 at 10:00 AM');
  });

  it('answers a 404 in plain words without saying which of the two is wrong', async () => {
    answer = () => new Response(JSON.stringify({ code: 'submission-not-found' }), { status: 404, headers: PROBLEM });
    const user = await openTracking();
    await user.type(referenceBox(), '7KQ4-M2XD');
    await user.type(codeBox(), 'ZZZZZZ');
    await user.click(follow());
    const message = /Nous n'avons trouvé aucune demande avec cette référence et ce code\. Vérifiez les deux/;
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: message })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(summary.parentElement));
    expect(document.title.startsWith(frenchSpacing('Erreur : '))).toBe(true);
    for (const box of [referenceBox(), codeBox()]) {
      expect(box.getAttribute('aria-invalid')).toBe('true');
      expect(box.getAttribute('aria-describedby')).toContain('tracking-match-error');
    }
    // What was typed stays, to be checked.
    expect((referenceBox() as HTMLInputElement).value).toBe('7KQ4-M2XD');
  });

  it('answers a 429 with the minutes to wait, or reception', async () => {
    answer = () => new Response(JSON.stringify({ code: 'too-many-guesses' }), { status: 429, headers: { ...PROBLEM, 'Retry-After': '540' } });
    const user = await openTracking();
    await user.type(referenceBox(), '7KQ4-M2XD');
    await user.type(codeBox(), 'H4TR8P');
    await user.click(follow());
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Attendez 9 minutes puis réessayez, ou demandez à l\'accueil de la mairie.');
  });

  it('says when the server cannot be reached and offers Réessayer', async () => {
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    const user = await openTracking();
    await user.type(referenceBox(), '7KQ4-M2XD');
    await user.type(codeBox(), 'H4TR8P');
    await user.click(follow());
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('La connexion avec la mairie ne fonctionne pas pour le moment.');
    answer = () => Response.json(FOUND);
    await user.click(screen.getByRole('button', { name: 'Réessayer' }));
    await screen.findByRole('heading', { level: 1, name: 'Où en est votre demande' });
  });

  it('fills the reference from the address of the QR code, and forgets everything once left', async () => {
    const user = await openTracking('/suivi/7kq4-m2xd');
    expect((referenceBox() as HTMLInputElement).value).toBe('7KQ4-M2XD');
    expect((codeBox() as HTMLInputElement).value).toBe('');
    await user.type(codeBox(), 'H4TR8P');
    await user.click(follow());
    await screen.findByRole('heading', { level: 1, name: 'Où en est votre demande' });
    await user.click(screen.getByRole('link', { name: "Revenir à l'accueil" }));
    await screen.findByRole('heading', { level: 1, name: /Bienvenue/ });
    await user.click(screen.getByRole('link', { name: /Suivre ma demande/ }));
    await screen.findByRole('heading', { level: 1, name: 'Suivre ma demande' });
    expect((referenceBox() as HTMLInputElement).value).toBe('');
    expect((codeBox() as HTMLInputElement).value).toBe('');
  });

  it('shows the request’s life, and once silence has accepted offers its attestation to print (L232-3)', async () => {
    answer = () =>
      Response.json({
        ...FOUND,
        life: {
          status: 'deemed-accepted',
          history: [
            { status: 'registered', at: '2026-03-02T09:00:00.000Z', by: 'guichet' },
            { status: 'received', at: '2026-03-02T09:05:00.000Z', by: 'guichet' },
            { status: 'deemed-accepted', at: '2026-05-02T07:00:00.000Z', by: 'guichet', decidedOn: '2026-05-02' },
          ],
          dates: { receivedOn: '2026-03-02', suspended: false, decidedOn: '2026-05-02' },
        },
      });
    const user = await openTracking('/suivi/7kq4-m2xd');
    await user.type(codeBox(), 'H4TR8P');
    await user.click(follow());
    const life = await screen.findByRole('region', { name: 'Votre demande auprès du service' });
    expect(life.textContent).toContain('Acceptée sans réponse du service (décision implicite)');
    await user.click(within(life).getByRole('button', { name: 'Imprimer l’attestation d’acceptation' }));
    await waitFor(() => expect(document.querySelector('iframe')?.getAttribute('src')).toBe('/api/submissions/7KQ4-M2XD/attestation.html?code=H4TR8P&paper=a4'));
  });
});

import { describe, expect, it } from 'vitest';
import { siteConnectors } from '../routes.ts';
import { fromRoute } from './registry.ts';

const SMTP_ENV = {
  GUICHET_SMTP_HOST: 'smtp.belval-sur-loire.fr',
  GUICHET_SMTP_PORT: '587',
  GUICHET_SMTP_REQUIRE_TLS: 'true',
  GUICHET_SMTP_USER: 'guichet',
  GUICHET_SMTP_PASSWORD: 's3cret',
  GUICHET_SMTP_FROM: 'Guichet <guichet@belval-sur-loire.fr>',
};

describe('fromRoute', () => {
  it('reads a mailbox route of site.yaml, the SMTP server coming from the environment', () => {
    expect(
      fromRoute({ connector: 'smtp', to: 'etat-civil@belval-sur-loire.fr' }, SMTP_ENV, 'civil-status-mailbox'),
    ).toEqual({
      connector: 'smtp',
      options: {
        host: 'smtp.belval-sur-loire.fr',
        port: 587,
        secure: false,
        requireTLS: true,
        auth: { user: 'guichet', pass: 's3cret' },
        from: 'Guichet <guichet@belval-sur-loire.fr>',
        to: 'etat-civil@belval-sur-loire.fr',
      },
    });
  });

  it('reads a webhook route: the URL from urlFrom, the secret from the matching _SECRET variable', () => {
    const env = {
      GUICHET_STREET_WEBHOOK_URL: 'https://voirie.example/guichet',
      GUICHET_STREET_WEBHOOK_SECRET: 'whsec_abcd',
    };
    expect(fromRoute({ connector: 'webhook', urlFrom: 'GUICHET_STREET_WEBHOOK_URL' }, env, 'street-app')).toEqual({
      connector: 'webhook',
      options: { url: 'https://voirie.example/guichet', secret: 'whsec_abcd' },
    });
    expect(
      fromRoute(
        { connector: 'webhook', urlFrom: 'GUICHET_STREET_WEBHOOK_URL', secretFrom: 'OTHER', timeoutMs: 10_000 },
        { ...env, OTHER: 'whsec_efgh' },
      ),
    ).toEqual({
      connector: 'webhook',
      options: { url: 'https://voirie.example/guichet', secret: 'whsec_efgh', timeoutMs: 10_000 },
    });
  });

  it('reads a folder route', () => {
    expect(
      fromRoute(
        { connector: 'folder', directoryFrom: 'GUICHET_GED_FOLDER' },
        { GUICHET_GED_FOLDER: '/mnt/ged/entrant' },
      ),
    ).toEqual({
      connector: 'folder',
      options: { directory: '/mnt/ged/entrant' },
    });
  });

  it('refuses, naming the route and the variable, when a …From variable is missing', () => {
    expect(() => fromRoute({ connector: 'folder', directoryFrom: 'GUICHET_GED_FOLDER' }, {}, 'mail-ged')).toThrow(
      "La route « mail-ged » de site.yaml ne peut pas être utilisée : « directoryFrom » vient de la variable d'environnement GUICHET_GED_FOLDER, qui n'est pas définie.",
    );
    expect(() =>
      fromRoute(
        { connector: 'webhook', urlFrom: 'GUICHET_STREET_WEBHOOK_URL' },
        { GUICHET_STREET_WEBHOOK_URL: 'https://x.example' },
        'street-app',
      ),
    ).toThrow(
      "le secret de signature vient de la variable d'environnement GUICHET_STREET_WEBHOOK_SECRET, qui n'est pas définie.",
    );
    expect(() => fromRoute({ connector: 'smtp', to: 'rh@belval-sur-loire.fr' }, {}, 'hr-mailbox')).toThrow(
      "l'option « host » manque (donnez GUICHET_SMTP_HOST).",
    );
  });

  it('refuses a secret written in site.yaml, an unknown connector and a misspelt option', () => {
    expect(() => fromRoute({ connector: 'webhook', url: 'https://x.example', secret: 'whsec_abcd' }, {}, 'r')).toThrow(
      "« secret » est un secret et ne s'écrit pas dans site.yaml",
    );
    expect(() => fromRoute({ connector: 'fax' }, {}, 'r')).toThrow(
      "le connecteur « fax » n'existe pas (connus : smtp, webhook, folder, desk).",
    );
    expect(() => fromRoute({ connector: 'folder', diretory: '/tmp' }, {}, 'r')).toThrow(
      "l'option « diretory » est inconnue (options : directory, timeoutMs).",
    );
  });

  it('refuses values of the wrong kind', () => {
    expect(() =>
      fromRoute(
        { connector: 'webhook', urlFrom: 'U', secretFrom: 'S' },
        { U: 'https://x.example', S: 'motdepasse!' },
        'r',
      ),
    ).toThrow("le secret de signature (variable S) doit s'écrire whsec_ suivi de base64.");
    expect(() =>
      fromRoute({ connector: 'smtp', to: 'a@b.fr' }, { ...SMTP_ENV, GUICHET_SMTP_PORT: 'vingt-cinq' }, 'r'),
    ).toThrow('« port » doit être un nombre entier positif (reçu « vingt-cinq »).');
    expect(() =>
      fromRoute({ connector: 'webhook', urlFrom: 'U', secretFrom: 'S' }, { U: 'pas une url', S: 'whsec_abcd' }, 'r'),
    ).toThrow("l'adresse du webhook (variable U) n'est pas une URL valable.");
  });
});

describe('the desk route and fallback: desk', () => {
  it('reads a desk route, and refuses any other fallback than the desk', () => {
    expect(fromRoute({ connector: 'desk' }, {}, 'desk')).toEqual({ connector: 'desk', options: {} });
    expect(() => fromRoute({ connector: 'folder', directoryFrom: 'GED', fallback: 'mailbox' }, { GED: '/srv/ged' }, 'mail-ged')).toThrow(/« fallback » ne peut valoir que desk/);
  });

  it('hands a route to the desk only while its variables are missing; set, the route works as before', async () => {
    const route = { connector: 'webhook', urlFrom: 'GUICHET_STREET_WEBHOOK_URL', fallback: 'desk' };
    const bare = siteConnectors({ 'street-app': route, 'mail-ged': { connector: 'folder', directoryFrom: 'GUICHET_GED_FOLDER' } }, {});
    expect(bare.connectors.get('street-app')?.name).toBe('desk');
    expect(bare.toDesk.get('street-app')).toMatch(/GUICHET_STREET_WEBHOOK_URL/);
    // Without the fallback a route still waits, as before.
    expect(bare.unavailable.has('mail-ged')).toBe(true);
    expect(await bare.connectors.get('street-app')!.deliver({} as never)).toMatchObject({ outcome: 'delivered' });

    const set = siteConnectors({ 'street-app': route }, { GUICHET_STREET_WEBHOOK_URL: 'https://voirie.example/hook', GUICHET_STREET_WEBHOOK_SECRET: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0' });
    expect(set.connectors.get('street-app')?.name).toBe('webhook');
    expect(set.toDesk.size).toBe(0);
  });
});

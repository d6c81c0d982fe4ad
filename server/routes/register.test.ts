// GET /register: the register of processing as a page, one section per procedure.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

describe('GET /register', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  it('lists every procedure with its purpose, legal basis, data, recipients and retention', async () => {
    t = await startTestApp();
    const res = await t.app.request('/register');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('<h1>Registre des activités de traitement — Belval-sur-Loire</h1>');
    for (const procedure of t.content.procedures) expect(page).toContain(`<h2 id="t-${procedure.id}">`);
    expect(page).toContain('<dt>Base légale</dt><dd>Obligation légale (RGPD art. 6.1.c) — Code de l&#39;éducation, art. L131-5</dd>');
    expect(page).toContain('<dt>Conservation</dt><dd>30 jours après le dernier changement de statut</dd>');
  });
});

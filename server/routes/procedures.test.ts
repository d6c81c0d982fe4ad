import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, content, type TestApp } from '../test-support/test-app.ts';
import { validAnswers } from '../test-support/valid-answers.ts';

describe('GET /api/procedures/:id/schema', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.dispose());

  it.each(content().procedures.map((p) => [p.id, p] as const))(
    'serves a JSON Schema 2020-12 that a valid answer set of %s passes',
    async (id, procedure) => {
      const res = await t.client.api.procedures[':id'].schema.$get({ param: { id }, query: { locale: 'fr' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/schema+json; charset=utf-8');
      const schema = (await res.json()) as Record<string, unknown>;
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`http://localhost/api/procedures/${id}/schema?locale=fr`);
      expect(schema.title).toBe(procedure.title.fr);
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv);
      const validate = ajv.compile(schema);
      const answers = validAnswers(procedure, { postcodes: t.content.site.postcodes });
      expect(validate(answers), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...answers, unexpected: 'x' })).toBe(false);
    },
  );

  it('titles the schema in the locale asked for, French by default', async () => {
    const procedure = t.content.procedures[0]!;
    const res = await t.client.api.procedures[':id'].schema.$get({ param: { id: procedure.id }, query: { locale: 'en' } });
    expect(((await res.json()) as { title: string }).title).toBe(procedure.title.en);
    const byDefault = await t.app.request(`/api/procedures/${procedure.id}/schema`);
    expect(((await byDefault.json()) as { title: string }).title).toBe(procedure.title.fr);
  });

  it('answers 404 problem for an unknown procedure', async () => {
    const res = await t.client.api.procedures[':id'].schema.$get({ param: { id: 'no-such-thing' }, query: {} });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toMatchObject({ status: 404, code: 'procedure-not-found' });
  });

  it('answers 400 problem for an unknown locale', async () => {
    const id = t.content.procedures[0]!.id;
    const res = await t.client.api.procedures[':id'].schema.$get({ param: { id }, query: { locale: 'xx' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid-query', errors: [{ field: 'locale' }] });
  });
});

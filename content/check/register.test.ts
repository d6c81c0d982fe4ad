// The register of processing (RGPD art. 30): one entry per procedure with its purpose, legal
// basis, data, recipients and retention; docs/register-of-processing.md is the generated one
// (run `npm run register` after changing a procedure or site.yaml). A procedure without its
// site.yaml entry fails content:check (fixtures register-missing and register-no-basis).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registerMarkdown, registerOfProcessing } from '../model/index.ts';
import { checkContent } from './index.ts';

const { content, problems } = checkContent(new URL('../', import.meta.url).pathname);

describe('the register of processing', () => {
  it('has an entry per procedure with a purpose, a legal basis, data, recipients and retention', () => {
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const entries = registerOfProcessing(content!);
    expect(entries.map((e) => e.procedureId).sort()).toEqual(content!.procedures.map((p) => p.id).sort());
    for (const entry of entries) {
      expect(entry.purpose, entry.procedureId).not.toBe('');
      expect(entry.basis, entry.procedureId).toMatch(/RGPD art\. 6\.1\.[a-e]/);
      expect(entry.data.length, entry.procedureId).toBeGreaterThan(0);
      expect(entry.recipients.length, entry.procedureId).toBeGreaterThan(0);
      expect(entry.retentionDays).toBeGreaterThan(0);
    }
    expect(entries.find((e) => e.procedureId === 'school-registration')).toMatchObject({ basis: 'Obligation légale (RGPD art. 6.1.c)', people: 'Résidents' });
  });

  it('is written in docs/register-of-processing.md as generated (npm run register)', () => {
    const file = readFileSync(new URL('../../docs/register-of-processing.md', import.meta.url), 'utf8');
    expect(file).toBe(registerMarkdown(content!));
  });
});

import { describe, expect, it } from 'vitest';
import { buildReceipt, buildRegistration, contactEmail, missingMentions, requiredMentions, type Acknowledgment, type MentionId } from './acknowledgment.ts';
import {
  agentRequest,
  context,
  declaration,
  information,
  outsideSve,
  site,
  submissionOf,
  svaRequest,
  svrRequest,
} from './test-fixtures.ts';

function valueOf(ack: Acknowledgment, id: MentionId): { fr: string; local?: string } | undefined {
  for (const section of ack.sections) for (const item of section.mentions) if (item.id === id) return item.value;
  return undefined;
}

function ids(ack: Acknowledgment): MentionId[] {
  return ack.sections.flatMap((section) => section.mentions.map((item) => item.id));
}

describe('buildRegistration (AEE)', () => {
  it('gives the date and time of receipt in Paris and the reference', () => {
    const aee = buildRegistration(submissionOf(svaRequest, 'fr', new Date('2026-01-31T23:30:00Z')), context);
    expect(aee.kind).toBe('registration');
    expect(valueOf(aee, 'reference')?.fr).toBe('K7QD-4MZ9');
    expect(valueOf(aee, 'receivedAt')?.fr).toBe('le 1er février 2026 à 00:30 (heure de Paris)');
    expect(aee.receivedOn).toBe('2026-02-01');
    expect(missingMentions(aee)).toEqual([]);
    expect(aee.notes[0]?.fr).toMatch(/dix jours ouvrés/);
  });
});

describe('buildReceipt (ARE)', () => {
  it('prints every mention of a request whose silence is acceptance', () => {
    const are = buildReceipt(submissionOf(svaRequest), context);
    expect(missingMentions(are)).toEqual([]);
    expect(ids(are)).toEqual(expect.arrayContaining(requiredMentions(are)));
    expect(valueOf(are, 'receivedAt')?.fr).toBe('le 15 mars 2026 à 10:30 (heure de Paris)');
    expect(valueOf(are, 'serviceName')?.fr).toBe('Services techniques');
    expect(valueOf(are, 'serviceContact')?.fr).toBe(
      'services-techniques@belval-sur-loire.fr — Centre technique municipal, 5 rue de l\'Industrie, 41210 Belval-sur-Loire',
    );
    expect(valueOf(are, 'servicePhone')?.fr).toBe('02 54 00 10 40');
    expect(valueOf(are, 'silence')?.fr).toMatch(/vaut décision d’acceptation/);
    expect(valueOf(are, 'implicitDecisionDate')?.fr).toBe(
      'À défaut de décision expresse, votre demande sera réputée acceptée le 15 mai 2026, sous réserve que votre dossier soit complet.',
    );
    expect(valueOf(are, 'certificate')?.fr).toMatch(/L232-3/);
    expect(valueOf(are, 'appeal')).toBeUndefined();
    expect(valueOf(are, 'incomplete')?.fr).toMatch(/ne court qu’à compter de la réception/);
    expect(valueOf(are, 'dataRetention')?.fr).toMatch(/60 jours/);
    expect(valueOf(are, 'dataProtectionOfficer')?.fr).toContain('dpo@belval-sur-loire.fr');
    expect(are.procedure.implicitDecisionDate).toBe('2026-05-15');
    expect(are.recipient).toBe('marie.martin@example.fr');
    expect(are.translated).toBe(false);
    expect(are.warnings).toEqual([]);
  });

  it('prints the appeal routes and time limits for a request whose silence is rejection', () => {
    const are = buildReceipt(submissionOf(svrRequest), context);
    expect(missingMentions(are)).toEqual([]);
    expect(valueOf(are, 'implicitDecisionDate')?.fr).toMatch(/réputée rejetée le 15 mai 2026/);
    const appeal = valueOf(are, 'appeal')?.fr ?? '';
    expect(appeal).toMatch(/deux mois/);
    expect(appeal).toMatch(/recours gracieux adressé au maire de Belval-sur-Loire/);
    expect(appeal).toMatch(/tribunal administratif d'Orléans/);
    expect(valueOf(are, 'certificate')).toBeUndefined();
  });

  it('prints no silence mention for a declaration, and for information no incomplete-file mention', () => {
    const are = buildReceipt(submissionOf(declaration), context);
    expect(missingMentions(are)).toEqual([]);
    expect(ids(are)).not.toContain('silence');
    expect(ids(are)).not.toContain('implicitDecisionDate');
    expect(valueOf(are, 'incomplete')?.fr).not.toMatch(/réputée/);
    expect(valueOf(are, 'kind')?.fr).toBe('Déclaration');

    const info = buildReceipt(submissionOf(information), context);
    expect(missingMentions(info)).toEqual([]);
    expect(ids(info)).not.toContain('silence');
    expect(ids(info)).not.toContain('incomplete');
  });

  it('never prints acceptance for an agent request (L231-4 5°)', () => {
    const are = buildReceipt(submissionOf(agentRequest), context);
    expect(are.procedure.silence).toBe('rejection');
    expect(missingMentions(are)).toEqual([]);
    expect(ids(are)).not.toContain('certificate');
    expect(valueOf(are, 'silence')?.fr).toMatch(/rejet/);
    expect(valueOf(are, 'implicitDecisionDate')?.fr).toMatch(/réputée rejetée le 15 avril 2026/);
    expect(are.warnings.join()).toMatch(/agents/);
  });

  it('says why silence makes no decision when the rule does not apply', () => {
    const are = buildReceipt(submissionOf(outsideSve, 'en'), context);
    expect(missingMentions(are)).toEqual([]);
    expect(valueOf(are, 'silence')).toEqual({
      fr: 'Le silence gardé par l’administration ne fait pas naître de décision pour cette demande : le dossier de mariage se dépose en personne à la mairie (décret n° 2016-1491).',
      local: 'Silence from the administration does not give rise to a decision on this request: the marriage file is handed in person at the town hall (decree 2016-1491).',
    });
    expect(ids(are)).not.toContain('implicitDecisionDate');
  });

  it('writes the Arabic beside the French, with Western digits in dates', () => {
    const are = buildReceipt(submissionOf(svaRequest, 'ar'), context);
    expect(are.dir).toBe('rtl');
    expect(are.lang).toBe('ar');
    expect(are.translated).toBe(true);
    expect(missingMentions(are)).toEqual([]);
    expect(valueOf(are, 'serviceName')).toEqual({ fr: 'Services techniques', local: 'المصالح التقنية' });
    expect(valueOf(are, 'implicitDecisionDate')?.local).toBe('في غياب قرار صريح، يعتبر طلبك مقبولا بتاريخ 15 مايو 2026، بشرط أن يكون ملفك كاملا.');
    expect(are.notes.map((note) => note.local)).toContain('ترجمة مقدمة للإعلام؛ النص الفرنسي وحده هو المعتمد.');
  });

  it('speaks French for the FALC locale', () => {
    const are = buildReceipt(submissionOf(svaRequest, 'fr-x-falc'), context);
    expect(are.lang).toBe('fr');
    expect(valueOf(are, 'silence')?.local).toBe('Si la mairie ne vous répond pas, la réponse est oui.');
  });

  it('lists the missing documents and the date to provide them', () => {
    const submission = { ...submissionOf(svaRequest, 'en'), incomplete: { missing: ['plan de la terrasse', 'attestation d’assurance'], provideBy: '2026-04-15' } };
    const are = buildReceipt(submission, context);
    expect(valueOf(are, 'incomplete')?.fr).toMatch(/^Votre dossier est incomplet\. Il manque : plan de la terrasse ; attestation d’assurance\. Merci de les fournir avant le 15 avril 2026\./);
    expect(valueOf(are, 'incomplete')?.local).toMatch(/before 15 April 2026/);
  });
});

describe('missingMentions', () => {
  it('names the service mentions when the service is not in site.yaml, and the silence rule when absent', () => {
    const orphan = { ...svaRequest, legal: { kind: 'request' as const, service: 'nowhere' } };
    const are = buildReceipt(submissionOf(orphan), context);
    expect(missingMentions(are)).toEqual(['serviceName', 'serviceContact', 'servicePhone', 'silence']);
    expect(are.warnings.join()).toMatch(/"nowhere"/);
  });

  it('names the phone when the service has none, and the DPO when the contact is empty', () => {
    const services = site.services.map((service) => (service.id === 'technical' ? { ...service, phone: '' } : service));
    const are = buildReceipt(submissionOf(svaRequest), { ...context, site: { ...site, services: services }, dataProtection: { dpo: {} } });
    expect(missingMentions(are)).toEqual(['servicePhone', 'dataProtectionOfficer']);
  });

  it('names the appeal when the court is unknown, and the date when the delay is unreadable', () => {
    const badDelay = { ...svrRequest, legal: { ...svrRequest.legal!, delay: 'deux mois' } };
    const are = buildReceipt(submissionOf(badDelay), { ...context, court: '' });
    expect(missingMentions(are)).toEqual(['implicitDecisionDate', 'appeal']);
    expect(are.warnings.join()).toMatch(/Invalid delay "deux mois"/);
  });

  it('names a mention that was removed from a built acknowledgment', () => {
    const are = buildReceipt(submissionOf(svaRequest, 'ar'), context);
    const tampered: Acknowledgment = {
      ...are,
      sections: are.sections.map((section) => ({ ...section, mentions: section.mentions.filter((item) => item.id !== 'certificate') })),
    };
    expect(missingMentions(tampered)).toEqual(['certificate']);
  });

  it('reports a procedure without a legal profile as missing its service and silence rule', () => {
    const { legal: _legal, ...bare } = svaRequest;
    const are = buildReceipt(submissionOf(bare), context);
    expect(missingMentions(are)).toEqual(['serviceName', 'serviceContact', 'servicePhone', 'silence']);
  });
});

describe('contactEmail', () => {
  it('finds the email answer, and nothing when there is none', () => {
    expect(contactEmail(svaRequest, { email: ' a@b.fr ' })).toBe('a@b.fr');
    expect(contactEmail(svaRequest, {})).toBeUndefined();
  });
});

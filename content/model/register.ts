// The register of processing (RGPD art. 30; legal.md "Rights of the person"), built from the
// content: one entry per procedure, its purpose and legal basis from site.yaml `register:`, the
// data from its questions, the recipients from its service and routes, the retention from its
// legal profile. The same entries make docs/register-of-processing.md and the server's page.
import type { Content } from './content.ts';
import { retentionDays } from './legal.ts';
import type { LegalBasis } from './types.ts';

/** RGPD art. 6.1, as the register says it. */
export const LEGAL_BASIS_WORDS: Record<LegalBasis, string> = {
  'public-task': 'Mission d’intérêt public (RGPD art. 6.1.e)',
  'legal-obligation': 'Obligation légale (RGPD art. 6.1.c)',
  contract: 'Exécution d’un contrat, ici la relation de travail (RGPD art. 6.1.b)',
  consent: 'Consentement de la personne (RGPD art. 6.1.a)',
};

export interface RegisterEntry {
  procedureId: string;
  title: string;
  /** `Résidents` or `Agents de la commune`. */
  people: string;
  purpose: string;
  basis: string;
  law?: string;
  /** Each question's label (French) and what it holds. */
  data: Array<{ label: string; kind: string }>;
  /** The service in charge, then each back-office route. */
  recipients: string[];
  retentionDays: number;
}

const KIND_WORDS: Record<string, string> = {
  text: 'texte',
  longText: 'texte',
  email: 'adresse e-mail',
  phone: 'numéro de téléphone',
  date: 'date',
  number: 'nombre',
  choice: 'choix',
  choices: 'choix',
  address: 'adresse postale',
  file: 'pièce jointe (fichier)',
  consent: 'accord',
};

/**
 * One entry per procedure of the content, in the content's order; a procedure without its
 * site.yaml entry (which content:check refuses) has an empty purpose and basis.
 *
 * @example registerOfProcessing(content)[0] // { procedureId: 'write-to-town-hall', purpose: 'Répondre au courrier…', … }
 */
export function registerOfProcessing(content: Content): RegisterEntry[] {
  const { site } = content;
  const serviceName = (id: string) => site.services.find((s) => s.id === id)?.name.fr ?? id;
  return content.procedures.map((procedure) => {
    const entry = site.register?.[procedure.id];
    const recipients = [
      ...(procedure.legal ? [`${serviceName(procedure.legal.service)} (service en charge)`] : []),
      ...(procedure.routes ?? []).map((route) => {
        const connector = site.routes?.[route]?.connector;
        return connector === 'desk' ? `${route} (bureau d’instruction de Guichet)` : `${route} (${connector ?? 'non configurée'})`;
      }),
    ];
    return {
      procedureId: procedure.id,
      title: procedure.title.fr ?? procedure.id,
      people: procedure.audience === 'agent' ? 'Agents de la commune' : 'Résidents',
      purpose: entry?.purpose ?? '',
      basis: entry ? LEGAL_BASIS_WORDS[entry.basis] : '',
      ...(entry?.law ? { law: entry.law } : {}),
      data: procedure.steps.flatMap((step) => step.fields.map((field) => ({ label: field.label.fr ?? field.id, kind: KIND_WORDS[field.type] ?? field.type }))),
      recipients,
      retentionDays: retentionDays(procedure),
    };
  });
}

/**
 * The register as Markdown, for docs/register-of-processing.md (`npm run register`).
 *
 * @example writeFileSync('docs/register-of-processing.md', registerMarkdown(content))
 */
export function registerMarkdown(content: Content): string {
  const { site } = content;
  const controller = site.dataProtection?.controller ?? `Commune de ${site.town}, représentée par son maire`;
  const dpo = site.dataProtection?.dpo;
  const lines = [
    `# Registre des activités de traitement — ${site.town}`,
    '',
    '<!-- Généré par `npm run register` depuis content/ (site.yaml `register:` et les démarches) : ne pas modifier à la main. -->',
    '',
    `Responsable du traitement : ${controller}.`,
    ...(dpo ? [`Délégué à la protection des données : ${[dpo.name, dpo.email, dpo.address, dpo.phone].filter(Boolean).join(', ')}.`] : []),
    '',
    'Pour chaque démarche : les réponses et pièces jointes sont conservées le nombre de jours indiqué après le dernier changement de statut, puis effacées (la référence, les dates, les statuts et le journal d’audit restent). Les personnes exercent leurs droits d’accès et d’effacement à l’accueil de la mairie.',
  ];
  for (const e of registerOfProcessing(content)) {
    lines.push(
      '',
      `## ${e.title} (\`${e.procedureId}\`)`,
      '',
      `- Personnes concernées : ${e.people}`,
      `- Finalité : ${e.purpose}`,
      `- Base légale : ${e.basis}${e.law ? ` — ${e.law}` : ''}`,
      `- Données : ${e.data.map((d) => `${d.label} (${d.kind})`).join(' ; ')}`,
      `- Destinataires : ${e.recipients.join(' ; ') || '—'}`,
      `- Conservation : ${e.retentionDays} jours après le dernier changement de statut`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// Procedures and a town for the receipts tests: one per legal profile, independent of the
// procedures being written in content/procedures. The town is the real content/site.yaml.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { LegalProfile, Procedure, Site, Step } from '../../content/model/index.ts';
import type { ReceiptContext, Submission } from './acknowledgment.ts';

export const site = parse(readFileSync(new URL('../../content/site.yaml', import.meta.url), 'utf8')) as Site;

export const context: ReceiptContext = {
  site,
  court: "tribunal administratif d'Orléans",
  dataProtection: {
    dpo: { name: 'Délégué à la protection des données', email: 'dpo@belval-sur-loire.fr', address: 'Hôtel de ville, 1 place de la République, 41200 Belval-sur-Loire' },
  },
};

const contactSteps: Step[] = [
  {
    id: 'email',
    title: { fr: 'Votre adresse e-mail', en: 'Your email address' },
    fields: [{ id: 'email', type: 'email', label: { fr: 'Adresse e-mail', en: 'Email address' } }],
  },
];

function procedure(id: string, audience: Procedure['audience'], title: Procedure['title'], legal: LegalProfile): Procedure {
  return {
    id,
    version: 1,
    audience,
    category: audience === 'agent' ? 'staff' : 'street',
    pictogram: 'letter',
    title,
    summary: title,
    intro: { needs: [], minutes: 3 },
    steps: contactSteps,
    legal,
  };
}

export const svaRequest = procedure(
  'terrace-permit',
  'resident',
  { fr: 'Autorisation de terrasse', 'fr-x-falc': 'Demander une terrasse', en: 'Terrace permit', ar: 'رخصة الشرفة' },
  { kind: 'request', silence: 'acceptance', delay: '2 months', service: 'technical', retentionDays: 60 },
);

export const svrRequest = procedure(
  'disabled-parking',
  'resident',
  { fr: 'Place de stationnement réservée', 'fr-x-falc': 'Une place pour garer sa voiture', en: 'Reserved parking space', ar: 'مكان ركن محجوز' },
  { kind: 'request', silence: 'rejection', delay: '2 months', service: 'technical' },
);

export const declaration = procedure(
  'street-report',
  'resident',
  { fr: 'Signaler un problème dans la rue', 'fr-x-falc': 'Dire un problème dans la rue', en: 'Report a street problem', ar: 'الإبلاغ عن مشكلة في الشارع' },
  { kind: 'declaration', service: 'technical' },
);

export const information = procedure(
  'change-of-address',
  'resident',
  { fr: 'Signaler un changement d’adresse', en: 'Report a change of address', ar: 'الإبلاغ عن تغيير العنوان', 'fr-x-falc': 'Dire que vous déménagez' },
  { kind: 'information', service: 'mail' },
);

/** Wrongly marked "acceptance": the builder must print a rejection (L231-4 5°). */
export const agentRequest = procedure(
  'agent-leave',
  'agent',
  { fr: 'Demande de congé', 'fr-x-falc': 'Demander des congés', en: 'Leave request', ar: 'طلب عطلة' },
  { kind: 'request', silence: 'acceptance', delay: '1 month', service: 'hr' },
);

export const outsideSve = procedure(
  'marriage-file',
  'resident',
  { fr: 'Dossier de mariage', en: 'Marriage file', ar: 'ملف الزواج', 'fr-x-falc': 'Se marier' },
  {
    kind: 'request',
    silence: 'not-applicable',
    silenceReason: {
      fr: 'le dossier de mariage se dépose en personne à la mairie (décret n° 2016-1491).',
      'fr-x-falc': 'Pour se marier, il faut venir à la mairie.',
      en: 'the marriage file is handed in person at the town hall (decree 2016-1491).',
      ar: 'يودع ملف الزواج شخصيا في البلدية (المرسوم 2016-1491).',
    },
    service: 'civil-status',
  },
);

/** Received on 15 March 2026 at 10:30 in Paris (UTC+1). */
export function submissionOf(procedureValue: Procedure, locale = 'fr', receivedAt = new Date('2026-03-15T09:30:00Z')): Submission {
  return {
    reference: 'K7QD-4MZ9',
    receivedAt,
    procedure: procedureValue,
    locale,
    answers: { email: 'marie.martin@example.fr' },
  };
}

/** The text of a PDF as pdf.js reads it (what a screen reader or a copy gets), pages joined. */
export async function readPdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: bytes.slice(), useSystemFonts: false, verbosity: 0 }).promise;
  let text = '';
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : ' ');
    }
    text += '\n';
  }
  await document.destroy();
  return text;
}

/**
 * Whether every word of `expected` appears in `text` in the same order, other words allowed
 * between them (a two-column layout interleaves a long label's lines with its value's).
 */
export function hasWordsInOrder(text: string, expected: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  let at = 0;
  for (const word of expected.split(/\s+/).filter(Boolean)) {
    while (at < words.length && words[at] !== word) at += 1;
    if (at === words.length) return false;
    at += 1;
  }
  return true;
}

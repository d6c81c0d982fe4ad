// Builds the déclaration d'accessibilité from a11y/manual-checklist.yaml and the last
// automated audit (a11y/report/report.json): kiosk/src/accessibility/declaration.json for
// the /accessibilite page, and a11y/declaration.md in French, the RGAA model's 7 parts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import type { AuditReport } from './audit/audit.ts';

export type ConformityStatus = 'full' | 'partial' | 'none';

type Texts = Record<string, string>;

export interface Declaration {
  entity: string;
  service: string;
  referential: string;
  status: ConformityStatus;
  rgaaAudit: { date: string | null; auditor: string | null; rate: number | null; report: string | null };
  automated: { date: string; scope: string; screens: number; combinations: number; violations: number } | null;
  nonAccessible: Texts[];
  derogations: Texts[];
  establishedOn: string | null;
  technologies: string[];
  tools: string[];
  environments: string[];
  contact: { place: string; email: string; phone: string };
  recourse: { defenseurDesDroits: string; delegates: string; mail: string };
}

/**
 * The status the law allows to claim: "totalement" only with a recorded RGAA audit at 100 %,
 * "partiellement" from 50 %, otherwise (and with no audit at all) "non conforme".
 *
 * @example statusOf(null) // 'none'
 * @example statusOf(87.5) // 'partial'
 */
export function statusOf(rate: number | null): ConformityStatus {
  if (rate === null) return 'none';
  if (rate >= 100) return 'full';
  return rate >= 50 ? 'partial' : 'none';
}

export function buildDeclaration(manual: Record<string, any>, report?: AuditReport): Declaration {
  return {
    entity: manual.entity,
    service: manual.service,
    referential: manual.referential,
    status: statusOf(manual.rgaaAudit?.rate ?? null),
    rgaaAudit: { date: null, auditor: null, rate: null, report: null, ...manual.rgaaAudit },
    automated: report
      ? {
          date: report.startedAt.slice(0, 10),
          scope: report.scope,
          screens: report.screens.length,
          combinations: report.screens.reduce((n, s) => n + s.combos, 0),
          violations: report.violations.length,
        }
      : null,
    nonAccessible: manual.nonAccessible ?? [],
    derogations: manual.derogations ?? [],
    establishedOn: manual.establishedOn ?? null,
    technologies: manual.technologies ?? [],
    tools: manual.tools ?? [],
    environments: manual.environments ?? [],
    contact: manual.contact,
    recourse: manual.recourse,
  };
}

const STATUS_FR = { full: 'totalement conforme', partial: 'partiellement conforme', none: 'non conforme' } as const;

export function declarationMarkdown(d: Declaration): string {
  const audit = d.rgaaAudit.rate === null
    ? "Aucun audit RGAA n'a encore été réalisé."
    : `Audit RGAA du ${d.rgaaAudit.date} par ${d.rgaaAudit.auditor} : ${d.rgaaAudit.rate} % des critères applicables respectés (${d.rgaaAudit.report}).`;
  const automated = d.automated
    ? `Audit automatique du ${d.automated.date} (${d.automated.scope === 'full' ? 'matrice complète' : 'échantillon'}) : ${d.automated.screens} écrans, ${d.automated.combinations} combinaisons langue x thème x taille, ${d.automated.violations} non-conformité(s) détectée(s) par l'outil.`
    : "Pas encore d'audit automatique enregistré.";
  return `# Déclaration d'accessibilité

${d.entity} s'engage à rendre son service accessible, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.
Cette déclaration s'applique à : ${d.service}.

## État de conformité

${d.service} est **${STATUS_FR[d.status]}** avec le ${d.referential}.

## Résultats des tests

${audit}

${automated}

## Contenus non accessibles

${d.nonAccessible.map((t) => `- ${t.fr}`).join('\n') || '- Aucun contenu non accessible connu.'}

### Dérogations pour charge disproportionnée

${d.derogations.map((t) => `- ${t.fr}`).join('\n') || '- Aucune.'}

## Établissement de cette déclaration

Établie le ${d.establishedOn ?? '(date à compléter après l’audit RGAA)'}.
Technologies : ${d.technologies.join(', ')}. Outils : ${d.tools.join(', ')}.
Environnements de test : ${d.environments.join(' ; ')}.

## Retour d'information et contact

Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez-nous : ${d.contact.place}, ${d.contact.email}, ${d.contact.phone}.

## Voies de recours

Si vous avez signalé un défaut d'accessibilité sans obtenir de réponse satisfaisante, vous pouvez saisir le Défenseur des droits :
- par le formulaire en ligne : ${d.recourse.defenseurDesDroits}
- auprès d'un délégué dans votre région : ${d.recourse.delegates}
- par courrier gratuit, sans timbre : ${d.recourse.mail}
`;
}

/** Reads the checklist and the last report, writes the JSON for the kiosk and the markdown. */
export function writeDeclaration(reportPath = 'a11y/report/report.json'): Declaration {
  const manual = parse(readFileSync('a11y/manual-checklist.yaml', 'utf8')) as Record<string, any>;
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as AuditReport) : undefined;
  const declaration = buildDeclaration(manual, report);
  const json = 'kiosk/src/accessibility/declaration.json';
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(json, `${JSON.stringify(declaration, null, 2)}\n`);
  writeFileSync('a11y/declaration.md', declarationMarkdown(declaration));
  return declaration;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const d = writeDeclaration();
  console.log(`déclaration: ${STATUS_FR[d.status]}; kiosk/src/accessibility/declaration.json and a11y/declaration.md written`);
}

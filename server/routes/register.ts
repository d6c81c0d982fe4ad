// GET /register: the register of processing (RGPD art. 30) as a page, from the same entries as
// docs/register-of-processing.md (content/model/register.ts). Public, like the town's privacy
// notice: it names purposes, data kinds, recipients and retention, never a person.
import { Hono } from 'hono';
import { html } from 'hono/html';
import { registerOfProcessing, type Content } from '../../content/model/index.ts';

export const registerRoutes = (deps: { content: Content }) =>
  new Hono().get('/', (c) => {
    const { site } = deps.content;
    const controller = site.dataProtection?.controller ?? `Commune de ${site.town}, représentée par son maire`;
    const dpo = site.dataProtection?.dpo;
    const entries = registerOfProcessing(deps.content);
    return c.html(
      html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Registre des traitements — ${site.town}</title>
<link rel="stylesheet" href="/console/console.css">
</head>
<body>
<main id="contenu">
<h1>Registre des activités de traitement — ${site.town}</h1>
<p>Responsable du traitement : ${controller}.${dpo ? html` Délégué à la protection des données : ${[dpo.name, dpo.email, dpo.address, dpo.phone].filter(Boolean).join(', ')}.` : ''}</p>
<p>Les réponses et pièces jointes de chaque démarche sont conservées le nombre de jours indiqué après le dernier changement de statut, puis effacées ; la référence, les dates, les statuts et le journal d’audit restent. Vous pouvez demander une copie de vos données ou leur effacement à l’accueil de la mairie, avec votre reçu.</p>
${entries.map(
  (e) => html`<section aria-labelledby="t-${e.procedureId}">
<h2 id="t-${e.procedureId}">${e.title}</h2>
<dl>
<dt>Personnes concernées</dt><dd>${e.people}</dd>
<dt>Finalité</dt><dd>${e.purpose}</dd>
<dt>Base légale</dt><dd>${e.basis}${e.law ? ` — ${e.law}` : ''}</dd>
<dt>Données</dt><dd><ul>${e.data.map((d) => html`<li>${d.label} (${d.kind})</li>`)}</ul></dd>
<dt>Destinataires</dt><dd><ul>${e.recipients.map((r) => html`<li>${r}</li>`)}</ul></dd>
<dt>Conservation</dt><dd>${String(e.retentionDays)} jours après le dernier changement de statut</dd>
</dl>
</section>`,
)}
</main>
</body>
</html>`,
      200,
      { 'Cache-Control': 'no-cache' },
    );
  });

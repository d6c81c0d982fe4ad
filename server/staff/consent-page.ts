// The consent page a mediator prints for the resident when opening an assisted session: who
// helps whom, with which procedures, until when, and that the resident said yes out loud. One
// HTML document, French first (what the town keeps), then the resident's language beside it,
// printed by the kiosk through a hidden frame as it prints receipts.
import { TOWN_TIME_ZONE, type Content, type Text } from '../../content/model/index.ts';
import { isolateText, isolatedHtml } from '../bidi.ts';
import { receiptText } from '../receipts/texts.ts';

// The consent's own sentences are still a block here (mediation, not receipts); a locale
// without them prints the French only.
type ReceiptLocale = 'fr' | 'fr-x-falc' | 'en' | 'ar';
const isConsentLocale = (locale: string): locale is ReceiptLocale => ['fr', 'fr-x-falc', 'en', 'ar'].includes(locale);
import type { Mandate, StaffAccount } from '../store/types.ts';

const fr = {
  title: 'Accord pour être accompagné dans ses démarches',
  intro: '{resident} accepte que {helper} l’aide à faire les démarches ci-dessous, en son nom, à la mairie de {town}.',
  number: 'Numéro du mandat',
  resident: 'Personne aidée',
  helper: 'Personne qui aide',
  procedures: 'Démarches confiées',
  until: 'Valable jusqu’au',
  untilSession: 'la fin de cette session, et au plus tard le {date}',
  untilDate: '{date}',
  consent: 'Accord',
  consentValue: 'donné à l’oral le {date}, confirmé à l’écran par {helper}',
  passwords: 'Personne ne vous demandera vos mots de passe : ni la personne qui vous aide, ni la mairie.',
  stop: 'Vous pouvez arrêter ce mandat quand vous voulez : dites-le à la personne qui vous aide, ou à l’accueil de la mairie.',
  keep: 'Gardez ce papier.',
  code: 'Code pour voir vos mandats',
  see: 'Avec le numéro du mandat et ce code, vous pouvez voir vos mandats et ce qui a été fait en votre nom.',
} as const;

type ConsentKey = keyof typeof fr;

/** Every receipt locale has every sentence: the compiler refuses a missing one. */
const TEXTS: Record<ReceiptLocale, Record<ConsentKey, string>> = {
  fr,
  'fr-x-falc': {
    title: 'Vous acceptez d’être aidé',
    intro: '{resident} est d’accord. {helper} l’aide à faire ses démarches. La mairie de {town} le sait.',
    number: 'Le numéro de l’accord',
    resident: 'La personne aidée',
    helper: 'La personne qui aide',
    procedures: 'Les démarches',
    until: 'L’accord finit',
    untilSession: 'à la fin de la session. Au plus tard le {date}',
    untilDate: 'le {date}',
    consent: 'Vous avez dit oui',
    consentValue: 'le {date}. {helper} l’a noté à l’écran',
    passwords: 'Personne ne vous demande vos mots de passe. Jamais.',
    stop: 'Vous pouvez arrêter l’accord. Quand vous voulez. Dites-le à la personne qui vous aide. Ou à l’accueil de la mairie.',
    keep: 'Gardez ce papier.',
    code: 'Votre code',
    see: 'Avec le numéro et ce code, vous pouvez voir vos accords. Et ce qui a été fait pour vous.',
  },
  en: {
    title: 'Consent to be helped with procedures',
    intro: '{resident} agrees that {helper} helps them carry out the procedures below, on their behalf, with the town hall of {town}.',
    number: 'Mandate number',
    resident: 'Person helped',
    helper: 'Person helping',
    procedures: 'Procedures entrusted',
    until: 'Valid until',
    untilSession: 'the end of this session, and {date} at the latest',
    untilDate: '{date}',
    consent: 'Consent',
    consentValue: 'given out loud on {date}, confirmed on screen by {helper}',
    passwords: 'Nobody will ask for your passwords: neither the person helping you nor the town hall.',
    stop: 'You can end this mandate whenever you want: tell the person helping you, or the town hall reception.',
    keep: 'Keep this paper.',
    code: 'Code to see your mandates',
    see: 'With the mandate number and this code, you can see your mandates and what was done on your behalf.',
  },
  ar: {
    title: 'موافقة على المساعدة في الإجراءات',
    intro: 'يوافق {resident} على أن يساعده {helper} في القيام بالإجراءات التالية باسمه لدى بلدية {town}.',
    number: 'رقم التفويض',
    resident: 'الشخص الذي تتم مساعدته',
    helper: 'الشخص الذي يساعد',
    procedures: 'الإجراءات الموكلة',
    until: 'صالح حتى',
    untilSession: 'نهاية هذه الجلسة، وفي موعد أقصاه {date}',
    untilDate: '{date}',
    consent: 'الموافقة',
    consentValue: 'أُعطيت شفهيًا في {date}، وأكدها {helper} على الشاشة',
    passwords: 'لن يطلب منك أحد كلمات المرور الخاصة بك: لا الشخص الذي يساعدك ولا البلدية.',
    stop: 'يمكنك إنهاء هذا التفويض متى شئت: أخبر الشخص الذي يساعدك أو مكتب الاستقبال في البلدية.',
    keep: 'احتفظ بهذه الورقة.',
    code: 'رمز الاطلاع على تفويضاتك',
    see: 'برقم التفويض وهذا الرمز يمكنك الاطلاع على تفويضاتك وعلى ما تم باسمك.',
  },
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

const INTL_TAG: Record<ReceiptLocale, string> = { fr: 'fr-FR', 'fr-x-falc': 'fr-FR', en: 'en-GB', ar: 'ar-u-nu-latn' };

function say(locale: ReceiptLocale, key: ConsentKey, params: Record<string, string> = {}): string {
  return TEXTS[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

const STYLE = `
:root { color: #111; background: #fff; font-family: 'Atkinson Hyperlegible', 'Noto Sans', Arial, sans-serif; line-height: 1.45; }
body { margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.8rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 0.4rem; border-bottom: 2px solid #111; padding-bottom: 0.2rem; }
.town { font-weight: 700; margin: 0; }
.mention { display: grid; grid-template-columns: 14rem 1fr; gap: 0.2rem 1rem; padding: 0.35rem 0; border-bottom: 1px solid #bbb; break-inside: avoid; }
dt { font-weight: 700; }
dd { margin: 0; }
dd ul { margin: 0; padding-inline-start: 1.2rem; }
.translation { margin-top: 2rem; border-top: 3px double #111; }
.code { font-family: 'Atkinson Hyperlegible', 'Noto Sans Mono', monospace; font-size: 1.2em; font-weight: 700; }
[dir='rtl'] { font-family: 'Noto Sans Arabic', 'IBM Plex Sans Arabic', 'Atkinson Hyperlegible', sans-serif; }
@page { size: A4; margin: 15mm; }
@media print { main { max-width: none; padding: 0; } }
@media print and (max-width: 100mm) { body { font-size: 9pt; } .mention { grid-template-columns: 1fr; } }
`;

export interface ConsentPageInput {
  mandate: Mandate;
  helper: Pick<StaffAccount, 'displayName'>;
  content: Content;
  /** The resident's language on the kiosk; French alone when the receipts have no sentences in it. */
  locale: string;
}

function block(locale: ReceiptLocale, input: ConsentPageInput, level: 1 | 2, prefix: string): string {
  const { mandate, helper, content } = input;
  const dateTime = new Intl.DateTimeFormat(INTL_TAG[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: TOWN_TIME_ZONE });
  const when = (iso: string) => `<time datetime="${escapeHtml(iso)}">${escapeHtml(dateTime.format(new Date(iso)))}</time>`;
  const titleOf = (id: string): string => {
    const title: Text | undefined = content.procedures.find((p) => p.id === id)?.title;
    return title?.[locale] ?? title?.fr ?? id;
  };
  const names = { resident: isolatedHtml(escapeHtml(mandate.residentName)), helper: isolatedHtml(escapeHtml(helper.displayName)), town: escapeHtml(content.site.town) };
  const untilKey = mandate.scope === 'session' ? 'untilSession' : 'untilDate';
  const row = (label: string, value: string) => `<div class="mention"><dt>${escapeHtml(label)}</dt><dd>${value}</dd></div>`;
  // Sentences are escaped before the names and dates (already escaped or markup) go in.
  const fill = (key: ConsentKey, params: Record<string, string>) =>
    escapeHtml(TEXTS[locale][key]).replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
  return `<h${level} id="${prefix}-title">${escapeHtml(say(locale, 'title'))}</h${level}>
<p class="town">${escapeHtml(receiptText(locale, 'town', { town: content.site.town }))}</p>
<p>${fill('intro', names)}</p>
<dl>
${row(say(locale, 'number'), `<bdi dir="ltr">${escapeHtml(mandate.id)}</bdi>`)}
${mandate.residentCode ? row(say(locale, 'code'), `<bdi dir="ltr" class="code">${escapeHtml(mandate.residentCode)}</bdi>`) : ''}
${row(say(locale, 'resident'), names.resident)}
${row(say(locale, 'helper'), names.helper)}
${row(say(locale, 'procedures'), `<ul>${mandate.procedureIds.map((id) => `<li>${escapeHtml(titleOf(id))}</li>`).join('')}</ul>`)}
${row(say(locale, 'until'), fill(untilKey, { date: when(mandate.expiresAt) }))}
${row(say(locale, 'consent'), fill('consentValue', { date: when(mandate.consentConfirmedAt), helper: names.helper }))}
</dl>
<p>${escapeHtml(say(locale, 'passwords'))}</p>
<p>${escapeHtml(say(locale, 'stop'))}</p>
${mandate.residentCode ? `<p>${escapeHtml(say(locale, 'see'))}</p>` : ''}
<p>${escapeHtml(say(locale, 'keep'))}</p>`;
}

/**
 * The printable consent of a mandate, as a complete HTML document.
 *
 * @example renderConsentPage({ mandate, helper: { displayName: 'Marc Durand' }, content, locale: 'ar' })
 */
export function renderConsentPage(input: ConsentPageInput): string {
  const local = input.locale !== 'fr' && isConsentLocale(input.locale) ? input.locale : undefined;
  const info = input.content.site.locales.find((l) => l.code === local);
  const translation = local
    ? `<section class="translation" lang="${escapeHtml(info?.speech ?? local)}" dir="${info?.dir ?? 'ltr'}" aria-labelledby="local-title">
${block(local, input, 2, 'local')}
</section>`
    : '';
  return `<!doctype html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${say('fr', 'title')} — ${isolateText(input.mandate.residentName)} — ${input.content.site.town}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${block('fr', input, 1, 'fr')}
${translation}
</main>
</body>
</html>
`;
}

// The acknowledgments of an electronic sending (CRPA L112-11, R112-11-1, R112-11-2), as data:
// every mention the law asks for, in French, with the person's language beside it. The HTML,
// PDF and email renderers print this and nothing else, so that what is checked is what is sent.
import {
  DEFAULT_DELAY,
  requiredMentions as mentionsFor,
  retentionDays,
  type Answers,
  type LegalProfile,
  type Locale,
  type MentionId,
  type Procedure,
  type Service,
  type Site,
  type Text,
} from '../../content/model/index.ts';
import { implicitDecisionDate, receptionDate, type CalendarDate, type CalendarOptions } from './calendar.ts';
import { isReceiptLocale, receiptText, type ReceiptLocale, type ReceiptTextKey } from './texts.ts';

/** What the intake hands over: one stored submission. */
export interface Submission {
  reference: string;
  /** The instant the administration received it (the server, not the kiosk's "send"). */
  receivedAt: Date;
  procedure: Procedure;
  locale: Locale;
  answers: Answers;
  /** Who helped the person, and under which mandate, when a mediator did. */
  assistance?: Assistance;
  /** Set by the service when it finds the file incomplete (R112-11-1 4°). */
  incomplete?: {
    /** The missing documents or information, in French, as the service wrote them. */
    missing: string[];
    /** The date by which to provide them. */
    provideBy: CalendarDate;
  };
  /**
   * The day the resident gave the last missing pieces (L114-5): the decision delay runs again,
   * in full, from it, and the ARE printed after it says so with the new implicit decision date.
   */
  completedOn?: CalendarDate;
}

/** A mediator's (or reception's) help under the resident's mandate, as the receipt prints it. */
export interface Assistance {
  helperName: string;
  mandate: {
    id: string;
    residentName: string;
    procedures: Text[];
    scope: 'session' | 'duration';
    expiresAt: Date;
  };
}

/** The town's data protection contact; site.yaml will carry it. */
export interface DataProtectionContact {
  /** Defaults to "Commune de {town}, représentée par son maire". */
  controller?: string;
  dpo: { name?: string; email?: string; address?: string; phone?: string };
}

/** What the builder needs besides the submission. */
export interface ReceiptContext {
  site: Site;
  dataProtection: DataProtectionContact;
  /** The administrative court with jurisdiction over the town: "tribunal administratif d'Orléans". */
  court: string;
  calendar?: CalendarOptions;
}

export type AcknowledgmentKind = 'registration' | 'receipt';

export type SectionId = 'receipt' | 'assisted' | 'service' | 'decision' | 'incomplete' | 'data';

export type { MentionId };

/** A text in French (the legal text) and, when the person chose another locale, in theirs. */
export interface Bilingual {
  fr: string;
  local?: string;
}

export interface Mention {
  id: MentionId;
  label: Bilingual;
  value: Bilingual;
  /** Where the law asks for it, for the legal service and for `missingMentions`. */
  basis: string;
  /**
   * The value is the same text in every language (reference, address, phone, email): it is
   * printed left to right even inside a right-to-left translation.
   */
  verbatim?: true;
}

export interface AcknowledgmentSection {
  id: SectionId;
  heading: Bilingual;
  mentions: Mention[];
}

/** The data of an AEE or an ARE, ready to render. */
export interface Acknowledgment {
  kind: AcknowledgmentKind;
  reference: string;
  town: Bilingual;
  title: Bilingual;
  /** The person's locale, its `lang` attribute and direction (from site.yaml). */
  locale: Locale;
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Whether `local` texts are present (a locale other than French with receipt sentences). */
  translated: boolean;
  receivedAt: string;
  receivedOn: CalendarDate;
  procedure: {
    id: string;
    version: number;
    kind: LegalProfile['kind'];
    silence?: LegalProfile['silence'];
    implicitDecisionDate?: CalendarDate;
  };
  /** The email address the person gave, if any: where the acknowledgment is sent. */
  recipient?: string;
  sections: AcknowledgmentSection[];
  notes: Bilingual[];
  /** Things the builder corrected or could not do, for content:check and the logs. */
  warnings: string[];
}


export interface Writer {
  locale: ReceiptLocale | undefined;
  /** A fixed sentence in French and in the person's locale. */
  say(key: ReceiptTextKey, params?: Record<string, string | number>, localParams?: Record<string, string | number>): Bilingual;
  /** A content text (procedure title, service name) in French and in the person's locale. */
  pick(text: Text | undefined): Bilingual;
  date(date: CalendarDate | undefined): Bilingual;
}

/** Formatters by locale and zone: building one costs about a millisecond, and every 201 builds an AEE. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = make()));
  return found;
}

/** Fixed sentences, content texts and dates in French and in the person's locale (the attestation writes with it too). */
export function writer(locale: Locale): Writer {
  const local = locale !== 'fr' && isReceiptLocale(locale) ? locale : undefined;
  const formatDate = (date: string, tag: string): string => {
    const formatted = formatter(`date:${tag}`, () => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' })).format(new Date(`${date}T00:00:00Z`));
    // French writes the first day of a month as an ordinal: "1er mars".
    return tag.startsWith('fr') ? formatted.replace(/^1 /, '1er ') : formatted;
  };
  // The dates' language and digits are data too (`format.locale`: Arabic with Latin digits).
  const intlTag = (value: ReceiptLocale): string => receiptText(value, 'format.locale');
  return {
    locale: local,
    say(key, params = {}, localParams = params) {
      const fr = receiptText('fr', key, params);
      return local ? { fr, local: receiptText(local, key, localParams) } : { fr };
    },
    pick(text) {
      const fr = text?.fr ?? '';
      const translated = local ? text?.[local] : undefined;
      return local ? { fr, local: translated ?? fr } : { fr };
    },
    date(date) {
      if (date === undefined) return local ? { fr: '', local: '' } : { fr: '' };
      const fr = formatDate(date, 'fr-FR');
      return local ? { fr, local: formatDate(date, intlTag(local)) } : { fr };
    },
  };
}

function parisTime(instant: Date, timeZone: string): string {
  return formatter(`time:${timeZone}`, () => new Intl.DateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).format(instant);
}

/** Values in French stay as they are beside the translation (addresses, emails, phones). */
function same(value: string, translated: boolean): Bilingual {
  return translated ? { fr: value, local: value } : { fr: value };
}

export function mention(id: MentionId, label: Bilingual, value: Bilingual, basis: string, verbatim = false): Mention {
  return verbatim ? { id, label, value, basis, verbatim } : { id, label, value, basis };
}

/**
 * The first email address the person gave in the submission's answers, where the
 * acknowledgments go (L112-11); undefined when they gave none.
 *
 * @example contactEmail(procedure, { replyBy: 'email', email: 'marie@example.fr' }) // 'marie@example.fr'
 */
export function contactEmail(procedure: Procedure, answers: Answers): string | undefined {
  for (const step of procedure.steps) {
    for (const field of step.fields) {
      const value = answers[field.id];
      if (field.type === 'email' && typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  }
  return undefined;
}

function localeInfo(site: Site, locale: Locale): { lang: string; dir: 'ltr' | 'rtl' } {
  const info = site.locales.find((candidate) => candidate.code === locale);
  return { lang: info?.speech ?? info?.code ?? locale, dir: info?.dir ?? (locale === 'ar' ? 'rtl' : 'ltr') };
}

function receiptSection(write: Writer, submission: Submission, context: ReceiptContext, kind: LegalProfile['kind'], withKind: boolean): AcknowledgmentSection {
  const timeZone = context.calendar?.timeZone ?? 'Europe/Paris';
  const date = write.date(receptionDate(submission.receivedAt, timeZone));
  const time = parisTime(submission.receivedAt, timeZone);
  const translated = write.locale !== undefined;
  const mentions = [
    mention('reference', write.say('label.reference'), same(submission.reference, translated), 'R112-11-2 (AEE)', true),
    mention(
      'receivedAt',
      write.say('label.receivedAt'),
      write.say('value.receivedAt', { date: date.fr, time }, { date: date.local ?? '', time }),
      'R112-11-1 1°, R112-11-2',
    ),
    mention('procedure', write.say('label.procedure'), write.pick(submission.procedure.title), 'R112-11-1'),
  ];
  if (withKind) mentions.push(mention('kind', write.say('label.kind'), write.say(`kind.${kind}`), 'R112-11-1 3°'));
  return { id: 'receipt', heading: write.say('section.receipt'), mentions };
}

/** Who helped and under which mandate: the person and the service both see it. */
function assistedSection(write: Writer, assistance: Assistance, context: ReceiptContext): AcknowledgmentSection {
  const timeZone = context.calendar?.timeZone ?? 'Europe/Paris';
  const translated = write.locale !== undefined;
  const { mandate } = assistance;
  const date = write.date(receptionDate(mandate.expiresAt, timeZone));
  const time = parisTime(mandate.expiresAt, timeZone);
  const titles = mandate.procedures.map((title) => write.pick(title));
  const procedures: Bilingual = {
    fr: titles.map((title) => title.fr).join(' ; '),
    ...(translated ? { local: titles.map((title) => title.local ?? title.fr).join(' ; ') } : {}),
  };
  const untilKey = mandate.scope === 'session' ? 'value.mandateUntilSession' : 'value.mandateUntil';
  return {
    id: 'assisted',
    heading: write.say('section.assisted'),
    mentions: [
      mention('helper', write.say('label.helper'), same(assistance.helperName, translated), 'issue 7: mediation', true),
      mention('mandate', write.say('label.mandate'), same(mandate.id, translated), 'issue 7: mediation', true),
      mention('mandateResident', write.say('label.mandateResident'), same(mandate.residentName, translated), 'issue 7: mediation', true),
      mention('mandateProcedures', write.say('label.mandateProcedures'), procedures, 'issue 7: mediation'),
      mention('mandateUntil', write.say('label.mandateUntil'), write.say(untilKey, { date: date.fr, time }, { date: date.local ?? '', time }), 'issue 7: mediation'),
    ],
  };
}

/**
 * The acknowledgment of registration (AEE, R112-11-2): date and time of receipt, reference.
 *
 * @example buildRegistration(submission, context).sections[0].mentions.map((m) => m.id)
 * // ['reference', 'receivedAt', 'procedure']
 */
export function buildRegistration(submission: Submission, context: ReceiptContext): Acknowledgment {
  const write = writer(submission.locale);
  const { lang, dir } = localeInfo(context.site, submission.locale);
  const kind = submission.procedure.legal?.kind ?? 'request';
  const recipient = contactEmail(submission.procedure, submission.answers);
  return {
    kind: 'registration',
    reference: submission.reference,
    town: write.say('town', { town: context.site.town }),
    title: write.say('title.registration'),
    locale: submission.locale,
    lang,
    dir,
    translated: write.locale !== undefined,
    receivedAt: submission.receivedAt.toISOString(),
    receivedOn: receptionDate(submission.receivedAt, context.calendar?.timeZone),
    procedure: { id: submission.procedure.id, version: submission.procedure.version, kind },
    ...(recipient === undefined ? {} : { recipient }),
    sections: [
      receiptSection(write, submission, context, kind, false),
      ...(submission.assistance ? [assistedSection(write, submission.assistance, context)] : []),
    ],
    notes: [write.say('registration.next'), ...notes(write)],
    warnings: [],
  };
}

function notes(write: Writer): Bilingual[] {
  return write.locale ? [write.say('keep'), write.say('translation.note')] : [write.say('keep')];
}

function serviceSection(write: Writer, service: Service | undefined, translated: boolean): AcknowledgmentSection {
  const contact = [service?.email, service?.address].filter((part): part is string => Boolean(part?.trim())).join(' — ');
  return {
    id: 'service',
    heading: write.say('section.service'),
    mentions: [
      mention('serviceName', write.say('label.serviceName'), write.pick(service?.name), 'R112-11-1 2°'),
      mention('serviceContact', write.say('label.serviceContact'), same(contact, translated), 'R112-11-1 2°', true),
      mention('servicePhone', write.say('label.servicePhone'), same(service?.phone?.trim() ?? '', translated), 'R112-11-1 2°', true),
    ],
  };
}

function decisionSection(
  write: Writer,
  submission: Submission,
  context: ReceiptContext,
  silence: LegalProfile['silence'],
  decisionDate: CalendarDate | undefined,
): AcknowledgmentSection {
  const legal = submission.procedure.legal;
  const translated = write.locale !== undefined;
  const label = write.say('label.silence');
  const mentions: Mention[] = [];
  if (silence === 'acceptance' || silence === 'rejection') {
    const date = write.date(decisionDate);
    mentions.push(mention('silence', label, write.say(`silence.${silence}`), 'R112-11-1 3°, L231-1, L231-4'));
    mentions.push(
      mention(
        'implicitDecisionDate',
        write.say('label.implicitDecisionDate'),
        decisionDate === undefined
          ? { fr: '', ...(translated ? { local: '' } : {}) }
          : write.say(`implicit.${silence}`, { date: date.fr }, { date: date.local ?? '' }),
        'R112-11-1 3°',
      ),
    );
    if (silence === 'acceptance') {
      mentions.push(mention('certificate', write.say('label.certificate'), write.say('certificate'), 'R112-11-1 3°, L232-3'));
    } else {
      const appeal = legal?.appeal
        ? write.pick(legal.appeal)
        : context.court.trim() === ''
          ? { fr: '', ...(translated ? { local: '' } : {}) }
          : write.say('appeal', { town: context.site.town, court: context.court.trim() });
      mentions.push(mention('appeal', write.say('label.appeal'), appeal, 'R112-11-1 3°, R421-1 and R421-2 CJA'));
    }
  } else if (silence === 'not-applicable') {
    const reason = write.pick(legal?.silenceReason);
    const value =
      reason.fr.trim() === ''
        ? { fr: '', ...(translated ? { local: '' } : {}) }
        : write.say('silence.notApplicable', { reason: reason.fr }, { reason: reason.local ?? reason.fr });
    mentions.push(mention('silence', label, value, 'R112-11-1 3°'));
  } else {
    mentions.push(mention('silence', label, { fr: '', ...(translated ? { local: '' } : {}) }, 'R112-11-1 3°'));
  }
  return { id: 'decision', heading: write.say('section.decision'), mentions };
}

function incompleteSection(write: Writer, submission: Submission, kind: LegalProfile['kind'], silence: LegalProfile['silence']): AcknowledgmentSection {
  const decides = kind === 'request' && (silence === 'acceptance' || silence === 'rejection');
  const parts: Bilingual[] = [];
  const custom = submission.procedure.legal?.incomplete;
  if (submission.incomplete && submission.incomplete.missing.length > 0) {
    const missing = submission.incomplete.missing.join(' ; ');
    const date = write.date(submission.incomplete.provideBy);
    parts.push(write.say('incomplete.listed', { missing, date: date.fr }, { missing, date: date.local ?? '' }));
  } else {
    parts.push(custom ? write.pick(custom) : write.say('incomplete.general'));
  }
  if (decides) parts.push(write.say('incomplete.delayRuns'));
  if (submission.completedOn) {
    const date = write.date(submission.completedOn);
    parts.push(write.say('life.completed', { date: date.fr }, { date: date.local ?? '' }));
  }
  const join = (side: 'fr' | 'local'): string => parts.map((part) => part[side] ?? '').join(' ');
  const value: Bilingual = write.locale ? { fr: join('fr'), local: join('local') } : { fr: join('fr') };
  return {
    id: 'incomplete',
    heading: write.say('section.incomplete'),
    mentions: [mention('incomplete', write.say('label.incomplete'), value, 'R112-11-1 4°, L114-5')],
  };
}

function dataSection(write: Writer, submission: Submission, context: ReceiptContext, service: Service | undefined): AcknowledgmentSection {
  const translated = write.locale !== undefined;
  const days = retentionDays(submission.procedure);
  const title = write.pick(submission.procedure.title);
  const serviceName = write.pick(service?.name);
  const controller = context.dataProtection.controller?.trim();
  const dpo = context.dataProtection.dpo;
  const dpoContact = [dpo.name, dpo.email, dpo.address, dpo.phone].filter((part): part is string => Boolean(part?.trim())).join(' — ');
  return {
    id: 'data',
    heading: write.say('section.data'),
    mentions: [
      mention(
        'dataController',
        write.say('label.dataController'),
        controller ? same(controller, translated) : write.say('data.controller', { town: context.site.town }),
        'RGPD art. 13.1.a',
      ),
      mention(
        'dataPurpose',
        write.say('label.dataPurpose'),
        write.say(
          'data.purpose',
          { procedure: title.fr, service: serviceName.fr },
          { procedure: title.local ?? title.fr, service: serviceName.local ?? serviceName.fr },
        ),
        'RGPD art. 13.1.c',
      ),
      mention('dataRetention', write.say('label.dataRetention'), write.say('data.retention', { days }), 'RGPD art. 13.2.a'),
      mention('dataRights', write.say('label.dataRights'), write.say('data.rights'), 'RGPD art. 13.2.b, 13.2.d'),
      mention('dataProtectionOfficer', write.say('label.dataProtectionOfficer'), same(dpoContact, translated), 'RGPD art. 13.1.b', true),
    ],
  };
}

/**
 * The acknowledgment of receipt (ARE) with every mention of R112-11-1, and the personal-data
 * notice. A mention that applies but has nothing to say is left empty, never dropped, so that
 * `missingMentions` can name it.
 *
 * @example
 * const are = buildReceipt({ reference: 'K7QD-4MZ9', receivedAt, procedure, locale: 'ar', answers }, context);
 * missingMentions(are) // [] when content and site are complete
 */
export function buildReceipt(submission: Submission, context: ReceiptContext): Acknowledgment {
  const write = writer(submission.locale);
  const translated = write.locale !== undefined;
  const { lang, dir } = localeInfo(context.site, submission.locale);
  const procedure = submission.procedure;
  const legal = procedure.legal;
  const kind = legal?.kind ?? 'request';
  const warnings: string[] = [];
  if (!legal) warnings.push(`Procedure "${procedure.id}" has no legal profile: treated as a request with no silence rule.`);

  let silence = kind === 'request' ? legal?.silence : undefined;
  if (kind === 'request' && procedure.audience === 'agent' && silence === 'acceptance') {
    // L231-4 5°: silence is a rejection between the administration and its agents.
    silence = 'rejection';
    warnings.push(`Procedure "${procedure.id}" is for agents: silence is worth rejection (L231-4), not acceptance.`);
  }

  let decisionDate: CalendarDate | undefined;
  if (silence === 'acceptance' || silence === 'rejection') {
    try {
      decisionDate = implicitDecisionDate(submission.completedOn ?? submission.receivedAt, legal?.delay ?? DEFAULT_DELAY, context.calendar);
    } catch (error) {
      warnings.push(`Procedure "${procedure.id}": ${(error as Error).message}`);
    }
  }

  const service = legal ? context.site.services.find((candidate) => candidate.id === legal.service) : undefined;
  if (legal && !service) warnings.push(`Procedure "${procedure.id}" names service "${legal.service}", which site.yaml does not list.`);

  const sections: AcknowledgmentSection[] = [
    receiptSection(write, submission, context, kind, true),
    ...(submission.assistance ? [assistedSection(write, submission.assistance, context)] : []),
    serviceSection(write, service, translated),
  ];
  if (kind === 'request') sections.push(decisionSection(write, submission, context, silence, decisionDate));
  if (kind !== 'information' || submission.incomplete) sections.push(incompleteSection(write, submission, kind, silence));
  sections.push(dataSection(write, submission, context, service));

  const recipient = contactEmail(procedure, submission.answers);
  return {
    kind: 'receipt',
    reference: submission.reference,
    town: write.say('town', { town: context.site.town }),
    title: write.say('title.receipt'),
    locale: submission.locale,
    lang,
    dir,
    translated,
    receivedAt: submission.receivedAt.toISOString(),
    receivedOn: receptionDate(submission.receivedAt, context.calendar?.timeZone),
    procedure: {
      id: procedure.id,
      version: procedure.version,
      kind,
      ...(silence === undefined ? {} : { silence }),
      ...(decisionDate === undefined ? {} : { implicitDecisionDate: decisionDate }),
    },
    ...(recipient === undefined ? {} : { recipient }),
    sections,
    notes: notes(write),
    warnings,
  };
}

/** The mentions an acknowledgment must carry, by its kind and its procedure's legal profile (content/model/legal.ts). */
export function requiredMentions(ack: Pick<Acknowledgment, 'kind' | 'procedure'>): MentionId[] {
  return mentionsFor(ack.kind, ack.procedure);
}

/**
 * The mentions that apply to this acknowledgment but are absent or empty in French (or in
 * the person's language when the acknowledgment is translated). An empty list means complete;
 * anything else is a legal defect (L112-6: appeal time limits cannot be held against the
 * person), which content:check reports and the server logs.
 *
 * @example missingMentions(buildReceipt(submission, context)) // ['servicePhone'] when site.yaml has no phone
 */
export function missingMentions(ack: Acknowledgment): MentionId[] {
  const present = new Map<MentionId, Mention>();
  for (const section of ack.sections) for (const item of section.mentions) present.set(item.id, item);
  return requiredMentions(ack).filter((id) => {
    const item = present.get(id);
    if (!item) return true;
    if (item.value.fr.trim() === '') return true;
    return ack.translated && (item.value.local ?? '').trim() === '';
  });
}

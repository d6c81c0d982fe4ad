// The shape of Guichet's content: procedures, their steps and fields, their texts.
// Procedures are written as YAML in content/procedures and checked by `npm run content:check`;
// these types are what the kiosk and the server see once a file has been loaded and checked.

/** A BCP 47 tag such as `fr`, `fr-x-falc`, `en`, `ar`. New locales are data only. */
export type Locale = string;

/** A text in every locale: `{ fr: 'Votre adresse', 'fr-x-falc': 'Où habitez-vous ?', … }`. */
export type Text = Record<Locale, string>;

export const FIELD_TYPES = [
  'text',
  'longText',
  'email',
  'phone',
  'date',
  'number',
  'choice',
  'choices',
  'address',
  'file',
  'consent',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export type Audience = 'resident' | 'agent';

/** One option of a `choice` or `choices` field. */
export interface Option {
  value: string;
  label: Text;
  hint?: Text;
  /** Name of a pictogram in content/pictograms, without `.svg` (for example `birth`). */
  pictogram?: string;
}

interface FieldBase {
  /** Key of the answer, unique within the procedure: `[a-z][a-zA-Z0-9]*`. */
  id: string;
  /** The visible label. When the field is alone on its step, the step title is the label. */
  label: Text;
  /** A hint shown under the label, with an example of a good answer. */
  hint?: Text;
  /** Defaults to true. An optional field says "(optional)" in its label. */
  required?: boolean;
  /** A private answer (code, phone, email) is never read aloud on the loudspeaker. */
  private?: boolean;
  /**
   * Defaults to true. `false` keeps the answer off the copy of the answers ("Récapitulatif de
   * votre demande") printed at the terminal and shown on the tracking page: for free text that
   * may hold health, family or money matters, on a paper that may stay on a shared printer's
   * tray. The service still receives it; the copy says that some answers are not shown.
   */
  copy?: boolean;
  /** HTML autocomplete token for personal data (`given-name`, `email`, `postal-code`, …). */
  autocomplete?: string;
}

export interface TextField extends FieldBase {
  type: 'text' | 'longText';
  minLength?: number;
  maxLength?: number;
  /** A regular expression (without slashes) the whole answer must match. */
  pattern?: string;
  /** `numeric` for answers made of digits, shown with a digit keypad. */
  inputmode?: 'numeric' | 'text';
}

export interface EmailField extends FieldBase {
  type: 'email';
}

export interface PhoneField extends FieldBase {
  type: 'phone';
}

/**
 * A date as `YYYY-MM-DD`. Bounds are either a fixed date or a number of days relative to
 * the day the answer is checked (`-36500` is about a hundred years ago, `0` is today).
 */
export interface DateField extends FieldBase {
  type: 'date';
  min?: string | number;
  max?: string | number;
}

export interface NumberField extends FieldBase {
  type: 'number';
  min?: number;
  max?: number;
  /** Defaults to true: most numbers a resident types are counts. */
  integer?: boolean;
  /** A unit shown after the input, in every locale (`€`, `personnes`). */
  unit?: Text;
}

export interface ChoiceField extends FieldBase {
  type: 'choice';
  options: Option[];
}

export interface ChoicesField extends FieldBase {
  type: 'choices';
  options: Option[];
  /** Least number of options to tick; defaults to 1 when required. */
  min?: number;
  max?: number;
}

/** A postal address: `{ street, complement?, postcode, city }`. */
export interface AddressField extends FieldBase {
  type: 'address';
  /** When true, only addresses in the town's postcodes (site.yaml) are accepted. */
  inTown?: boolean;
}

/** Documents or photos; the answer lists attachment ids sent beside the answers. */
export interface FileField extends FieldBase {
  type: 'file';
  accept: Array<'image/jpeg' | 'image/png' | 'application/pdf'>;
  /** Largest number of files for this field; defaults to 1. */
  maxFiles?: number;
  /** Largest size of one file in bytes; defaults to 5 MB. */
  maxBytes?: number;
}

/** A box the person must tick (consent, sworn statement). */
export interface ConsentField extends FieldBase {
  type: 'consent';
}

export type Field =
  | TextField
  | EmailField
  | PhoneField
  | DateField
  | NumberField
  | ChoiceField
  | ChoicesField
  | AddressField
  | FileField
  | ConsentField;

/**
 * Shows a step only when earlier answers allow it. A hidden step's answers are dropped.
 *
 * @example { field: 'certificate', equals: 'birth' }
 * @example { any: [{ field: 'forWhom', equals: 'child' }, { field: 'forWhom', equals: 'parent' }] }
 */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; in: Array<string | number> }
  | { field: string; includes: string }
  | { field: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** One page of the journey: one question, usually one field. */
export interface Step {
  id: string;
  /** The question, shown as the page's heading. */
  title: Text;
  /** A sentence under the heading, when the question needs one. */
  hint?: Text;
  when?: Condition;
  fields: Field[];
}

/** What the intro page says before the first question. */
export interface Intro {
  /** What to have at hand ("your family record book"). */
  needs: Text[];
  /** About how many minutes the procedure takes. */
  minutes: number;
}

/** Where the relay sends a submission: names of routes described in site.yaml. */
export type RouteNames = string[];

/**
 * The legal profile of a procedure (see shared/legal.md): filled by the receipts work,
 * kept loose here so that the model does not decide what the law says.
 */
export interface LegalProfile {
  kind: 'request' | 'declaration' | 'information';
  silence?: 'acceptance' | 'rejection' | 'not-applicable';
  silenceReason?: Text;
  /** Delay before silence is worth a decision, like `2 months` or `10 working days`. */
  delay?: string;
  /** Id of the service in charge, from site.yaml. */
  service: string;
  appeal?: Text;
  incomplete?: Text;
  /** Days the answers are kept after the last status change (default 30, at most 92). */
  retentionDays?: number;
}

/** A missing piece the service may ask for, named for the resident in every locale. */
export interface DeskPiece {
  id: string;
  label: Text;
  /** The procedure's field it asks again for; without it, a document to give. */
  field?: string;
}

/** A decision message the service starts from, in every locale: the resident reads theirs beside the French. */
export interface DecisionText {
  id: string;
  decision: 'accepted' | 'rejected';
  /** What the instructor sees in the list of models. */
  title: Text;
  message: Text;
}

/**
 * What the instruction desk proposes for this procedure. The service's working texts, not what a
 * resident answers: editing them needs no new procedure version.
 */
export interface DeskLists {
  pieces?: DeskPiece[];
  decisions?: DecisionText[];
}

export interface Procedure {
  id: string;
  /** A published version is immutable: change anything and the version goes up. */
  version: number;
  audience: Audience;
  /** Id of a category of site.yaml (`civil-status`, `street`, `family`, …). */
  category: string;
  pictogram: string;
  title: Text;
  /** One sentence that says what the procedure is for, on the home screen. */
  summary: Text;
  intro: Intro;
  steps: Step[];
  routes?: RouteNames;
  legal?: LegalProfile;
  desk?: DeskLists;
}

export interface Category {
  id: string;
  title: Text;
  pictogram: string;
}

export interface LocaleInfo {
  code: Locale;
  /** The language's name in itself: `Français`, `English`, `العربية`. */
  name: string;
  /** The `lang` attribute and speech language, when it differs from the code (FALC is `fr`). */
  speech?: string;
  dir: 'ltr' | 'rtl';
}

export interface Service {
  id: string;
  name: Text;
  email?: string;
  address?: string;
  phone?: string;
}

/** Who answers for personal data, printed with every acknowledgment of receipt (RGPD art. 13). */
export interface DataProtection {
  /** The controller; "Commune de {town}, représentée par son maire" when absent. */
  controller?: string;
  /** The data protection officer (DPO): at least one way to reach them. */
  dpo: { name?: string; email?: string; address?: string; phone?: string };
}

/**
 * How long a person may stay idle at a terminal (site.yaml `session:`): a warning after
 * `warnAfterSeconds` without a touch or a key, and the end `endAfterSeconds` later unless they
 * ask for more time. Defaults 180 and 60; longer at a mediator's desk.
 */
export interface SessionTimes {
  warnAfterSeconds: number;
  endAfterSeconds: number;
}

/** RGPD art. 6.1: why the town may process a procedure's data (e: public task, c: legal obligation, b: contract, a: consent). */
export type LegalBasis = 'public-task' | 'legal-obligation' | 'contract' | 'consent';

/**
 * A procedure's entry in the register of processing (RGPD art. 30), beside what the procedure
 * itself says (its questions, routes, retention): site.yaml `register:`, by procedure id.
 */
export interface ProcessingEntry {
  /** What the data is for, in a sentence. */
  purpose: string;
  basis: LegalBasis;
  /** The text that gives the town this task or obligation (`Code civil, art. 63`), when there is one. */
  law?: string;
}

/** The town: content/site.yaml. */
export interface Site {
  town: string;
  /** Postcodes of the town, for address fields marked `inTown`. */
  postcodes: string[];
  defaultLocale: Locale;
  locales: LocaleInfo[];
  categories: Category[];
  services: Service[];
  /** Back-office routes by name; the connectors read their options. */
  routes?: Record<string, { connector: string; [option: string]: unknown }>;
  /** The data protection notice's contacts; content:check requires the DPO's. */
  dataProtection?: DataProtection;
  /** The register of processing's entries, by procedure id; every procedure needs one (content:check). */
  register?: Record<string, ProcessingEntry>;
  /** The administrative court with jurisdiction over the town: "tribunal administratif d'Orléans". */
  court?: string;
  /** Inactivity warning and end on the terminals; 180 s and 60 s when absent. */
  session?: SessionTimes;
  /** SMS notices (GUICHET_SMS_URL): who they come from, up to 11 letters and digits, or a number. */
  sms?: { sender: string };
  /** The paper the terminals' printers take; A4 everywhere when absent. */
  printing?: Printing;
  /** Mediators' permanences and workshops that residents book (issue 21). */
  help?: HelpAgendas;
  /** The licence of the open data (/open-data/datapackage.json); Etalab 2.0 when absent. */
  openData?: { licence: 'etalab-2.0' | 'odbl-1.0' };
}

/** A printer's paper: A4 sheets, or an 80 mm thermal roll. */
export type Paper = 'a4' | '80mm';

/**
 * The paper receipts are laid out for: `paper` for every terminal, `sites` for the terminals
 * installed with that `?site=` (a reception desk's thermal printer).
 */
export interface Printing {
  paper: Paper;
  sites?: Record<string, Paper>;
}

/** Answers of one submission: field id to value. */
export type AnswerValue = string | number | boolean | string[] | Address;
export type Answers = Record<string, AnswerValue>;

export interface Address {
  street: string;
  complement?: string;
  postcode: string;
  city: string;
}

/**
 * A validation error: a translation key under `errors.` and its parameters, never a sentence.
 * `field` is the field id, or `field.part` for a part of an address.
 */
export interface FieldError {
  field: string;
  code: ErrorCode;
  params?: Record<string, string | number>;
}

export type ErrorCode =
  | 'required'
  | 'unknownField'
  | 'notAsked'
  | 'type'
  | 'tooShort'
  | 'tooLong'
  | 'pattern'
  | 'email'
  | 'phone'
  | 'date'
  | 'dateTooEarly'
  | 'dateTooLate'
  | 'number'
  | 'integer'
  | 'tooSmall'
  | 'tooLarge'
  | 'option'
  | 'tooFew'
  | 'tooMany'
  | 'postcode'
  | 'notInTown'
  | 'consent'
  | 'files';

// ---------------------------------------------------------------------------------------
// Help booking (issue 21): mediators' permanences and digital-skills workshops.

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** Opening hours on one day of the week, in the town's time: `{day: tuesday, from: "09:00", to: "12:00"}`. */
export interface WeeklyHours {
  day: Weekday;
  from: string;
  to: string;
}

/** What help a person can book: "une démarche", "apprendre à utiliser un ordinateur ou un téléphone". */
export interface HelpTopic {
  id: string;
  title: Text;
}

/** Where help is given: a public digital space (EPN) or the reception desk. */
export interface HelpPlace {
  id: string;
  kind: 'epn' | 'reception';
  name: Text;
  address: string;
}

/** A mediator's weekly permanence: one person at a time, `slotMinutes` each. */
export interface Permanence {
  id: string;
  /** The mediator's staff login (role `mediator` or `reception`): their day's list and calendar feed. */
  mediator: string;
  /** How the ticket and the lists name them: a first name, or "Un médiateur". */
  name: string;
  place: string;
  topics: string[];
  slotMinutes: number;
  weekly: WeeklyHours[];
}

/** A group workshop, held each week at the same hours, with a number of places. */
export interface Workshop {
  id: string;
  title: Text;
  topic: string;
  place: string;
  level: 'beginner' | 'intermediate';
  /** The language the workshop is given in. */
  language: Locale;
  capacity: number;
  weekly: WeeklyHours;
}

/** The town's help agendas (site.yaml `help`). */
export interface HelpAgendas {
  /** How many days ahead slots can be booked. */
  horizonDays: number;
  topics: HelpTopic[];
  places: HelpPlace[];
  permanences: Permanence[];
  workshops: Workshop[];
  /** Days with no help anywhere (`YYYY-MM-DD`): public holidays, closures. */
  closed?: string[];
}

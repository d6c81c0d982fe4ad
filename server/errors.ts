// The server's one error type and its catalogue. Code anywhere throws a GuichetError with a
// code from PROBLEMS; app.onError turns it into RFC 9457 problem+json, and so does the answer
// to a request too broken for the app to see (client-errors.ts).

/** Every problem the server can answer, with its HTTP status and a short French title. */
export const PROBLEMS = {
  'not-found': { status: 404, title: 'Adresse inconnue' },
  'method-not-allowed': { status: 405, title: 'Méthode non permise' },
  'unsupported-media-type': { status: 415, title: 'Type de contenu non accepté' },
  'body-too-large': { status: 413, title: 'Requête trop volumineuse' },
  'malformed-json': { status: 400, title: 'JSON mal formé' },
  'malformed-request': { status: 400, title: 'Requête HTTP mal formée' },
  'headers-too-large': { status: 431, title: 'En-têtes trop volumineux' },
  'body-too-deep': { status: 400, title: 'JSON trop imbriqué' },
  'forbidden-key': { status: 400, title: 'Clé interdite' },
  'invalid-body': { status: 400, title: 'Corps de requête invalide' },
  'invalid-query': { status: 400, title: 'Paramètres invalides' },
  'idempotency-key-missing': { status: 400, title: "En-tête Idempotency-Key manquant" },
  'idempotency-key-invalid': { status: 400, title: "En-tête Idempotency-Key invalide" },
  'idempotency-key-reused': { status: 422, title: "Clé d'idempotence déjà utilisée" },
  'sealed-envelope-unreadable': { status: 400, title: 'Enveloppe scellée illisible' },
  'sealing-key-unknown': { status: 409, title: 'Clé de scellement inconnue' },
  'procedure-not-found': { status: 404, title: 'Démarche inconnue' },
  'unknown-procedure': { status: 422, title: 'Démarche inconnue' },
  'unknown-procedure-version': { status: 422, title: 'Version de démarche inconnue' },
  'unknown-locale': { status: 422, title: 'Langue inconnue' },
  'invalid-answers': { status: 422, title: 'Réponses invalides' },
  'attachment-mismatch': { status: 422, title: 'Pièces jointes incohérentes' },
  'attachment-type': { status: 415, title: 'Type de pièce jointe non accepté' },
  'attachment-too-large': { status: 413, title: 'Pièce jointe trop volumineuse' },
  'attachments-too-large': { status: 413, title: 'Pièces jointes trop volumineuses ensemble' },
  'attachment-too-many-pixels': { status: 413, title: 'Image trop grande' },
  'attachment-unreadable': { status: 415, title: 'Pièce jointe illisible' },
  'attachment-hidden-content': { status: 415, title: 'Pièce jointe au contenu caché ou actif' },
  'attachment-infected': { status: 422, title: "Pièce jointe refusée par l'antivirus" },
  'antivirus-unavailable': { status: 503, title: 'Antivirus indisponible' },
  'submission-not-found': { status: 404, title: 'Demande introuvable' },
  'submission-purged': { status: 404, title: 'Réponses effacées' },
  'too-many-guesses': { status: 429, title: 'Trop d’essais' },
  'too-many-submissions': { status: 429, title: 'Trop d’envois' },
  'too-many-copies': { status: 429, title: 'Trop de copies demandées' },
  'copy-no-contact': { status: 422, title: 'Aucune adresse où envoyer la copie' },
  'copy-unavailable': { status: 503, title: 'Envoi de copies indisponible' },
  'sign-in-required': { status: 401, title: 'Connexion nécessaire' },
  'sign-in-failed': { status: 401, title: 'Identifiant ou code incorrect' },
  'too-many-sign-ins': { status: 429, title: 'Trop d’essais de connexion' },
  'role-forbidden': { status: 403, title: 'Réservé à un autre rôle' },
  'mandate-refused': { status: 403, title: 'Hors du mandat' },
  'mandate-not-found': { status: 404, title: 'Mandat introuvable' },
  'origin-refused': { status: 403, title: 'Origine refusée' },
  'metrics-token-required': { status: 401, title: 'Jeton des métriques absent ou faux' },
  'metrics-address-refused': { status: 403, title: 'Métriques réservées au réseau privé' },
  'handoff-not-found': { status: 404, title: 'Code inconnu ou expiré' },
  'handoff-conflict': { status: 409, title: 'Code déjà pris' },
  'too-many-handoffs': { status: 429, title: 'Trop de démarches confiées' },
  'invalid-journey-events': { status: 422, title: 'Comptes de parcours invalides' },
  'journey-site-mismatch': { status: 422, title: 'Lieu du poste différent' },
  'too-many-journey-events': { status: 429, title: 'Trop de comptes de parcours' },
  'webhook-signature-invalid': { status: 401, title: 'Signature absente ou fausse' },
  'terminal-credential-missing': { status: 401, title: 'Borne sans identifiant' },
  'terminal-not-enrolled': { status: 401, title: 'Borne non inscrite' },
  'terminal-credential-refused': { status: 401, title: 'Identifiant de borne refusé' },
  'terminal-not-found': { status: 404, title: 'Borne inconnue' },
  'webhook-signature-expired': { status: 401, title: 'Signature trop ancienne' },
  'invalid-status-event': { status: 422, title: 'Événement de statut invalide' },
  // Refusals of the status model (requests/status.ts), one code each.
  'invalid-transition': { status: 409, title: 'Changement de statut impossible' },
  'already-decided': { status: 409, title: 'Demande déjà décidée' },
  'request-finished': { status: 409, title: 'Demande terminée' },
  'decision-required': { status: 409, title: 'Décision attendue avant la clôture' },
  'implicit-date-not-reached': { status: 409, title: 'Date de décision implicite non atteinte' },
  'no-implicit-decision': { status: 409, title: 'Pas de décision implicite pour cette démarche' },
  'event-before-last-change': { status: 409, title: 'Événement antérieur au dernier changement' },
  'actor-not-allowed': { status: 409, title: 'Événement réservé à un autre acteur' },
  'missing-pieces-required': { status: 422, title: 'Pièces manquantes à nommer' },
  'respond-by-invalid': { status: 422, title: 'Date limite invalide' },
  'message-required': { status: 422, title: 'Message attendu' },
  // Help booking (help/): slots of mediators and workshops.
  'slot-full': { status: 409, title: 'Plus de place' },
  'slot-unknown': { status: 422, title: 'Créneau inconnu ou passé' },
  'booking-not-found': { status: 404, title: 'Code de rendez-vous inconnu' },
  'offer-expired': { status: 409, title: 'Place proposée expirée' },
  'help-closed': { status: 404, title: 'Pas de rendez-vous d’aide dans cette commune' },
  'no-implicit-acceptance': { status: 409, title: 'Pas d’acceptation implicite à attester' },
  'completion-mismatch': { status: 422, title: 'Démarche différente de la demande' },
  'completion-unavailable': { status: 503, title: 'Complément de dossier indisponible' },
  'storage-unavailable': { status: 503, title: 'Stockage indisponible' },
  'speech-not-found': { status: 404, title: 'Texte à lire inconnu' },
  'speech-unavailable': { status: 503, title: 'Voix de synthèse indisponible' },
  'server-busy': { status: 503, title: 'Serveur occupé' },
  'procedure-version-changed': { status: 500, title: 'Version de démarche modifiée' },
  internal: { status: 500, title: 'Erreur interne' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

/**
 * Problems a person can meet at the kiosk when sending: each has a plain-words sentence in
 * every locale, `errors.<code>` of content/locales/<locale>/ui.json, which the server also puts
 * in the problem's `errors[].message` for the file concerned.
 */
export const PERSON_PROBLEMS = [
  'body-too-large',
  'attachment-type',
  'attachment-too-large',
  'attachments-too-large',
  'attachment-too-many-pixels',
  'attachment-unreadable',
  'attachment-hidden-content',
  'attachment-infected',
  'antivirus-unavailable',
] as const satisfies readonly ProblemCode[];

/** One entry of a problem's `errors`: a field, a stable code, and a sentence for people. */
export interface ProblemError {
  field: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** The body of every error response (RFC 9457), `application/problem+json`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: ProblemError[];
}

/**
 * The server's error: a code from the catalogue, a French sentence for the person reading it.
 *
 * @example throw new GuichetError('unknown-locale', 'La langue « xx » n’est pas proposée.')
 */
export class GuichetError extends Error {
  readonly code: ProblemCode;
  readonly errors: ProblemError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ProblemCode,
    detail: string,
    options: { errors?: ProblemError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'GuichetError';
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The problem+json body of an error. `type` is a URN: stable, not meant to be fetched. */
export function problemOf(error: GuichetError): Problem {
  const { status, title } = PROBLEMS[error.code];
  return {
    type: `urn:guichet:problem:${error.code}`,
    title,
    status,
    detail: error.message,
    code: error.code,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

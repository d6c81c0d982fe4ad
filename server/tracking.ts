// Tracking a submission with its reference and code: the limit on guesses (in this process's
// memory, see rate-limit.ts), and what each status means for the person in plain words.
import { createSlidingWindow } from './rate-limit.ts';
import type { SubmissionStatus } from './store/types.ts';

export interface GuessLimits {
  /** Failed look-ups allowed per client address within the window. */
  perAddress: number;
  /** Failed look-ups allowed per reference within the window, from any address. */
  perReference: number;
  windowMs: number;
}

/**
 * A reference has 30^8 values and a code 30^6: at 10 wrong codes per reference per 15 minutes,
 * finding one code takes about 10^7 years on average. A person who mistypes their own code has
 * ten tries before waiting.
 */
export const DEFAULT_GUESS_LIMITS: GuessLimits = { perAddress: 30, perReference: 10, windowMs: 15 * 60_000 };

/**
 * Failed guesses in a sliding window, per key. A look-up takes its place before the store is
 * read and gives it back when the code was right: only failures stay counted, so a person
 * checking their own file often is never limited, and a burst sent at once cannot overrun it; an exhausted key refuses every look-up, right code or not,
 * so that a 429 says nothing about the code.
 *
 * @example const guesses = createGuessLimiter(DEFAULT_GUESS_LIMITS); guesses.retryAfter(['address:10.0.0.7', 'reference:K7QD-4MZ9'], now)
 */
export function createGuessLimiter(limits: GuessLimits = DEFAULT_GUESS_LIMITS) {
  const window = createSlidingWindow({
    windowMs: limits.windowMs,
    limitOf: (key) => (key.startsWith('reference:') ? limits.perReference : limits.perAddress),
  });
  return { retryAfter: window.retryAfter, reserve: window.reserve, fail: window.count };
}

export type GuessLimiter = ReturnType<typeof createGuessLimiter>;

type StatusLocale = 'fr' | 'fr-x-falc' | 'en' | 'ar';

/** What the status means and what comes next, in plain words, per locale. */
const NEXT: Record<StatusLocale, Record<SubmissionStatus | 'purged', { status: string; next: string }>> = {
  fr: {
    received: {
      status: 'Votre demande est enregistrée.',
      next: "Elle est en cours d'envoi au service de la mairie qui s'en occupe. Vous recevrez l'accusé de réception quand le service l'aura.",
    },
    delivered: {
      status: 'Le service de la mairie a reçu votre demande.',
      next: "L'accusé de réception est disponible. Le service étudie votre demande et vous répondra ; il peut vous demander une pièce qui manque.",
    },
    acknowledged: {
      status: 'Le service traite votre demande.',
      next: 'Le service vous répondra. Gardez votre référence si vous appelez la mairie.',
    },
    closed: { status: 'Votre demande est terminée.', next: 'Le service a répondu. Vous n’avez rien d’autre à faire.' },
    purged: {
      status: 'Votre demande est terminée.',
      next: 'Vos réponses ont été effacées après la durée de conservation. Pour une question, appelez la mairie avec votre référence.',
    },
  },
  'fr-x-falc': {
    received: { status: 'La mairie a votre demande.', next: 'La mairie envoie votre demande au bon service. Ensuite, vous recevez un accusé de réception.' },
    delivered: { status: 'Le service a votre demande.', next: 'Le service lit votre demande. Le service vous répond. Le service peut demander un papier en plus.' },
    acknowledged: { status: 'Le service s’occupe de votre demande.', next: 'Le service vous répond bientôt. Gardez votre numéro de demande.' },
    closed: { status: 'Votre demande est finie.', next: 'Le service a répondu. Vous n’avez plus rien à faire.' },
    purged: { status: 'Votre demande est finie.', next: 'La mairie a effacé vos réponses. Pour une question, appelez la mairie avec votre numéro de demande.' },
  },
  en: {
    received: {
      status: 'Your request is registered.',
      next: 'It is being sent to the town hall department in charge. You will get the acknowledgment of receipt once the department has it.',
    },
    delivered: {
      status: 'The town hall department has your request.',
      next: 'The acknowledgment of receipt is available. The department is looking at your request and will answer; it may ask for a missing document.',
    },
    acknowledged: { status: 'The department is handling your request.', next: 'The department will answer you. Keep your reference if you call the town hall.' },
    closed: { status: 'Your request is complete.', next: 'The department has answered. There is nothing more to do.' },
    purged: {
      status: 'Your request is complete.',
      next: 'Your answers were deleted after the retention period. For any question, call the town hall with your reference.',
    },
  },
  ar: {
    received: { status: 'تم تسجيل طلبك.', next: 'يجري إرساله إلى مصلحة البلدية المختصة. ستتلقى إشعار الاستلام عندما يصل الطلب إلى المصلحة.' },
    delivered: { status: 'وصل طلبك إلى مصلحة البلدية.', next: 'إشعار الاستلام متاح. تدرس المصلحة طلبك وسترد عليك، وقد تطلب منك وثيقة ناقصة.' },
    acknowledged: { status: 'المصلحة تعالج طلبك.', next: 'سترد عليك المصلحة. احتفظ بمرجعك إذا اتصلت بالبلدية.' },
    closed: { status: 'انتهى طلبك.', next: 'ردت المصلحة. لا شيء آخر عليك فعله.' },
    purged: { status: 'انتهى طلبك.', next: 'حُذفت إجاباتك بعد مدة الحفظ. لأي سؤال، اتصل بالبلدية مع ذكر مرجعك.' },
  },
};

/**
 * The status and what comes next, in `locale` (French when the locale has no such texts).
 *
 * @example explainStatus('received', 'en').next // 'It is being sent to the town hall department in charge. …'
 */
export function explainStatus(status: SubmissionStatus | 'purged', locale: string): { locale: StatusLocale; status: string; next: string } {
  const chosen: StatusLocale = Object.hasOwn(NEXT, locale) ? (locale as StatusLocale) : 'fr';
  return { locale: chosen, ...NEXT[chosen][status] };
}

// The words of an SMS notice. An SMS is a notice, not a receipt (shared/legal.md): it carries
// the town's name, the reference, the new status in a few words and the tracking address, and
// nothing else. No answer, name or tracking code can reach it: the builder takes no such input,
// and refuses an address with a query, a fragment or credentials, where a code could ride.
// The texts are data: `notices.sms.*` of content/locales/<code>/ui.json, checked by content:check.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE } from '../references.ts';

/** The statuses that ask something of the resident or decide: the ones that send a notice. */
export type NoticeStatus = 'incomplete' | 'accepted' | 'rejected' | 'deemed-accepted' | 'deemed-rejected';

export const NOTICE_STATUSES: readonly NoticeStatus[] = ['incomplete', 'accepted', 'rejected', 'deemed-accepted', 'deemed-rejected'];

const KEYS: Record<NoticeStatus, string> = {
  incomplete: 'incomplete',
  accepted: 'accepted',
  rejected: 'rejected',
  'deemed-accepted': 'deemedAccepted',
  'deemed-rejected': 'deemedRejected',
};

/** `notices.sms` of each locale's ui.json: locale → key → text with {{town}}, {{reference}}, {{url}}. */
export type SmsTexts = ReadonlyMap<string, Readonly<Record<string, string>>>;

export interface SmsNotice {
  status: NoticeStatus;
  /** The resident's locale; French when its text is missing. */
  locale: string;
  town: string;
  reference: string;
  /** Where the resident reads the details: `${GUICHET_PUBLIC_URL}/suivi/<reference>`. */
  trackingUrl: string;
}

/**
 * Reads `notices.sms` of each locale's ui.json; a missing file or key leaves that locale out.
 *
 * @example readSmsTexts('content', ['fr', 'ar']).get('ar')?.accepted
 */
export function readSmsTexts(contentDir: string, locales: readonly string[]): SmsTexts {
  const texts = new Map<string, Record<string, string>>();
  for (const locale of locales) {
    const file = join(contentDir, 'locales', locale, 'ui.json');
    if (!existsSync(file)) continue;
    const sms = (JSON.parse(readFileSync(file, 'utf8')) as { notices?: { sms?: Record<string, unknown> } }).notices?.sms;
    if (!sms) continue;
    texts.set(locale, Object.fromEntries(Object.entries(sms).filter((entry): entry is [string, string] => typeof entry[1] === 'string')));
  }
  return texts;
}

function checkedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new RangeError(`SMS: tracking address must be http(s), not ${parsed.protocol}`);
  if (parsed.search || parsed.hash || parsed.username || parsed.password || url.includes('?') || url.includes('#'))
    throw new RangeError('SMS: the tracking address carries no query, fragment or credentials (a tracking code must never be sent by SMS)');
  return url;
}

/**
 * The text of one SMS notice, in the resident's language.
 *
 * @example
 * smsText({ status: 'accepted', locale: 'fr', town: 'Belval-sur-Loire', reference: '7KQ4-M2XD',
 *   trackingUrl: 'https://guichet.belval-sur-loire.fr/suivi/7KQ4-M2XD' }, readSmsTexts('content', ['fr']))
 * // 'Mairie de Belval-sur-Loire : votre demande 7KQ4-M2XD est acceptée. Détails : https://guichet.belval-sur-loire.fr/suivi/7KQ4-M2XD'
 */
export function smsText(notice: SmsNotice, texts: SmsTexts): string {
  if (!REFERENCE.test(notice.reference)) throw new RangeError(`SMS: not a reference: ${notice.reference}`);
  const key = KEYS[notice.status];
  const template = texts.get(notice.locale)?.[key] ?? texts.get('fr')?.[key];
  if (!template) throw new RangeError(`SMS: no text notices.sms.${key} in ${notice.locale} nor fr`);
  const values: Record<string, string> = { town: notice.town.trim(), reference: notice.reference, url: checkedUrl(notice.trackingUrl) };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new RangeError(`SMS: notices.sms.${key} asks for {{${name}}}, which an SMS never carries`);
    return value;
  });
}

import { t } from '../i18n/i18n.ts';
import { active } from '../journey/session.ts';
import { offline } from '../offline/connection.ts';
import { Pictogram } from './pictogram.tsx';

/**
 * On every screen: that the network is gone and the person can carry on, or that a request
 * saved on the terminal has just been sent and has its reference. The region is always there,
 * so screen readers announce each change; words and a pictogram, never colour alone.
 */
export function OfflineStatus() {
  const submission = active.value?.journey.submission.value;
  const sentLater = submission?.status === 'sent' && submission.provisional !== undefined;
  return (
    <p class="offline-status" role="status">
      {sentLater ? (
        <>
          <Pictogram name="check" />
          <span>{t('saved.sentLater', { reference: submission.receipt.reference, provisional: submission.provisional })}</span>
        </>
      ) : offline.value ? (
        <>
          <Pictogram name="warning" />
          <span>{t('offline.banner')}</span>
        </>
      ) : null}
    </p>
  );
}

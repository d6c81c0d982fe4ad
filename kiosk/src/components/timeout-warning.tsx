import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';
import { kioskSession, warningText } from '../session/kiosk-session.ts';
import { Pictogram } from './pictogram.tsx';
import '../styles/session.css';

/** Seconds left at which the countdown is announced again, besides the opening. */
const ANNOUNCED_AT = new Set([30, 10]);

/**
 * The inactivity warning, as a modal dialog (accessibility target 14): it says how long is
 * left, one tap on "J'ai besoin de plus de temps" (or Esc) gives a full period again, without
 * limit. Opening moves focus to that button, so a screen reader reads the dialog's name and
 * description; the remaining time is re-announced at 30 and 10 seconds, not every second.
 */
export function TimeoutWarning() {
  const dialog = useRef<HTMLDialogElement>(null);
  const warning = kioskSession.phase.value === 'warning';
  const seconds = kioskSession.secondsLeft.value;
  useEffect(() => {
    const box = dialog.current;
    if (!box) return;
    if (warning && !box.open) {
      // Another modal (display settings) cannot stay above the warning.
      for (const other of document.querySelectorAll<HTMLDialogElement>('dialog[open]')) if (other !== box) other.close();
      box.showModal();
      box.querySelector<HTMLElement>('#timeout-more')?.focus();
    } else if (!warning && box.open) box.close();
  }, [warning]);
  return (
    <dialog
      ref={dialog}
      id="timeout-warning"
      class="timeout"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="timeout-title"
      aria-describedby="timeout-body"
      onCancel={(event) => {
        event.preventDefault();
        kioskSession.moreTime();
      }}
    >
      {warning ? (
        <div class="timeout__inner">
          <h2 id="timeout-title" class="timeout__title">
            <Pictogram name="clock" />
            {t('session.warning.title')}
          </h2>
          <p id="timeout-body">{warningText()}</p>
          <p class="timeout__countdown" aria-hidden="true">
            {t('session.warning.countdown', { seconds })}
          </p>
          <p class="visually-hidden" role="status">
            {ANNOUNCED_AT.has(seconds) ? t('session.warning.countdown', { seconds }) : ''}
          </p>
          <p class="actions">
            <button type="button" id="timeout-more" class="button button--primary" onClick={() => kioskSession.moreTime()}>
              <Pictogram name="clock" />
              {t('session.warning.more')}
            </button>
            <button type="button" class="button button--secondary" onClick={() => void kioskSession.end('finished')}>
              <Pictogram name="trash" />
              {t('session.finish')}
            </button>
          </p>
        </div>
      ) : null}
    </dialog>
  );
}

/** "Terminer et effacer", in the banner of every screen: ends the session and erases it now. */
export function FinishButton() {
  return (
    <button type="button" class="tool tool--finish" onClick={() => void kioskSession.end('finished')}>
      <Pictogram name="trash" />
      <span class="tool__label">{t('session.finish')}</span>
    </button>
  );
}

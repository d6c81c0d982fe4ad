import { useLayoutEffect, useRef } from 'preact/hooks';
import type { JourneyError } from '../journey/journey.ts';
import { t } from '../i18n/i18n.ts';
import { errorText } from './error-message.ts';

interface ErrorSummaryProps {
  errors: JourneyError[];
  /** Where each error's link leads: the input of its field; none for an error no field can fix. */
  targetOf: (error: JourneyError) => string | undefined;
  /** The field's label, when the page asks several things and the message alone is unclear. */
  labelOf?: (error: JourneyError) => string | undefined;
}

/**
 * The GOV.UK error summary: at the top of the page, focused when it appears, one link per
 * error to its field.
 */
export function ErrorSummary({ errors, targetOf, labelOf }: ErrorSummaryProps) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (errors.length) box.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  const label = (error: JourneyError) => {
    const name = labelOf?.(error);
    return name ? t('errors.withLabel', { label: name, message: errorText(error) }) : errorText(error);
  };
  return (
    <div class="error-summary" ref={box} tabIndex={-1}>
      <div role="alert">
      <h2 id="error-summary-title" class="error-summary__title">
        {t('errors.summaryTitle')}
      </h2>
      <ul class="error-summary__list">
        {errors.map((error) => {
          const target = targetOf(error);
          if (target === undefined) return <li key={`${error.field}-${error.code}`}>{label(error)}</li>;
          return (
            <li key={`${error.field}-${error.code}`}>
              <a
                href={`#${target}`}
                onClick={(event) => {
                  event.preventDefault();
                  const input = document.getElementById(target);
                  input?.focus();
                  input?.scrollIntoView?.({ block: 'center' });
                }}
              >
                {label(error)}
              </a>
            </li>
          );
        })}
      </ul>
      </div>
    </div>
  );
}

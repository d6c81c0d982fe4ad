// The one optional question after sending: three pictograms and "skip". The answer is only
// counted (indicators/), never tied to the request or the person. Read aloud with the screen.
import { useState } from 'preact/hooks';
import { Pictogram } from '../components/pictogram.tsx';
import { t } from '../i18n/i18n.ts';
import { canRate, rateJourney, type SatisfactionRating } from '../indicators/satisfaction.ts';

const CHOICES = [
  { rating: 'good', pictogram: 'face-happy' },
  { rating: 'neutral', pictogram: 'face-neutral' },
  { rating: 'bad', pictogram: 'face-sad' },
] as const;

export function SatisfactionQuestion() {
  const [answered, setAnswered] = useState(false);
  if (!canRate.value && !answered) return null;
  const answer = (rating: SatisfactionRating) => {
    setAnswered(true);
    rateJourney(rating);
  };
  return (
    <section class="satisfaction" aria-labelledby="satisfaction-heading">
      <h2 id="satisfaction-heading">{t('indicators.satisfaction.question')}</h2>
      <p id="satisfaction-hint">{t('indicators.satisfaction.hint')}</p>
      {answered ? null : (
        <p class="actions satisfaction__choices">
          {CHOICES.map((choice) => (
            <button type="button" class="button button--secondary" aria-describedby="satisfaction-hint" onClick={() => answer(choice.rating)}>
              <Pictogram name={choice.pictogram} />
              {t(`indicators.satisfaction.${choice.rating}`)}
            </button>
          ))}
          <button type="button" class="button button--secondary" onClick={() => answer('skipped')}>
            <Pictogram name="next" />
            {t('indicators.satisfaction.skip')}
          </button>
        </p>
      )}
      <p class="status" role="status">
        {answered ? t('indicators.satisfaction.thanks') : ''}
      </p>
    </section>
  );
}

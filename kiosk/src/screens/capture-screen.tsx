// The camera screen of a file field, loaded only once a file step is shown (files/capture-loader.ts):
// the live preview and a large shutter, then the photo taken to keep, retake, or add a page.
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Content, FileField, Procedure, Step } from '../../../content/model/index.ts';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { Redirect } from '../components/redirect.tsx';
import { createCaptureSession, type CaptureSession } from '../files/capture-session.ts';
import { formatLocale, t, text } from '../i18n/i18n.ts';
import { megabytes, megabytesPrecise } from '../journey/format.ts';
import type { Journey } from '../journey/journey.ts';
import { journeyFor } from '../journey/session.ts';
import { navigate } from '../router/history.ts';
import { pathOf } from '../router/routes.ts';
import '../styles/capture.css';

interface CaptureScreenProps {
  content: Content;
  procedure: Procedure;
  stepId: string;
  fieldId: string;
}

export function CaptureScreen({ content, procedure, stepId, fieldId }: CaptureScreenProps) {
  const { journey } = journeyFor(procedure, content.site);
  const step = journey.step(stepId);
  const field = step?.fields.find((f): f is FileField => f.id === fieldId && f.type === 'file');
  if (!step || !field || !journey.isVisible(stepId)) return <Redirect to={{ name: 'intro', procedureId: procedure.id }} />;
  return <Capture key={`${stepId}/${fieldId}`} town={content.site.town} journey={journey} step={step} field={field} />;
}

function Capture({ town, journey, step, field }: { town: string; journey: Journey; step: Step; field: FileField }) {
  const session = useMemo(() => createCaptureSession({ journey, stepId: step.id, field }), []);
  useEffect(() => {
    void session.start();
    return () => session.dispose();
  }, [session]);
  const video = useRef<HTMLVideoElement>(null);
  const stream = session.stream.value;
  useEffect(() => {
    if (video.current && video.current.srcObject !== stream) video.current.srcObject = stream ?? null;
  }, [stream]);

  const view = session.view.value;
  const pages = session.pages.value;
  const last = pages.at(-1);
  // Focus follows what changed: the photo just taken, or the shutter again after a retake.
  const takenHeading = useRef<HTMLHeadingElement>(null);
  const shutter = useRef<HTMLButtonElement>(null);
  const previous = useRef(view.kind);
  useEffect(() => {
    if (view.kind === 'review') takenHeading.current?.focus();
    else if (view.kind === 'live' && previous.current === 'review') shutter.current?.focus();
    previous.current = view.kind;
  }, [view.kind]);

  const stepPath = pathOf({ name: 'step', procedureId: journey.procedure.id, stepId: step.id });
  const keep = async () => {
    if (await session.keep()) navigate(stepPath);
  };
  const limits = [
    session.combines
      ? t('capture.pages', { taken: pages.length, max: session.maxPages })
      : t('capture.photos', { taken: pages.length, max: session.maxPages }),
    t('capture.weight', {
      used: megabytesPrecise(session.usedBytes.value, formatLocale()),
      max: megabytes(session.maxSubmissionBytes),
    }),
  ];
  const status =
    view.kind === 'starting'
      ? t('capture.starting')
      : view.kind === 'preparing'
        ? t('capture.preparing')
        : view.kind === 'saving'
          ? t('capture.saving')
          : session.problem.value
            ? t('capture.unreadable')
            : '';
  const keepLabel =
    pages.length <= 1
      ? t('capture.keepOne')
      : session.combines
        ? t('capture.keepDocument', { taken: pages.length })
        : t('capture.keepPhotos', { taken: pages.length });

  return (
    <Page title={`${t('capture.title')} – ${text(step.title)}`} town={town}>
      <Heading>{t('capture.title')}</Heading>
      <p id="capture-hint" class="hint">
        {t('capture.hint')}
      </p>
      <ul class="capture__limits">
        {limits.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {view.kind === 'failed' ? (
        <Failure failure={view.failure} onRetry={() => void session.start()} />
      ) : (
        <>
          <figure class="capture__frame" hidden={view.kind === 'review' || view.kind === 'saving' || session.maxPages === 0}>
            <video
              ref={video}
              class="capture__video"
              autoPlay
              muted
              playsInline
              aria-label={t('capture.preview')}
              aria-describedby="capture-hint"
            />
            <figcaption class="capture__caption">{t('capture.preview')}</figcaption>
          </figure>
          {view.kind === 'live' && session.canAddPage.value ? (
            <p class="actions">
              <button
                ref={shutter}
                type="button"
                class="button button--primary capture__shutter"
                onClick={() => video.current && void session.shoot(video.current)}
              >
                <Pictogram name="camera" size="large" />
                {t('capture.shutter')}
              </button>
            </p>
          ) : null}
          {view.kind === 'live' && !session.canAddPage.value ? <p>{t('capture.full')}</p> : null}
          {(view.kind === 'review' || view.kind === 'saving') && last ? (
            <Review session={session} headingRef={takenHeading} keepLabel={keepLabel} onKeep={() => void keep()} />
          ) : null}
        </>
      )}
      <p class="status" role="status">
        {status}
      </p>
      <p class="actions">
        <Link class="button button--secondary" href={stepPath}>
          <Pictogram name="back" />
          {t('capture.cancel')}
        </Link>
      </p>
    </Page>
  );
}

function Review({
  session,
  headingRef,
  keepLabel,
  onKeep,
}: {
  session: CaptureSession;
  headingRef: { current: HTMLHeadingElement | null };
  keepLabel: string;
  onKeep: () => void;
}) {
  const pages = session.pages.value;
  const page = pages.length;
  const last = pages.at(-1)!;
  return (
    <section class="capture__review" aria-labelledby="capture-taken">
      <h2 id="capture-taken" tabIndex={-1} ref={headingRef}>
        {t('capture.taken', { page })}
      </h2>
      <img class="capture__photo" src={last.url} alt={t('capture.takenAlt', { page })} />
      <p class="actions">
        <button type="button" class="button button--primary" onClick={onKeep}>
          <Pictogram name="check" />
          {keepLabel}
        </button>
        <button type="button" class="button button--secondary" onClick={() => session.retake()}>
          <Pictogram name="undo" />
          {t('capture.retake')}
        </button>
        {session.canAddPage.value ? (
          <button type="button" class="button button--secondary" onClick={() => session.anotherPage()}>
            <Pictogram name="more" />
            {session.combines ? t('capture.anotherPage') : t('capture.anotherPhoto')}
          </button>
        ) : null}
      </p>
    </section>
  );
}

/** No camera, permission refused, camera busy: what happened, and the way on. */
function Failure({ failure, onRetry }: { failure: 'none' | 'refused' | 'busy'; onRetry: () => void }) {
  return (
    <div class="problem" role="alert">
      <p>{t(`capture.failed.${failure}`)}</p>
      <p>{t('capture.wayOn')}</p>
      {failure === 'none' ? null : (
        <p class="actions">
          <button type="button" class="button button--secondary" onClick={onRetry}>
            <Pictogram name="repeat" />
            {t('capture.retry')}
          </button>
        </p>
      )}
    </div>
  );
}

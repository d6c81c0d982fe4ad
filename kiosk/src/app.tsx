import type { Content } from '../../content/model/index.ts';
import { Redirect } from './components/redirect.tsx';
import { Shell } from './components/shell.tsx';
import { contentState, loadContent } from './content/content-store.ts';
import { captureModule, loadCaptureScreen } from './files/capture-loader.ts';
import { currentRoute } from './router/history.ts';
import { lazyModule } from './router/lazy-module.ts';
import { HomeScreen } from './screens/home-screen.tsx';
import { IntroScreen } from './screens/intro-screen.tsx';
import {
  ContentErrorScreen,
  HelpScreen,
  LanguageScreen,
  LoadingScreen,
  NotFoundScreen,
} from './screens/simple-screens.tsx';
import { StepScreen } from './screens/step-screen.tsx';
import { locale } from './i18n/i18n.ts';
import { completionNamed } from './journey/session.ts';
import { assisted, offered } from './staff/assisted-session.ts';
import { staff } from './staff/staff-session.ts';

/** Every screen but home and the procedure's own steps: loaded after the home screen. */
export const laterScreens = lazyModule(() => import('./screens/later-screens.ts'));

function Screen({ content }: { content: Content }) {
  const route = currentRoute.value;
  const town = content.site.town;
  const later = laterScreens.module.value;
  const loadLater = () => {
    void laterScreens.load();
    return <LoadingScreen />;
  };
  switch (route.name) {
    case 'home':
      // A signed-in agent does only agent procedures: their home is their space; so is a
      // mediator's until an assisted session is open.
      if (staff.value?.role === 'agent') return later ? <later.AgentsScreen content={content} /> : loadLater();
      if (staff.value?.role === 'mediator' && !assisted.value) return later ? <later.MediationScreen content={content} /> : loadLater();
      return <HomeScreen content={content} />;
    case 'agents':
      return later ? <later.AgentsScreen content={content} /> : loadLater();
    case 'mediation':
      return later ? <later.MediationScreen content={content} /> : loadLater();
    case 'assist':
      return later ? <later.AssistScreen key={route.step} content={content} step={route.step} /> : loadLater();
    case 'resume':
      return later ? <later.ResumeScreen content={content} /> : loadLater();
    case 'language':
      return <LanguageScreen content={content} />;
    case 'help':
      return <HelpScreen town={town} />;
    case 'accessibility':
      return later ? <later.AccessibilityScreen town={town} /> : loadLater();
    case 'tracking':
      return later ? <later.TrackingScreen key={route.reference ?? ''} content={content} reference={route.reference} /> : loadLater();
    case 'book':
      return later ? <later.BookingScreen key={route.step} content={content} step={route.step} /> : loadLater();
    case 'notFound':
      return <NotFoundScreen town={town} />;
  }
  const procedure = content.procedures.find((p) => p.id === route.procedureId) ?? completionNamed(route.procedureId);
  if (!procedure) return <NotFoundScreen town={town} />;
  // An assisted session offers the mandate's procedures only.
  if (!offered(procedure.id)) return <Redirect to={{ name: 'home' }} />;
  switch (route.name) {
    case 'intro':
      return <IntroScreen content={content} procedure={procedure} />;
    case 'step':
      return <StepScreen key={route.stepId} content={content} procedure={procedure} stepId={route.stepId} />;
    case 'capture': {
      const capture = captureModule.value;
      if (!capture) {
        void loadCaptureScreen();
        return <LoadingScreen />;
      }
      return <capture.CaptureScreen content={content} procedure={procedure} stepId={route.stepId} fieldId={route.fieldId} />;
    }
    case 'handoff':
      return later ? <later.HandoffScreen key={route.stepId} content={content} procedure={procedure} stepId={route.stepId} /> : loadLater();
    case 'check':
      return later ? <later.CheckScreen content={content} procedure={procedure} /> : loadLater();
    case 'done':
      return later ? <later.DoneScreen content={content} procedure={procedure} /> : loadLater();
  }
}

/** The kiosk: the frame, and the screen for the current address once the content is here. */
export function App() {
  const state = contentState.value;
  // Read so the whole tree follows a change of language.
  locale.value;
  if (state.status === 'ready')
    return (
      <Shell town={state.content.site.town} locales={state.content.site.locales}>
        <Screen content={state.content} />
      </Shell>
    );
  return (
    <Shell>
      {state.status === 'loading' ? <LoadingScreen /> : <ContentErrorScreen onRetry={() => void loadContent()} />}
    </Shell>
  );
}

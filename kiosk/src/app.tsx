import type { Content } from '../../content/model/index.ts';
import { Redirect } from './components/redirect.tsx';
import { Shell } from './components/shell.tsx';
import { contentState, loadContent } from './content/content-store.ts';
import { captureModule, loadCaptureScreen } from './files/capture-loader.ts';
import { currentRoute } from './router/history.ts';
import { CheckScreen } from './screens/check-screen.tsx';
import { DoneScreen } from './screens/done-screen.tsx';
import { AgentsScreen } from './screens/agents-screen.tsx';
import { AssistScreen } from './screens/assist-screen.tsx';
import { MediationScreen } from './screens/mediation-screen.tsx';
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
import { HandoffScreen } from './screens/handoff-screen.tsx';
import { ResumeScreen } from './screens/resume-screen.tsx';
import { AccessibilityScreen } from './screens/accessibility-screen.tsx';
import { TrackingScreen } from './screens/tracking-screen.tsx';
import { locale } from './i18n/i18n.ts';
import { assisted, offered } from './staff/assisted-session.ts';
import { staff } from './staff/staff-session.ts';

function Screen({ content }: { content: Content }) {
  const route = currentRoute.value;
  const town = content.site.town;
  switch (route.name) {
    case 'home':
      // A signed-in agent does only agent procedures: their home is their space; so is a
      // mediator's until an assisted session is open.
      if (staff.value?.role === 'agent') return <AgentsScreen content={content} />;
      if (staff.value?.role === 'mediator' && !assisted.value) return <MediationScreen content={content} />;
      return <HomeScreen content={content} />;
    case 'agents':
      return <AgentsScreen content={content} />;
    case 'mediation':
      return <MediationScreen content={content} />;
    case 'assist':
      return <AssistScreen key={route.step} content={content} step={route.step} />;
    case 'resume':
      return <ResumeScreen content={content} />;
    case 'language':
      return <LanguageScreen content={content} />;
    case 'help':
      return <HelpScreen town={town} />;
    case 'accessibility':
      return <AccessibilityScreen town={town} />;
    case 'tracking':
      return <TrackingScreen key={route.reference ?? ''} content={content} reference={route.reference} />;
    case 'notFound':
      return <NotFoundScreen town={town} />;
  }
  const procedure = content.procedures.find((p) => p.id === route.procedureId);
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
      return <HandoffScreen key={route.stepId} content={content} procedure={procedure} stepId={route.stepId} />;
    case 'check':
      return <CheckScreen content={content} procedure={procedure} />;
    case 'done':
      return <DoneScreen content={content} procedure={procedure} />;
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

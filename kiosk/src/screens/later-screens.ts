// The screens a resident does not need to reach the home screen and start a procedure: the
// check and done pages of a procedure, the accessibility statement, the staff spaces (agents,
// mediators, the reception desk's resume), the hand-off, tracking. One chunk, loaded once the
// home screen is idle (kiosk/src/router/lazy-module.ts), long before anyone reaches them.
export { AccessibilityScreen } from './accessibility-screen.tsx';
export { AgentsScreen } from './agents-screen.tsx';
export { AssistScreen } from './assist-screen.tsx';
export { BookingScreen } from './booking-screen.tsx';
export { CheckScreen } from './check-screen.tsx';
export { DoneScreen } from './done-screen.tsx';
export { HandoffScreen } from './handoff-screen.tsx';
export { MediationScreen } from './mediation-screen.tsx';
export { ResumeScreen } from './resume-screen.tsx';
export { TrackingScreen } from './tracking-screen.tsx';

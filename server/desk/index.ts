// The instruction desk (/desk): its pages as hono/jsx components over plain data, the inbox's
// sections, its stylesheet, and its routes (`routes.tsx`, mounted at /desk by app.ts).
export { inboxSections, DUE_SOON_DAYS, type InboxRow, type InboxSections } from './inbox.ts';
export { InboxPage, type InboxPageData } from './inbox-page.tsx';
export { DeskLayout, DESK_NAV, type Instructor } from './layout.tsx';
export { RequestPage, type DecisionTemplate, type DeskFormName, type DeskRequest, type RequestPageData } from './request-page.tsx';
export { DeskSignInPage, FindRequestPage } from './sign-in-page.tsx';
export { DESK_CSS } from './styles.ts';
export { STATUS_LABELS } from './words.ts';
export { DeskProblemPage } from './problem-page.tsx';

// Owns the assisted session: a mediator helping a resident under the resident's mandate. The
// draft (name, procedures, until when) while the mediator asks, then the mandate the server
// made. The session ends with the kiosk session: a session mandate is ended on the server
// first, while the mediator is still signed in, then everything here is forgotten.
import { computed, signal } from '@preact/signals';
import { consentPageUrl, getAssistedSessions, postEndMandate, postMandate, type AssistedSessionView, type MandateRequest, type MandateView } from '../api/staff-client.ts';
import { terminalChannel, terminalId } from '../offline/terminal.ts';
import { onSessionEnd } from '../session/kiosk-session.ts';
import { printReceipt } from '../tracking/print-receipt.ts';
import { onSigningOut, staff } from './staff-session.ts';

/** How long the resident entrusts the procedures: this session, a day, a year (as Aidants Connect). */
export const DURATIONS = { session: undefined, day: 1, year: 365 } as const;
export type Duration = keyof typeof DURATIONS;

export interface AssistDraft {
  residentName?: string;
  procedureIds?: string[];
  duration?: Duration;
}

export const draft = signal<AssistDraft>({});
/** The open mandate of this kiosk session, once the resident said yes. */
export const mandate = signal<MandateView | undefined>(undefined);
export const assistedSessions = signal<AssistedSessionView[] | undefined>(undefined);

/** Who helps whom, for the banner; undefined outside an assisted session. */
export const assisted = computed(() => {
  const open = mandate.value;
  const helper = staff.value;
  return open && helper?.role === 'mediator' ? { helper: helper.displayName, mandate: open } : undefined;
});

export function updateDraft(change: AssistDraft): void {
  draft.value = { ...draft.value, ...change };
}

/** Asks the server for the mandate; true when it is open. */
export async function openMandate(): Promise<boolean> {
  const { residentName, procedureIds, duration } = draft.peek();
  if (!residentName || !procedureIds?.length || !duration) return false;
  const days = DURATIONS[duration];
  const until: MandateRequest['until'] = days === undefined ? { scope: 'session' } : { scope: 'duration', days };
  const channel = terminalChannel();
  const opened = await postMandate({ residentName, procedureIds, until }, { terminalId: terminalId(), ...(channel ? { channel } : {}) });
  if (!opened) return false;
  mandate.value = opened;
  draft.value = {};
  return true;
}

/** Prints the resident's consent, in French and the language on screen. */
export function printConsent(locale: string, title: string): Promise<boolean> {
  const open = mandate.peek();
  return open ? printReceipt(consentPageUrl(open.id, locale), title) : Promise.resolve(false);
}

/** What a submission sends while the session is assisted: the mandate's id. */
export function helpOrigin(): { mandateId?: string } {
  const open = assisted.peek();
  return open ? { mandateId: open.mandate.id } : {};
}

/** Whether a procedure may be offered now: any, unless a mandate names only some. */
export function offered(procedureId: string): boolean {
  const open = assisted.value;
  return !open || open.mandate.procedureIds.includes(procedureId);
}

export async function refreshAssistedSessions(): Promise<void> {
  assistedSessions.value = await getAssistedSessions();
}

let registered = false;

/** Ends a session mandate on the server before sign-out, and forgets the assisted session at every end. */
export function startAssistedSessions(): void {
  if (registered) return;
  registered = true;
  onSigningOut(async () => {
    const open = mandate.peek();
    mandate.value = undefined;
    if (open?.scope === 'session') await postEndMandate(open.id);
  });
  onSessionEnd(() => {
    draft.value = {};
    mandate.value = undefined;
    assistedSessions.value = undefined;
  });
}

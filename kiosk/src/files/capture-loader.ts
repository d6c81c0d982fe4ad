// Loads the camera screen (camera, shrinking, PDF) only once a step with a file field is
// shown: none of it is part of what the home screen loads.
import { signal } from '@preact/signals';

type CaptureModule = typeof import('../screens/capture-screen.tsx');

/** The camera screen's module, once loaded. */
export const captureModule = signal<CaptureModule | undefined>(undefined);
let loading: Promise<void> | undefined;

export function loadCaptureScreen(): Promise<void> {
  loading ??= import('../screens/capture-screen.tsx').then(
    (module) => {
      captureModule.value = module;
    },
    () => {
      // Tried again at the next file step, or when the camera screen is opened.
      loading = undefined;
    },
  );
  return loading;
}

/** Whether this browser can reach a camera at all (a secure origin with media devices). */
export function cameraPossible(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

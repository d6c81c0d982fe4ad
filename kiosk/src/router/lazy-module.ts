// Screens that are not on the way to the home screen load after it: their code is fetched
// (from the service worker's cache, offline too) once the home screen is idle, or when one of
// them is first asked for, whichever comes first. Until then, the loading screen.
import { signal, type ReadonlySignal } from '@preact/signals';

export interface LazyModule<M> {
  /** The module, once loaded. */
  module: ReadonlySignal<M | undefined>;
  /** Starts loading it (once; again after a failure). */
  load(): Promise<void>;
}

export function lazyModule<M>(importer: () => Promise<M>): LazyModule<M> {
  const module = signal<M | undefined>(undefined);
  let loading: Promise<void> | undefined;
  return {
    module,
    load() {
      loading ??= importer().then(
        (loaded) => {
          module.value = loaded;
        },
        () => {
          // Tried again the next time the screen is asked for.
          loading = undefined;
        },
      );
      return loading;
    },
  };
}

// The implicit decision job: a request whose SVA / SVR date has come without an express
// decision becomes deemed accepted or deemed rejected (L231-1, L231-4), with its notices.
// Safe with several instances: each applies the deemed event through the store, which locks
// the request and judges it again with the status model, so a second instance meets a refusal
// and writes nothing. Owns one timer between start() and stop().
import type { Procedure } from '../../content/model/index.ts';
import type { Store } from '../store/types.ts';
import type { RequestLife } from './request-life.ts';
import { dueImplicitDecision, termsOf } from './status.ts';

export interface ImplicitDecisionDeps {
  store: Store;
  life: RequestLife;
  now?: () => Date;
  /** Once an hour by default: the dates are days. */
  pollMs?: number;
  batch?: number;
  log?: Pick<Console, 'error'>;
}

export interface ImplicitDecisionJob {
  /** Decides what silence has decided by now; resolves with how many this instance recorded. */
  runDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * @example const job = createImplicitDecisionJob({ store, life }); job.start();
 */
export function createImplicitDecisionJob(deps: ImplicitDecisionDeps): ImplicitDecisionJob {
  const now = deps.now ?? (() => new Date());
  const batch = deps.batch ?? 200;
  const procedures = new Map<string, Procedure | undefined>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  const procedureOf = async (id: string, version: number) => {
    const key = `${id}@${version}`;
    if (!procedures.has(key)) procedures.set(key, (await deps.store.getProcedureVersion(id, version))?.procedure);
    return procedures.get(key);
  };

  const runDue = async (): Promise<number> => {
    const at = now();
    let decided = 0;
    let after: string | undefined;
    for (;;) {
      const references = await deps.store.awaitingDecision({ ...(after === undefined ? {} : { after }), limit: batch });
      for (const reference of references) {
        const life = await deps.store.requestLife(reference);
        const procedure = life && (await procedureOf(life.procedureId, life.procedureVersion));
        if (!life || !procedure) continue;
        const event = dueImplicitDecision({ terms: termsOf(procedure), history: life.history }, at);
        if (!event) continue;
        const outcome = await deps.life.applyEvent(reference, event, { kind: 'system' }, at);
        if (outcome.outcome === 'applied') decided += 1;
      }
      if (references.length < batch) return decided;
      after = references[references.length - 1];
    }
  };

  const run = (): void => {
    running ??= runDue()
      .catch((error: unknown) => (deps.log ?? console).error('Implicit decisions: a round failed; it is tried again at the next one.', error))
      .finally(() => {
        running = undefined;
      });
  };

  return {
    runDue,
    start() {
      timer ??= setInterval(run, deps.pollMs ?? 3_600_000);
      timer.unref();
      run();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

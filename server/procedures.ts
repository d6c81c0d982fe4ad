// Published procedure versions: remembered at start, immutable afterwards, and looked up
// again when an offline kiosk submits against a version the content no longer holds.
import type { Procedure } from '../content/model/index.ts';
import { hashOf } from './canonical-json.ts';
import { GuichetError } from './errors.ts';
import type { Store } from './store/types.ts';

/**
 * Remembers every loaded procedure version; refuses when a published one was edited in place.
 *
 * @example await publishProcedures(store, content.procedures) // throws procedure-version-changed
 */
export async function publishProcedures(store: Store, procedures: readonly Procedure[]): Promise<void> {
  const changed: string[] = [];
  for (const procedure of procedures) {
    // The desk's lists are the service's working texts, read from today's content: they may
    // change without a new version, so they stay out of the published version's hash.
    const { desk: _desk, ...published } = procedure;
    const outcome = await store.rememberProcedureVersion({
      id: procedure.id,
      version: procedure.version,
      hash: hashOf(published),
      procedure,
    });
    if (outcome === 'changed')
      changed.push(`procedure ${procedure.id} version ${procedure.version} changed without a new version number`);
  }
  if (changed.length)
    throw new GuichetError(
      'procedure-version-changed',
      `${changed.join('; ')}. A published version is immutable (an offline kiosk may submit against it): raise its version.`,
    );
}

/** The procedure a submission is checked against: the current one, or a stored older version. */
export async function procedureFor(
  current: ReadonlyMap<string, Procedure>,
  store: Store,
  id: string,
  version: number | undefined,
): Promise<Procedure> {
  const procedure = current.get(id);
  if (!procedure) throw new GuichetError('unknown-procedure', `La démarche « ${id} » n'existe pas.`);
  if (version === undefined || version === procedure.version) return procedure;
  const stored = await store.getProcedureVersion(id, version);
  if (!stored)
    throw new GuichetError(
      'unknown-procedure-version',
      `La démarche « ${id} » n'a pas de version ${version} (version en cours : ${procedure.version}).`,
    );
  return stored.procedure;
}

// Staff accounts for browser tests and the accessibility audit, made as a town hall makes
// them: `npm run accounts -- add … --code-stdin` on the server's data folder.
import { execFileSync } from 'node:child_process';

/**
 * @example addStaffAccount(server.dataDir, { role: 'mediator', login: 'm.durand', name: 'Marc Durand', code: 'Marc-code-9Lp!x' })
 */
export function addStaffAccount(
  dataDir: string,
  account: { role: 'mediator' | 'agent' | 'reception' | 'admin' | 'instructor' | 'manager'; login: string; name: string; code: string; services?: string[] },
): void {
  const services = account.services ? [`--services=${account.services.join(',')}`] : [];
  execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/accounts.ts', 'add', account.role, account.login, account.name, '--code-stdin', ...services], {
    env: { ...process.env, DATA_DIR: dataDir },
    input: `${account.code}\n`,
  });
}

// `npm run accounts -- <command>`: staff accounts in the store the server uses (DATA_DIR or
// DATABASE_URL, as server/main.ts reads them). Codes are stored only as argon2id hashes; a new
// code is printed once, or read from the standard input with --code-stdin.
//
//   add <role> <login> <display name…> [--code-stdin] [--site=<site>] [--services=<id,id>]
//                                                       role: mediator | agent | reception | admin | instructor | manager
//                                                       --site: the desk a reception account lists (the terminals' ?site=)
//                                                       --services: the site.yaml services an instructor handles in /desk
//   reset <role> <login> [--code-stdin]                 a new code; ends the account's sessions
//   disable <role> <login> | enable <role> <login>
//   list
import { readFileSync } from 'node:fs';
import { secureDataFolder } from '../data-folder.ts';
import { STAFF_ROLES } from '../staff/auth.ts';
import { MIN_CODE_LENGTH, hashCode, newCode } from '../staff/passwords.ts';
import { loadContent } from '../../content/check/index.ts';
import { readConfigOrExit } from '../config.ts';
import { openStore, type StaffRole, type Store } from '../store/index.ts';

/** The kiosk's staff roles, and the desk's: instructors and managers sign in at /desk only. */
const ACCOUNT_ROLES: readonly StaffRole[] = [...STAFF_ROLES, 'instructor', 'manager'];
const DESK_ROLES: readonly StaffRole[] = ['instructor', 'manager'];

const USAGE = `Usage: npm run accounts -- add <role> <login> <display name> [--code-stdin] [--site=<site>] [--services=<service,service>]
       npm run accounts -- reset <role> <login> [--code-stdin]
       npm run accounts -- disable|enable <role> <login>
       npm run accounts -- list
Roles: ${ACCOUNT_ROLES.join(', ')}. --services (instructor, manager): service ids of site.yaml.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const args = process.argv.slice(2);
const fromStdin = args.includes('--code-stdin');
const siteArg = args.find((a) => a.startsWith('--site='))?.slice('--site='.length).trim();
if (siteArg !== undefined && !/^[\w.-]{1,64}$/.test(siteArg)) fail('--site: letters, digits and .-_ (the terminals\' ?site=).');
const servicesArg = args.find((a) => a.startsWith('--services='))?.slice('--services='.length);
const services = servicesArg === undefined ? undefined : [...new Set(servicesArg.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
const [command, roleArg, login, ...nameParts] = args.filter((a) => a !== '--code-stdin' && !a.startsWith('--site=') && !a.startsWith('--services='));
if (!command || !['add', 'reset', 'disable', 'enable', 'list'].includes(command)) fail(USAGE);
const role = roleArg as StaffRole | undefined;
if (command !== 'list' && (!role || !ACCOUNT_ROLES.includes(role) || !login)) fail(USAGE);
if (services !== undefined && !DESK_ROLES.includes(role!)) fail('--services is for instructor and manager accounts.');
if (command === 'add' && DESK_ROLES.includes(role!) && (services === undefined || services.length === 0))
  fail('An instructor handles the requests of one or more services: give --services=<id,id> (service ids of site.yaml).');

/** The code to store: read from stdin (first line, kept as typed), or made here and printed once. */
function codeToSet(): { code: string; printed: boolean } {
  if (!fromStdin) return { code: newCode(), printed: true };
  const code = readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '';
  if (code.length < MIN_CODE_LENGTH) fail(`The code must have at least ${MIN_CODE_LENGTH} characters.`);
  return { code, printed: false };
}

const { dataDir, databaseUrl, contentDir } = readConfigOrExit(process.env);
if (services !== undefined) {
  const known = loadContent(contentDir).site.services.map((s) => s.id);
  const unknown = services.filter((s) => !known.includes(s));
  if (unknown.length > 0) fail(`Unknown service(s): ${unknown.join(', ')}. The services of site.yaml: ${known.join(', ')}.`);
}
if (!databaseUrl) for (const change of secureDataFolder(dataDir)) console.warn(change);
const store: Store = openStore({ databaseUrl, dataDir });

try {
  await store.migrate();
  const at = new Date().toISOString();
  if (command === 'list') {
    for (const a of await store.listStaffAccounts())
      console.log(`${a.role}\t${a.login}\t${a.displayName}${a.site ? `\tsite ${a.site}` : ''}${a.services ? `\tservices ${a.services.join(',')}` : ''}${a.disabled ? '\t(disabled)' : ''}`);
  } else if (command === 'add') {
    const displayName = nameParts.join(' ').trim() || login!;
    const { code, printed } = codeToSet();
    const created = await store.createStaffAccount({ role: role!, login: login!.trim(), displayName, passwordHash: await hashCode(code), createdAt: at, ...(siteArg ? { site: siteArg } : {}), ...(services ? { services } : {}) });
    if (created === 'exists') fail(`A ${role} account "${login}" already exists (use reset for a new code).`);
    await store.appendAudit({ at, kind: 'staff.account-created', actor: 'cli', data: { role, login, ...(services ? { services } : {}) } });
    console.log(`Added ${role} "${login}" (${displayName}).`);
    if (printed) console.log(`Code, shown once: ${code}`);
  } else {
    const account = await store.findStaffAccount(role!, login!.trim());
    if (!account) fail(`No ${role} account "${login}".`);
    if (command === 'reset') {
      const { code, printed } = codeToSet();
      await store.updateStaffAccount(account.id, { passwordHash: await hashCode(code) });
      console.log(`New code for ${role} "${login}"; its sessions are ended.`);
      if (printed) console.log(`Code, shown once: ${code}`);
    } else {
      await store.updateStaffAccount(account.id, { disabled: command === 'disable' });
      console.log(`${command === 'disable' ? 'Disabled' : 'Enabled'} ${role} "${login}".`);
    }
    await store.appendAudit({ at, kind: `staff.account-${command}`, actor: 'cli', data: { role, login } });
  }
} finally {
  await store.dispose();
}

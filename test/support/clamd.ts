// A private clamd (ClamAV's daemon, Debian's clamav-daemon) for the antivirus tests: its own
// configuration, socket and database folder in a temporary folder, in the foreground as a
// child process, stopped and removed afterwards.
//
// Why a custom database: ClamAV's signature databases (main.cvd, daily.cvd) are downloaded by
// freshclam from ClamAV's mirrors, and these machines reach no network but the package
// registries. clamd loads any .ndb file in its database folder, so the tests give it one
// signature of their own that matches the EICAR test string anywhere in a file, as the real
// databases' Eicar-Signature does at its start. The scanning, the protocol and the refusal are
// clamd's own, only the signature list is small.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLAMD = ['/usr/sbin/clamd', '/usr/bin/clamd'];
const MISSING = "The antivirus tests need ClamAV's daemon: run `sudo apt-get install clamav-daemon` (Debian), or set CLAMD to its path.";

/**
 * The EICAR test string, the antivirus industry's harmless test file. Assembled here so that
 * no antivirus on a developer's machine quarantines this source file.
 */
export const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

/** The name the private database gives the EICAR signature. */
const SIGNATURE_NAME = 'Guichet-Test.EICAR';
/** What clamd answers for it (`stream: <name> FOUND`): a signature not from ClamAV's own databases is marked so. */
export const EICAR_SIGNATURE = `${SIGNATURE_NAME}.UNOFFICIAL`;

const isRoot = () => process.getuid?.() === 0;

/** Finds clamd, installing Debian's package when running as root; throws one clear line otherwise. */
export function ensureClamd(): string {
  const find = () => (process.env.CLAMD ? [process.env.CLAMD] : CLAMD).find((path) => existsSync(path));
  let clamd = find();
  if (!clamd && isRoot() && !process.env.CLAMD) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    console.log("clamd is missing: installing Debian's clamav-daemon package with apt-get…");
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'clamav-daemon'], { stdio: 'inherit', env });
    } catch {
      // Reported by the line below.
    }
    clamd = find();
  }
  if (!clamd) throw new Error(MISSING);
  return clamd;
}

export interface RunningClamd {
  /** clamd's LocalSocket, what GUICHET_CLAMAV_SOCKET names. */
  socket: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** Resolves once something answers PING on the socket, or rejects after `timeoutMs`. */
async function waitForPong(socket: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`clamd exited with ${child.exitCode}:\n${output()}`);
    const pong = await new Promise<boolean>((resolve) => {
      const probe = connect(socket);
      let reply = '';
      probe.on('connect', () => probe.write('zPING\0'));
      probe.on('data', (data) => (reply += data.toString()));
      probe.on('error', () => resolve(false));
      probe.on('close', () => resolve(reply.startsWith('PONG')));
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error(`clamd did not answer PING within ${timeoutMs / 1000} s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts clamd with the EICAR signature only, on a socket of its own.
 *
 * @example const clamd = await startClamd(); createClamdScanner({ address: clamd.socket }); …; await clamd.stop();
 */
export async function startClamd(): Promise<RunningClamd> {
  const clamd = ensureClamd();
  const dir = mkdtempSync(join(tmpdir(), 'guichet-clamd-'));
  const database = join(dir, 'db');
  mkdirSync(database);
  // .ndb: name, target type (0: any file), offset (*: anywhere), the bytes in hex.
  writeFileSync(join(database, 'guichet-test.ndb'), `${SIGNATURE_NAME}:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  const socket = join(dir, 'clamd.sock');
  const config = join(dir, 'clamd.conf');
  writeFileSync(
    config,
    [
      `LocalSocket ${socket}`,
      `DatabaseDirectory ${database}`,
      'Foreground yes',
      'StreamMaxLength 25M',
      '',
    ].join('\n'),
  );
  const child = spawn(clamd, [`--config-file=${config}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPong(socket, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    socket,
    process: child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

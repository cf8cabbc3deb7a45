// Passphrase encryption of a magnetic-media package in the OpenPGP format (RFC 4880: AES-256, S2K with SHA-512,
// integrity protected), which the recipient opens with GnuPG or Gpg4win/Kleopatra. The work is done by the GnuPG
// program installed on the server, never by hand-written cryptography. Each call uses a throwaway home directory
// (no keyring of the server is touched) and stops the agent that GnuPG starts there. The passphrase goes through a
// pipe of its own, never through the command line or a file.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const GPG = process.env.ATALAYA_GPG ?? 'gpg';
const run = promisify(execFile);

let available: Promise<boolean> | undefined;

/** Whether GnuPG can be used on this server (checked once). */
export function openpgpAvailable(): Promise<boolean> {
  available ??= run(GPG, ['--version']).then(
    () => true,
    () => false,
  );
  return available;
}

export const PASSPHRASE_MIN_LENGTH = 12;

export function passphraseProblems(passphrase: string): string[] {
  const problems: string[] = [];
  if (passphrase.length < PASSPHRASE_MIN_LENGTH) problems.push(`La frase de paso debe tener al menos ${PASSPHRASE_MIN_LENGTH} caracteres.`);
  if (passphrase.length > 256) problems.push('La frase de paso no puede exceder 256 caracteres.');
  if (/[\r\n]/.test(passphrase)) problems.push('La frase de paso no puede contener saltos de línea.');
  return problems;
}

async function gpg(args: string[], input: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const home = await mkdtemp(join(tmpdir(), 'atalaya-gpg-'));
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      const child = spawn(
        GPG,
        ['--homedir', home, '--batch', '--yes', '--quiet', '--no-tty', '--no-symkey-cache', '--pinentry-mode', 'loopback', '--passphrase-fd', '3', ...args, '--output', '-'],
        { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] },
      );
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on('data', (c: Buffer) => out.push(c));
      child.stderr!.on('data', (c: Buffer) => err.push(c));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(new Uint8Array(Buffer.concat(out)));
        else reject(new Error(`gpg terminó con código ${code}: ${Buffer.concat(err).toString('utf8').trim()}`));
      });
      const pass = child.stdio[3] as NodeJS.WritableStream;
      pass.on('error', () => {});
      pass.end(`${passphrase}\n`);
      child.stdin!.on('error', () => {});
      child.stdin!.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    });
  } finally {
    await run('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']).catch(() => {});
    await rm(home, { recursive: true, force: true });
  }
}

/** The bytes encrypted with the passphrase (binary OpenPGP message). */
export function encryptWithPassphrase(data: Uint8Array, passphrase: string): Promise<Uint8Array> {
  return gpg(['--symmetric', '--cipher-algo', 'AES256', '--s2k-mode', '3', '--s2k-digest-algo', 'SHA512', '--s2k-count', '65011712', '--compress-algo', 'none'], data, passphrase);
}

/** The plain bytes of a message encrypted with the passphrase; fails when the passphrase is wrong. */
export function decryptWithPassphrase(data: Uint8Array, passphrase: string): Promise<Uint8Array> {
  return gpg(['--decrypt'], data, passphrase);
}

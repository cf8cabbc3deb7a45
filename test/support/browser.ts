// What every end-to-end test needs: the built web app, Debian's Chromium started headless, logging in, and a folder for
// screenshots a person can look at.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = '/tmp/atalaya-e2e';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the web app when dist/web is missing or older than any source under web/. */
async function ensureWebBuilt() {
  const index = join(ROOT, 'dist/web/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(ROOT, 'web'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), root: join(ROOT, 'web'), logLevel: 'warn' });
}

/** CI may still be installing Chromium when the suite starts. */
async function waitForChromium(timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (!existsSync(CHROMIUM)) {
    if (Date.now() > until) throw new Error(`${CHROMIUM} is not installed`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** The built web app and a headless Chromium that can draw WebGL (for the maps) without a GPU or network. */
export async function startBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  await Promise.all([ensureWebBuilt(), waitForChromium()]);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--headless', '--lang=es-MX', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Opens the app, logs in and waits for the header to name the user. */
export async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByTestId('user-name').waitFor();
}

// Shared helpers for the browser tests (not a test itself).
// Starts `cuppa serve` on 127.0.0.1 with a free port and a fresh database,
// launches Debian's chromium through playwright-core (never a downloaded
// browser), runs axe-core on pages, saves screenshots to docs/screenshots.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = process.env.CUPPA_ROOT || join(here, '..', '..');
export const BIN = process.env.CUPPA_BIN || join(ROOT, 'build', 'cuppa');
export const SHOTS = join(ROOT, 'docs', 'screenshots');
export const PASSWORD = 'correct horse battery staple';
export const ORGANISER = 'organiser@example.org';
export const SLUG = 'public-sector-coffee';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let failures = 0;
export function check(cond, what) {
  console.log((cond ? 'ok   ' : 'FAIL ') + what);
  if (!cond) failures++;
}

export class Server {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'cuppa-browser-'));
    this.db = join(this.dir, 'cuppa.db');
    this.logText = '';
  }
  cli(...args) {
    return execFileSync(BIN, ['--db', this.db, ...args], { encoding: 'utf8' });
  }
  async start() {
    this.cli('programme', 'add', 'Public Sector Coffee');
    writeFileSync(join(this.dir, 'pw'), PASSWORD + '\n');
    this.cli('admin', 'add', ORGANISER, '--password-file', join(this.dir, 'pw'));
    this.proc = spawn(BIN, ['--db', this.db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2'],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (d) => { this.logText += d.toString(); });
    this.base = await new Promise((resolve, reject) => {
      let out = '';
      this.proc.stdout.on('data', (d) => {
        out += d.toString();
        const m = out.match(/127\.0\.0\.1:(\d+)/);
        if (m) resolve('http://127.0.0.1:' + m[1]);
      });
      this.proc.on('exit', () => reject(new Error('server exited: ' + this.logText)));
    });
  }
  async waitLog(re, ms = 3000) {
    const t0 = Date.now();
    while (Date.now() - t0 < ms) {
      const m = this.logText.match(re);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }
  async stop() {
    if (!this.proc) return;
    const done = new Promise((r) => this.proc.on('exit', (code) => r(code)));
    this.proc.kill('SIGTERM');
    const code = await done;
    this.proc = null;
    check(code === 0, 'server stopped cleanly');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function launch(viewport = { width: 390, height: 844 }) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run',
           '--disable-quic'],
  });
  // bypassCSP only so axe-core can be injected; the pages themselves run
  // no script.
  const context = await browser.newContext({ bypassCSP: true, viewport });
  return { browser, context };
}

// Runs axe-core (WCAG 2.1 A/AA rules); fails on serious or critical.
export async function axe(page, name) {
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) console.log('   axe: ' + v.id + ' (' + v.impact + '): ' + v.help + ' :: ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
  check(bad.length === 0, 'axe: no serious violations on ' + name);
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
}

export function finish() {
  if (failures) {
    console.log(failures + ' failure(s)');
    process.exit(1);
  }
  console.log('all passed');
  process.exit(0);
}

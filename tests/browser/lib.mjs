// Shared helpers for the browser tests (not a test itself).
// Starts `cuppa serve` on 127.0.0.1 with a free port and a fresh database,
// launches Debian's chromium through playwright-core (never a downloaded
// browser), runs axe-core on pages and takes screenshots.
//
// Screenshots go to a temporary directory (removed at the end) unless
// UPDATE_SCREENSHOTS=1, which writes them to docs/screenshots.  So that a
// regenerated image only changes when a page does, the pages are made
// deterministic: the server's clock is fixed (CUPPA_NOW = NOW), its base
// URL is a fixed public name (BASE_URL; use srv.local() to follow a link
// it prints), and rounds are drawn with a fixed seed.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = process.env.CUPPA_ROOT || join(here, '..', '..');
export const BIN = process.env.CUPPA_BIN || join(ROOT, 'build', 'cuppa');
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
export const SHOTS = UPDATE ? join(ROOT, 'docs', 'screenshots')
  : mkdtempSync(join(tmpdir(), 'cuppa-shots-'));
// The instant the server and the CLI believe it is (see util/clock.h).
export const NOW = '2027-03-01T09:00:00Z';
export const BASE_URL = 'http://coffee.example.org';
process.env.CUPPA_NOW = NOW;
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
    // A programme made on the command line has no organiser until granted.
    this.cli('admin', 'grant', ORGANISER, 'public-sector-coffee');
    this.proc = spawn(BIN, ['--db', this.db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2',
                            '--base-url', BASE_URL],
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
  // A URL the server printed (under BASE_URL), on the real listener.
  local(url) {
    return url.startsWith(BASE_URL) ? this.base + url.slice(BASE_URL.length) : url;
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

// A screenshot is kept only with UPDATE_SCREENSHOTS=1 (finish() deletes
// the scratch folder otherwise), so without it none is taken: a full-page
// screenshot costs a browser a few hundred milliseconds.
export async function shot(page, name) {
  if (!UPDATE) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
}

// A Welsh page (issue 14): lang="cy", nothing to scroll sideways, axe-core
// clean, photographed (shotName); then its switch shows the same address
// (path) in English.
export async function welshThenEnglish(page, what, shotName, path) {
  const lang = () => page.evaluate(() => document.documentElement.lang);
  check(await lang() === 'cy', what + ': lang="cy"');
  const over = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  check(!over, what + ': no sideways scrolling');
  await axe(page, 'Welsh ' + what);
  await shot(page, shotName);
  await page.click('nav.lang a[hreflang=en]');
  check(await lang() === 'en' && new URL(page.url()).pathname === path,
        what + ': the switch shows the same page in English');
}

export function finish() {
  if (!UPDATE) rmSync(SHOTS, { recursive: true, force: true });
  if (failures) {
    console.log(failures + ' failure(s)');
    process.exit(1);
  }
  console.log('all passed');
  process.exit(0);
}

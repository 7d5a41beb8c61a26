// Helpers for the journey tests (04-… onwards; not a test itself): run
// the same journey on a desktop window and on a 390×844 phone, log an
// organiser in, and check a page fits the phone without sideways scrolling.
import { launch, check, ORGANISER, PASSWORD } from './lib.mjs';

export const VIEWPORTS = [
  { name: 'desktop', size: { width: 1100, height: 900 } },
  { name: 'phone', size: { width: 390, height: 844 } },
];

// Runs journey(page, vp) once per viewport, each in a fresh browser.
export async function eachViewport(journey) {
  for (const vp of VIEWPORTS) {
    const { browser, context } = await launch(vp.size);
    try {
      await journey(await context.newPage(), vp);
    } catch (e) {
      check(false, vp.name + ': exception: ' + e.stack);
    } finally {
      await browser.close();
    }
  }
}

export async function login(page, srv) {
  await page.goto(srv.base + '/admin/login');
  await page.fill('#f-email', ORGANISER);
  await page.fill('#f-password', PASSWORD);
  await page.click('button:has-text("Log in")');
}

// The page is no wider than the window (nothing to scroll sideways), and
// no table cell is squeezed to a letter per line.
export async function fits(page, what) {
  const r = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    let narrow = 0;
    for (const c of document.querySelectorAll('td, th')) {
      const b = c.getBoundingClientRect();
      if (c.textContent.trim().length > 3 && b.width > 0 && b.width < 40) narrow++;
    }
    // the page itself must not scroll sideways (a table may, in its box)
    return { over: document.scrollingElement.scrollWidth - w, narrow };
  });
  check(r.over <= 1, what + ': fits the width (overflow ' + r.over + 'px)');
  check(r.narrow === 0, what + ': no table cell squeezed (' + r.narrow + ')');
}

// `cuppa serve` on an existing database (free port, fixed clock and base
// URL as in lib.mjs); stop() ends it and checks it exited cleanly.
export async function serveDb(bin, db, env = {}) {
  const { spawn } = await import('node:child_process');
  const proc = spawn(bin, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2',
                           '--base-url', 'http://coffee.example.org'],
                     { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  proc.stderr.on('data', (d) => { log += d.toString(); });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d.toString();
      const m = out.match(/127\.0\.0\.1:(\d+)/);
      if (m) resolve('http://127.0.0.1:' + m[1]);
    });
    proc.on('exit', () => reject(new Error('server exited: ' + log)));
  });
  return {
    base,
    async stop() {
      const done = new Promise((r) => proc.on('exit', (code) => r(code)));
      proc.kill('SIGTERM');
      check((await done) === 0, 'server stopped cleanly');
    },
  };
}

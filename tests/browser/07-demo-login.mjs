#!/usr/bin/env node
// Journey 5: a newcomer runs scripts/demo, then logs in to the dashboard
// with what it printed and finds the demo programme, on a desktop and a
// phone.  The demo's files go to a temporary directory (CUPPA_DEMO_DIR).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, BIN, axe, shot, check, finish } from './lib.mjs';
import { eachViewport, fits, serveDb } from './journeys.mjs';

const dir = mkdtempSync(join(tmpdir(), 'cuppa-demo-'));
const env = { ...process.env, CUPPA_DEMO_DIR: dir };
delete env.CUPPA_NOW;
const out = execFileSync(join(ROOT, 'scripts', 'demo'), { env, encoding: 'utf8', timeout: 600000 });
const m = out.match(/log in as (\S+) with the password (\S+)/);
check(m !== null, 'the demo says how to log in');
check(/http:\/\/127\.0\.0\.1:8080\/admin/.test(out), 'the demo names the dashboard address');
const srv = await serveDb(BIN, join(dir, 'demo.db'));
await eachViewport(async (page, vp) => {
  await page.goto(srv.base + '/admin/login');
  await page.fill('#f-email', m[1]);
  await page.fill('#f-password', m[2]);
  await page.click('button:has-text("Log in")');
  check(page.url().endsWith('/admin'), vp.name + ': logged in with the printed password');
  check(await page.isVisible('a:has-text("Leeds Coffee Trial")'), vp.name + ': the demo programme is there');
  await axe(page, vp.name + ' demo dashboard');
  await fits(page, vp.name + ' demo dashboard');
  await shot(page, 'journey5-demo-home-' + vp.name);
});
await srv.stop();
rmSync(dir, { recursive: true, force: true });
finish();

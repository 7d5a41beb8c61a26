#!/usr/bin/env node
// A person signs up (errors first, then correctly) and confirms by the
// signed link; the pages pass axe-core.
import { Server, launch, axe, shot, check, finish, SLUG } from './lib.mjs';

const srv = new Server();
await srv.start();
const { browser, context } = await launch();
try {
  const page = await context.newPage();
  await page.goto(srv.base + '/p/' + SLUG);
  check((await page.title()).includes('Join Public Sector Coffee'), 'sign-up page');
  check(await page.isVisible('text=How it works'), 'explains how it works');
  await axe(page, 'sign-up');
  await shot(page, 'signup');

  // Submit with mistakes: errors by the fields, input kept.
  await page.fill('#f-name', 'Ann Example');
  await page.fill('#f-email', 'not-an-email');
  await page.click('button[type=submit]');
  check(await page.isVisible('#e-email'), 'email error shown by the field');
  check(await page.isVisible('#e-consent'), 'consent error shown');
  check((await page.inputValue('#f-name')) === 'Ann Example', 'name kept');
  await axe(page, 'sign-up with errors');
  await shot(page, 'signup-errors');

  await page.fill('#f-email', 'ann@example.org');
  await page.fill('#f-organisation', 'Council A');
  await page.fill('#f-sector', 'Housing');
  await page.check('#f-consent');
  await page.click('button[type=submit]');
  check(await page.isVisible('text=Check your email'), 'sign-up accepted');
  const m = await srv.waitLog(/confirm link: (\S+)/);
  check(m !== null, 'confirm link logged');

  await page.goto(srv.local(m[1]));
  check(await page.isVisible('text=Confirm my sign-up'), 'confirm page');
  await axe(page, 'confirm');
  await page.click('button:has-text("Confirm my sign-up")');
  check(page.url().includes('/me/'), 'landed on the self-service page');
  check(await page.isVisible('text=your sign-up is confirmed'), 'confirmed');
  check(await page.isVisible('text=taking part'), 'status active');
  await axe(page, 'self-service');
  await shot(page, 'me');
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await browser.close();
  await srv.stop();
}
finish();

#!/usr/bin/env node
// A participant follows an outcome link, records "we met" with one press,
// rates the chat, then pauses from their page; the pages pass axe-core.
import { Server, launch, axe, shot, check, finish, SLUG, NOW } from './lib.mjs';

const srv = new Server();
await srv.start();
const { browser, context } = await launch();
try {
  // Two confirmed people in a published round, through the CLI.
  const csv = srv.dir + '/p.csv';
  const fs = await import('node:fs');
  fs.writeFileSync(csv, 'name,email,organisation\nAnn Example,ann@example.org,Council A\nBo Sample,bo@example.org,Health Trust\n');
  srv.cli('people', 'import', SLUG, csv);
  srv.cli('round', 'new', SLUG, '--seed', '1');
  srv.cli('round', 'publish', SLUG, '1');
  const people = JSON.parse(srv.cli('people', 'list', SLUG, '--json'));
  const list = Array.isArray(people) ? people : people.people;
  const ann = list.find((p) => p.email === 'ann@example.org');
  const round = JSON.parse(srv.cli('round', 'show', SLUG, '1', '--json'));
  const group = round.groups[0].id;
  const link = srv.cli('admin', 'link', 'outcome', String(ann.id), '--group', String(group),
                       '--outcome', 'met', '--base-url', srv.base).trim();

  const page = await context.newPage();
  await page.goto(link);
  check(await page.isVisible('text=Did you meet?'), 'outcome page');
  check(await page.isVisible('text=Bo Sample'), 'names the partner');
  await axe(page, 'outcome');
  await shot(page, 'outcome');
  await page.click('button:has-text("We met")');
  check(await page.isVisible('text=We recorded'), 'recorded with one press');
  await page.check('#r5');
  await page.fill('#f-comment', 'Lovely chat about housing.');
  await page.click('button:has-text("Send feedback")');
  check(await page.isVisible('text=Your feedback is saved'), 'feedback saved');
  await axe(page, 'outcome feedback');
  await shot(page, 'outcome-feedback');
  const shown = JSON.parse(srv.cli('round', 'show', SLUG, '1', '--json'));
  check(JSON.stringify(shown).length > 0, 'round still readable');

  await page.click('text=Your page');
  check(page.url().includes('/me/'), 'self-service page');
  check(await page.isVisible('text=Bo Sample'), 'shows the current group');
  const d = new Date(Date.parse(NOW) + 45 * 86400e3).toISOString().slice(0, 10);
  await page.fill('#until', d);
  await page.click('button:has-text("Pause")');
  check(await page.isVisible('text=you are paused'), 'paused');
  // The date in words (docs/text.md: dates follow the reader's language).
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
                  'August', 'September', 'October', 'November', 'December'];
  const words = Number(d.slice(8, 10)) + ' ' + months[Number(d.slice(5, 7)) - 1] + ' ' + d.slice(0, 4);
  check((await page.textContent('.status')).includes('paused until ') &&
        (await page.textContent('.status')).includes(words), 'pause date shown (' + words + ')');
  await axe(page, 'self-service paused');
  await shot(page, 'me-paused');
  const after = JSON.parse(srv.cli('people', 'list', SLUG, '--json'));
  const a2 = (Array.isArray(after) ? after : after.people).find((p) => p.email === 'ann@example.org');
  check(a2.status === 'paused', 'stored as paused');
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await browser.close();
  await srv.stop();
}
finish();

#!/usr/bin/env node
// Journeys 7 and 8, as an organiser: the people search finds a topic; a
// person's page shows their topics, meetings and the full link to their
// own page, and records an outcome they phoned in; a draft round can be
// discarded.  Every dashboard page fits a 390 px phone (rounds table,
// round with outcomes, insight picture).  Desktop and phone, axe-core.
import { writeFileSync } from 'node:fs';
import { Server, axe, shot, check, finish, SLUG, BASE_URL } from './lib.mjs';
import { eachViewport, login, fits } from './journeys.mjs';

const srv = new Server();
await srv.start();
const orgs = ['Council A', 'Health Trust', 'Police D', 'Charity C', 'Housing E', 'Fire F'];
writeFileSync(srv.dir + '/p.csv', 'name,email,organisation,sector,topics\n' + orgs.map((o, i) =>
  `Person ${i},p${i}@example.org,${o},${i % 2 ? 'Health' : 'Housing'},${i === 3 ? 'rough sleeping;data' : 'digital'}`).join('\n') + '\n');
srv.cli('people', 'import', SLUG, srv.dir + '/p.csv');
srv.cli('round', 'new', SLUG, '--seed', '1');
srv.cli('round', 'publish', SLUG, '1');
srv.cli('outcome', SLUG, '1', 'p0@example.org', 'met', '--rating', '5');
const P = srv.base + '/admin/programmes/' + SLUG;

await eachViewport(async (page, vp) => {
  await login(page, srv);
  // The people search finds topics.
  await page.goto(P + '/people');
  await page.fill('#f-q', 'rough sleeping');
  await page.click('button:has-text("Filter")');
  check(await page.isVisible('a:has-text("Person 3")'), vp.name + ': search finds a topic');
  check(await page.locator('tbody tr').count() === 1, vp.name + ': and only that person');
  await axe(page, vp.name + ' people search');
  await fits(page, vp.name + ' people');
  await page.click('a:has-text("Person 3")');
  check(await page.isVisible('dd:has-text("rough sleeping")'), vp.name + ': person page shows topics');
  const link = await page.inputValue('#f-melink');
  check(link.startsWith(BASE_URL + '/me/'), vp.name + ': their link is a full URL (' + link.slice(0, 40) + ')');
  check(await page.locator('table:has(caption:has-text("Meetings of Person 3")) tbody tr').count() === 1, vp.name + ': meeting history');
  if (vp.name === 'desktop') {
    await page.check('#o-missed');
    await page.click('button:has-text("Record outcome")');
    check(await page.isVisible('text=Outcome recorded.'), 'outcome recorded for them');
    check(await page.isVisible('td:has-text("did not meet")'), 'history shows it');
    await page.click('button:has-text("Record outcome")');
    check(await page.isVisible('#e-outcome'), 'no choice: an error by the field');
  }
  await axe(page, vp.name + ' person');
  await fits(page, vp.name + ' person');
  await shot(page, 'journey7-person-' + vp.name);

  // Phone-width pages: the programme's rounds table, a round's outcomes.
  await page.goto(P);
  await axe(page, vp.name + ' programme');
  await fits(page, vp.name + ' programme');
  await shot(page, 'journey8-programme-' + vp.name);
  await page.goto(P + '/rounds/1');
  check(await page.isVisible('text=rated 5'), vp.name + ': round shows outcomes');
  await axe(page, vp.name + ' round');
  await fits(page, vp.name + ' round');
  await shot(page, 'journey8-round-' + vp.name);
  for (let i = 0; i < 40; i++) {
    const r = await page.goto(P + '/insight');
    if (r.status() === 200) break;
    await page.waitForTimeout(500);
  }
  check(await page.isVisible('.insight-network-figure'), vp.name + ': insight picture');
  const w = await page.evaluate(() => {
    const el = document.querySelector('.insight-network-figure svg, .insight-network-figure img');
    return el ? el.getBoundingClientRect().width : 0;
  });
  check(w >= 300, vp.name + ': the network picture keeps a readable width (' + Math.round(w) + ' px)');
  await axe(page, vp.name + ' insight');
  // The whole page fits (the wide figures and rounds tables scroll in
  // their own focusable boxes).
  await fits(page, vp.name + ' insight');
  check(await page.locator('.table-scroll[tabindex="0"][aria-label] table.insight-rounds').count() === 1,
        vp.name + ': the rounds table is in a named, focusable box');
  await shot(page, 'journey8-insight-' + vp.name);

  // Generate a draft, then discard it.
  await page.goto(P);
  await page.click('button:has-text("Generate a draft round")');
  check(/\/rounds\/2$/.test(page.url()), vp.name + ': draft round 2');
  await page.click('button:has-text("Discard draft round 2")');
  check(await page.isVisible('text=The draft round was discarded.'), vp.name + ': draft discarded');
  check(!(await page.isVisible('a:has-text("Round 2")')), vp.name + ': round 2 is gone');
});
const audit = srv.cli('round', 'list', SLUG);
check(!/\b2\b.*draft/.test(audit), 'no draft left');
await srv.stop();
finish();

#!/usr/bin/env node
// Journeys 1 and 9, as a participant: the sign-up page explains privacy,
// names the organiser to write to and offers a searchable list of time
// zones; the self-service page shows how to reach the partner, and a
// pause after publishing says the group stands (and keeps it).  Desktop
// and phone, axe-core on every page.
import { writeFileSync } from 'node:fs';
import { Server, axe, shot, check, finish, SLUG, ORGANISER, NOW } from './lib.mjs';
import { eachViewport, fits } from './journeys.mjs';

const srv = new Server();
await srv.start();
writeFileSync(srv.dir + '/p.csv', 'name,email,organisation\n' +
  'Ann Example,ann@example.org,Council A\nBo Sample,bo@example.org,Health Trust\n' +
  'Cy Person,cy@example.org,Police D\nDi Person,di@example.org,Charity C\n');
srv.cli('people', 'import', SLUG, srv.dir + '/p.csv');
srv.cli('round', 'new', SLUG, '--seed', '1');
srv.cli('round', 'publish', SLUG, '1');
const people = JSON.parse(srv.cli('people', 'list', SLUG, '--json'));
const list = Array.isArray(people) ? people : people.people;
const ann = list.find((p) => p.email === 'ann@example.org');
const round = JSON.parse(srv.cli('round', 'show', SLUG, '1', '--json'));
const g = round.groups.find((x) => x.members.includes('ann@example.org'));
const partner = g.members.find((e) => e !== 'ann@example.org');

await eachViewport(async (page, vp) => {
  await page.goto(srv.base + '/p/' + SLUG);
  check(await page.isVisible('h2:has-text("Your details and privacy")'), vp.name + ': privacy notice');
  check(await page.isVisible('text=How long:'), vp.name + ': says how long details are kept');
  check(await page.isVisible('text=Who sees it:'), vp.name + ': says who sees them');
  check(await page.isVisible(`a[href="mailto:${ORGANISER}"]`), vp.name + ': organiser contact');
  check(await page.getAttribute('#f-timezone', 'list') === 'zones-timezone', vp.name + ': time zone offers a list');
  check(await page.locator('#zones-timezone option[value="Europe/London"]').count() === 1, vp.name + ': the list holds Europe/London');
  await axe(page, vp.name + ' sign-up (privacy, contact, zones)');
  await fits(page, vp.name + ' sign-up');
  await shot(page, 'journey9-signup-' + vp.name);

  const me = srv.local(srv.cli('admin', 'link', 'me', String(ann.id), '--base-url', srv.base).trim());
  await page.goto(me);
  check(await page.isVisible(`a[href="mailto:${partner}"]`), vp.name + ': /me shows how to reach the partner');
  await axe(page, vp.name + ' self-service with contact');
  await fits(page, vp.name + ' self-service');
  await shot(page, 'journey9-me-' + vp.name);
  if (vp.name === 'desktop') {
    const d = new Date(Date.parse(NOW) + 45 * 86400e3).toISOString().slice(0, 10);
    await page.fill('#until', d);
    await page.click('button:has-text("Pause")');
    check(await page.isVisible('text=A group you are already in stands'), 'journey 1: pausing says the group stands');
    check(await page.isVisible(`a[href="mailto:${partner}"]`), 'journey 1: the published group is still there after the pause');
    await axe(page, 'self-service after a pause');
    await shot(page, 'journey1-me-paused');
  }
});
await srv.stop();
finish();

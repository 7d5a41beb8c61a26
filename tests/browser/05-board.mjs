#!/usr/bin/env node
// Issue 11: the challenges board and a challenge page on a phone-sized
// screen, a participant's story page, the public stories page and the
// organiser's board and stories pages; every one passes axe-core.
import { Server, launch, axe, shot, check, finish, SLUG, ORGANISER, PASSWORD } from './lib.mjs';

const srv = new Server();
await srv.start();
const { browser, context } = await launch();
try {
  const fs = await import('node:fs');
  const csv = srv.dir + '/p.csv';
  fs.writeFileSync(csv, 'name,email,organisation,topics\n' +
    'Ann Example,ann@example.org,Council A,loneliness;housing\n' +
    'Bo Sample,bo@example.org,Health Trust,loneliness\nCy Person,cy@example.org,Housing Assoc,\n' +
    'Di Other,di@example.org,Fire Service,\n');
  srv.cli('people', 'import', SLUG, csv);
  srv.cli('programme', 'set', SLUG, '--board', 'on', '--board-moderation', 'after');
  const list = JSON.parse(srv.cli('people', 'list', SLUG, '--json'));
  const people = Array.isArray(list) ? list : list.people;
  const id = (email) => people.find((p) => p.email === email).id;
  const me = (email) => srv.cli('admin', 'link', 'me', String(id(email)), '--base-url', srv.base).trim();

  const page = await context.newPage();
  await page.goto(me('ann@example.org') + '/board');
  check(await page.isVisible('text=Post a challenge'), 'board from /me');
  await page.fill('#f-title', 'Loneliness among older tenants');
  await page.fill('#f-body', 'More of our tenants live alone and rarely see anyone.\n\nWho has tried befriending schemes that last?');
  await page.fill('#f-topics', 'loneliness;housing');
  await page.check('#sn-1');
  await page.click('button:has-text("Post the challenge")');
  check(await page.isVisible('text=your challenge is on the board'), 'posted at once (moderation after)');
  await axe(page, 'board (participant)');

  const bo = await context.newPage();
  await bo.goto(me('bo@example.org') + '/board');
  await bo.click('text=Loneliness among older tenants');
  await bo.click('button:has-text("We face this too")');
  check(await bo.isVisible('text=you face this too'), 'we face this too');
  await bo.fill('#f-talk', 'We ran tea mornings with a local charity.');
  await bo.click('button:has-text("Offer to talk")');
  const cy = await context.newPage();
  await cy.goto(me('cy@example.org') + '/board');
  await cy.click('text=Loneliness among older tenants');
  await cy.click('button:has-text("We face this too")');
  check(await cy.isVisible('text=3 people'), 'three people share it');
  await axe(cy, 'challenge (participant)');
  const w = await cy.evaluate(() => document.documentElement.scrollWidth);
  check(w <= 390, 'challenge page fits 390 px (' + w + ')');

  const pub = await context.newPage();
  await pub.goto(srv.base + '/p/' + SLUG + '/challenges?q=lonel');
  check(await pub.isVisible('text=Loneliness among older tenants'), 'public search finds it');
  await axe(pub, 'board (public)');
  await shot(pub, 'board');
  await pub.click('text=Loneliness among older tenants');
  check(await pub.isVisible('text=from 3 organisations'), 'counts of people and organisations');
  await axe(pub, 'challenge (public)');
  await shot(pub, 'challenge');

  // a story after a meeting
  srv.cli('round', 'new', SLUG, '--seed', '1');
  srv.cli('round', 'publish', SLUG, '1');
  srv.cli('outcome', SLUG, '1', 'ann@example.org', 'met');
  await page.goto(me('ann@example.org') + '/story');
  await page.fill('#f-body', 'We now share a volunteer training day.');
  await page.check('#v-named');
  await page.click('button:has-text("Send my story")');
  check(await page.isVisible('text=your story is with the organisers'), 'story sent');
  await axe(page, 'story (participant)');

  const org = await context.newPage();
  await org.goto(srv.base + '/admin/login');
  await org.fill('#f-email', ORGANISER);
  await org.fill('#f-password', PASSWORD);
  await org.click('button[type=submit]');
  await org.goto(srv.base + '/admin/programmes/' + SLUG + '/stories');
  await axe(org, 'stories (organiser)');
  await org.click('button:has-text("Approve")');
  check(await org.isVisible('text=Approved'), 'story approved');
  await org.goto(srv.base + '/admin/programmes/' + SLUG + '/challenges');
  await axe(org, 'challenges (organiser)');
  await pub.goto(srv.base + '/p/' + SLUG + '/stories');
  check(await pub.isVisible('text=We now share a volunteer training day.'), 'public story');
  await axe(pub, 'stories (public)');
  await shot(pub, 'stories');
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await browser.close();
  await srv.stop();
}
finish();

#!/usr/bin/env node
// An organiser logs in, imports people from a CSV, generates a draft
// round, swaps two people, publishes; every page passes axe-core.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, launch, axe, shot, check, finish, SLUG, ORGANISER, PASSWORD } from './lib.mjs';

const srv = new Server();
await srv.start();
// A desktop-sized window: organisers mostly work on a computer.
const { browser, context } = await launch({ width: 1100, height: 900 });
try {
  const page = await context.newPage();
  await page.goto(srv.base + '/admin');
  check(page.url().endsWith('/admin/login'), '/admin redirects to the login page');
  await axe(page, 'login');
  await shot(page, 'admin-login');
  await page.fill('#f-email', ORGANISER);
  await page.fill('#f-password', PASSWORD);
  await page.click('button:has-text("Log in")');
  check(page.url().endsWith('/admin'), 'logged in');
  check(await page.isVisible('text=has nobody yet'), 'home says what to do next');
  await axe(page, 'admin home');
  await shot(page, 'admin-home');

  // Import a CSV.
  await page.goto(srv.base + '/admin/programmes/' + SLUG + '/people');
  const rows = ['name,email,organisation,sector'];
  const orgs = ['Council A', 'Council B', 'Health Trust', 'Charity C', 'Police D', 'Housing E'];
  for (let i = 0; i < 10; i++) rows.push(`Person ${i},p${i}@example.org,${orgs[i % 6]},${i % 2 ? 'Health' : 'Housing'}`);
  const csv = join(srv.dir, 'people.csv');
  writeFileSync(csv, rows.join('\n') + '\n');
  await page.setInputFiles('#f-csv', csv);
  await page.click('button:has-text("Import")');
  check(await page.isVisible('text=Imported: 10 new'), 'imported 10 people');
  await axe(page, 'people');
  await shot(page, 'admin-people');

  // One person's page: pause them (an error first), block a pair.
  await page.click('a:has-text("Person 3")');
  check(page.url().match(/\/people\/\d+$/) !== null, 'person page');
  await page.check('#s-paused');
  await page.click('button:has-text("Save state")');
  check(await page.isVisible('#e-until'), 'pause without a date: error by the date field');
  await page.fill('#f-until', '2027-04-01');
  await page.click('button:has-text("Save state")');
  check(await page.isVisible('text=State saved.'), 'state saved');
  check(await page.isVisible('text=paused until 2027-04-01'), 'paused until shown');
  await page.fill('#f-other', 'p4@example.org');
  await page.click('button:has-text("Block this pair")');
  check(await page.isVisible('text=never be paired'), 'pair blocked');
  check(await page.isVisible('li:has-text("Person 4")'), 'blocked pair listed');
  await axe(page, 'person');
  await shot(page, 'admin-person');

  // Programme page, generate a draft.
  await page.goto(srv.base + '/admin/programmes/' + SLUG);
  check(await page.isVisible('text=Round 1 of Public Sector Coffee is ready to generate'), 'next step: generate');
  await axe(page, 'programme');
  await shot(page, 'admin-programme');
  // A fixed seed (the form's optional field) keeps the screenshot stable.
  await page.$eval('button:has-text("Generate a draft round")', (b) => {
    const i = document.createElement('input');
    i.type = 'hidden'; i.name = 'seed'; i.value = '7';
    b.form.appendChild(i);
  });
  await page.click('button:has-text("Generate a draft round")');
  check(page.url().includes('/rounds/1'), 'draft round page');
  check(await page.isVisible('text=draft'), 'state draft');
  await axe(page, 'draft round');
  await shot(page, 'admin-round-draft');

  // Swap the first person of group 1 with the first of group 2.
  const opts = await page.$$eval('#f-a option', (os) => os.map((o) => [o.value, o.textContent]));
  const a = opts.find((o) => o[1].includes('(group 1)'));
  const b = opts.find((o) => o[1].includes('(group 2)'));
  await page.selectOption('#f-a', a[0]);
  await page.selectOption('#f-b', b[0]);
  await page.click('button:has-text("Swap")');
  const ok = await page.isVisible('text=Swapped.');
  const refused = await page.isVisible('.error');
  check(ok || refused, 'swap applied or refused with a reason');
  if (ok) {
    const after = await page.$$eval('#f-a option', (os) => os.map((o) => [o.value, o.textContent]));
    check(after.find((o) => o[0] === a[0])[1].includes('(group 2)'), 'swapped person now in group 2');
  }
  await page.click('button:has-text("Publish round 1")');
  check(await page.isVisible('text=Published.'), 'published');
  check(!(await page.isVisible('text=Swap two people')), 'no more adjusting');
  await axe(page, 'published round');
  await shot(page, 'admin-round-published');
  await page.goto(srv.base + '/admin');
  check(await page.isVisible('text=Round 2 of Public Sector Coffee is due on'), 'home: next round due date');
  const ins = await page.goto(srv.base + '/admin/programmes/' + SLUG + '/insight');
  check(ins.status() === 200, 'insight page');
  await axe(page, 'insight');
  await shot(page, 'admin-insight');
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await browser.close();
  await srv.stop();
}
finish();

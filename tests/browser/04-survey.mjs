#!/usr/bin/env node
// Issue 11: a participant who met and one who never took part answer the
// survey at their signed links on a phone-sized screen (each sees only
// their side's questions); the organiser reads the results split by side
// on the dashboard; every new page passes axe-core.
import { Server, launch, axe, shot, check, finish, SLUG, ORGANISER, PASSWORD } from './lib.mjs';

const srv = new Server();
await srv.start();
const { browser, context } = await launch();
try {
  const fs = await import('node:fs');
  const csv = srv.dir + '/p.csv';
  fs.writeFileSync(csv, 'name,email,organisation\nAnn Example,ann@example.org,Council A\n' +
    'Bo Sample,bo@example.org,Health Trust\nCy Person,cy@example.org,Housing Assoc\n' +
    'Di Other,di@example.org,Fire Service\n');
  srv.cli('people', 'import', SLUG, csv);
  srv.cli('round', 'new', SLUG, '--seed', '1');
  srv.cli('round', 'publish', SLUG, '1');
  const round = JSON.parse(srv.cli('round', 'show', SLUG, '1', '--json'));
  const list = JSON.parse(srv.cli('people', 'list', SLUG, '--json'));
  const people = Array.isArray(list) ? list : list.people;
  const id = (email) => people.find((p) => p.email === email).id;
  const [m0, m1] = round.groups[0].members;
  const other = round.groups[1].members[0];
  srv.cli('outcome', SLUG, '1', m0, 'met', '--rating', '5');
  srv.cli('survey', 'add', SLUG);
  srv.cli('survey', 'send', SLUG, '1');
  const link = (email) => srv.cli('admin', 'link', 'survey', String(id(email)), '--group', '1',
                                  '--base-url', srv.base).trim();

  const page = await context.newPage();
  await page.goto(link(m0));
  check(await page.isVisible('text=What did you get out of your conversations?'), 'took-part questions');
  check(!(await page.isVisible('text=What kept you from taking part?')), 'not the other side\'s');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, 'fits a 390 px phone screen (' + width + ')');
  await axe(page, 'survey (took part)');
  await page.check('text=People I would never otherwise have met');
  await page.check('text=Good practice I could use in my own work');
  await page.check('label:has-text("4") >> nth=0');
  await page.fill('textarea >> nth=0', 'We now share a <b>training</b> budget.');
  await page.check('text=Yes, without my name');
  await page.click('button:has-text("Send my answers")');
  check(await page.isVisible('text=your answers are saved'), 'answers saved');
  await shot(page, 'survey');

  await page.goto(link(other));
  check(await page.isVisible('text=What kept you from taking part?'), 'did-not questions');
  await axe(page, 'survey (did not take part)');
  await page.check('text=I did not have time');
  await page.fill('textarea >> nth=0', 'A shorter call would help.');
  await page.check('text=Yes, with my name and organisation');
  await page.click('button:has-text("Send my answers")');
  check(await page.isVisible('text=your answers are saved'), 'did-not answers saved');

  const org = await context.newPage();
  await org.goto(srv.base + '/admin/login');
  await org.fill('#f-email', ORGANISER);
  await org.fill('#f-password', PASSWORD);
  await org.click('button[type=submit]');
  await org.goto(srv.base + '/admin/programmes/' + SLUG + '/surveys');
  check(await org.isVisible('text=How was the coffee trial?'), 'survey list');
  await axe(org, 'survey list');
  await org.click('text=How was the coffee trial?');
  check(await org.isVisible('text=We now share a <b>training</b> budget.'), 'quote shown, escaped');
  check(await org.isVisible('text=A shorter call would help.'), 'did-not quote shown');
  await axe(org, 'survey results');
  await shot(org, 'survey-results');
  await org.goto(srv.base + '/admin/programmes/' + SLUG + '/surveys');
  await org.fill('#f-title', 'A second look');
  await org.click('button:has-text("Create the survey")');
  check(await org.isVisible('text=Add a question'), 'a draft survey can take questions');
  await org.fill('#f-q', 'Which day suits you best?');
  await org.selectOption('#f-kind', 'single');
  await org.fill('#f-opt', 'Monday;Friday');
  await org.click('button:has-text("Add the question")');
  check(await org.isVisible('text=Which day suits you best?'), 'question added');
  await axe(org, 'survey draft (questions)');
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await browser.close();
  await srv.stop();
}
finish();

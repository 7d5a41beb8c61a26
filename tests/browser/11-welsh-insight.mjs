#!/usr/bin/env node
// Cymraeg in the organiser's reading matter (issue 14): the insight page
// switched to Welsh on a desktop and a 390x844 phone (Welsh runs longer:
// no sideways scrolling of the page; wide tables scroll in their own
// box), lang="cy" on the page and on every picture and chart, axe-core
// clean; then the report (`cuppa report --lang cy`) and the bilingual
// table cards (`cuppa event plan --cards --lang cy,en`) opened as files,
// the same checks.  Screenshots of the Welsh pages go to docs/screenshots
// (UPDATE_SCREENSHOTS=1).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, launch, axe, shot, check, finish, SLUG, ORGANISER, PASSWORD } from './lib.mjs';

const srv = new Server();
await srv.start();
const csv = join(srv.dir, 'people.csv');
const orgs = ['Cyngor Caerdydd', 'Bwrdd Iechyd Hywel Dda', 'Heddlu Gwent', 'Archwilio Cymru', 'Cyngor Gwynedd'];
writeFileSync(csv, ['name,email,organisation,sector',
  ...Array.from({ length: 14 }, (_, i) => `Person ${i},p${i}@example.org,${orgs[i % 5]},${['iechyd', 'addysg'][i % 2]}`)].join('\n') + '\n');
srv.cli('programme', 'set', SLUG, '--languages', 'cy,en');
srv.cli('people', 'import', SLUG, csv);
for (const n of [1, 2]) {
  srv.cli('round', 'new', SLUG, '--seed', String(n + 2));
  srv.cli('round', 'publish', SLUG, String(n));
}
const round = JSON.parse(srv.cli('round', 'show', SLUG, '2', '--json'));
const member = (g) => { const m = g.members[0]; return typeof m === 'string' ? m : m.email; };
srv.cli('outcome', SLUG, '2', member(round.groups[0]), 'met', '--rating', '5');
srv.cli('outcome', SLUG, '2', member(round.groups[1]), 'missed');
const report = join(srv.dir, 'report.html');
srv.cli('report', SLUG, '-o', report, '--lang', 'cy');
const room = join(srv.dir, 'room.csv');
writeFileSync(room, 'id,name,organisation\n' + Array.from({ length: 8 }, (_, i) => `${i},Gwestai ${i},${orgs[i % 5]}`).join('\n') + '\n');
const cards = join(srv.dir, 'cards.html');
srv.cli('event', 'plan', '--people', room, '--rounds', '3', '--seed', '2', '--cards', cards, '--lang', 'cy,en');

const { browser } = await launch();
const lang = (page) => page.evaluate(() => document.documentElement.lang);
const svgLangs = (page) => page.evaluate(() => [...document.querySelectorAll('svg')].map((s) => s.getAttribute('lang')));
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const path = '/admin/programmes/' + SLUG + '/insight';
try {
  for (const [form, viewport] of [['desktop', { width: 1280, height: 900 }],
                                  ['phone', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ bypassCSP: true, viewport, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(srv.base + '/admin/login');
    await page.fill('#f-email', ORGANISER);
    await page.fill('#f-password', PASSWORD);
    await page.click('button[type=submit]');
    let r;
    for (let i = 0; i < 60; i++) { // the picture is drawn once, then cached
      r = await page.goto(srv.base + path + (i ? '' : '?lang=cy'));
      if (r.status() !== 202) break;
      await page.waitForTimeout(500);
    }
    check(r.status() === 200, form + ': the insight page (' + r.status() + ')');
    check(await lang(page) === 'cy', form + ': lang="cy"');
    const svgs = await svgLangs(page);
    check(svgs.length >= 3 && svgs.every((l) => l === 'cy'), form + ': every picture and chart lang="cy" (' + svgs + ')');
    check(await page.isVisible('text=Beth mae\'n ei ddangos'), form + ': Welsh headings');
    check(!await overflow(page), form + ': the insight page does not scroll sideways');
    await axe(page, form + ' Welsh insight');
    await shot(page, 'cymraeg-admin-insight-' + form);
    await page.click('nav.lang a[hreflang=en]');
    check(await lang(page) === 'en' && page.url().includes(path), form + ': the same page in English');

    for (const [name, file, words] of [['report', report, 'Yn gryno'], ['cards', cards, 'Bwrdd 1']]) {
      await page.goto('file://' + file);
      check(await lang(page) === 'cy', form + ' ' + name + ': lang="cy"');
      check(await page.isVisible('text=' + words), form + ' ' + name + ': ' + words);
      check((await svgLangs(page)).every((l) => l === 'cy'), form + ' ' + name + ': its SVGs lang="cy"');
      check(!await overflow(page), form + ' ' + name + ': no sideways scrolling');
      await axe(page, form + ' Welsh ' + name);
      await shot(page, 'cymraeg-' + name + '-' + form);
    }
    await context.close();
  }
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await browser.close();
  await srv.stop();
}
finish();

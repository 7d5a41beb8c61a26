#!/usr/bin/env node
// Cymraeg on the organiser's side (issue 14): the dashboard's switch turns
// the login page Welsh, the choice is remembered after login, and every
// dashboard page (home, programme, people, person, a draft round,
// surveys, a survey, stories, the challenges board; the insight page in
// 11-welsh-insight.mjs) is Welsh with lang="cy", and its switch shows the
// same page in English.  On a desktop and a 390x844 phone (Welsh runs longer:
// no sideways scrolling), every page passes axe-core; screenshots of the
// Welsh pages go to docs/screenshots (UPDATE_SCREENSHOTS=1).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, launch, axe, shot, check, finish, welshThenEnglish, SLUG, ORGANISER, PASSWORD } from './lib.mjs';

const srv = new Server();
await srv.start();
const csv = join(srv.dir, 'people.csv');
const orgs = ['Cyngor Caerdydd', 'Bwrdd Iechyd Hywel Dda', 'Heddlu Gwent', 'Archwilio Cymru', 'Cyngor Gwynedd'];
writeFileSync(csv, ['name,email,organisation',
  ...Array.from({ length: 9 }, (_, i) => `Person ${i},p${i}@example.org,${orgs[i % 5]}`)].join('\n') + '\n');
srv.cli('people', 'import', SLUG, csv);
srv.cli('round', 'new', SLUG, '--seed', '1');
srv.cli('survey', 'add', SLUG);
const people = JSON.parse(srv.cli('people', 'list', SLUG, '--json'));
const pid = (people.people || people)[0].id;
const { browser } = await launch();
const lang = (page) => page.evaluate(() => document.documentElement.lang);
const base = '/admin/programmes/' + SLUG;
try {
  for (const [form, viewport] of [['desktop', { width: 1280, height: 900 }],
                                  ['phone', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ bypassCSP: true, viewport, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(srv.base + '/admin');
    check(page.url().endsWith('/admin/login') && await lang(page) === 'en', form + ': the login page, English for an English browser');
    await page.click('nav.lang a[hreflang=cy]');
    check(await lang(page) === 'cy' && page.url().includes('/admin/login'), form + ': switched to Cymraeg on the same page');
    check(await page.isVisible('button:has-text("Mewngofnodi")'), form + ': the login button in Welsh');
    await axe(page, form + ' Welsh login');
    await shot(page, 'cymraeg-admin-login-' + form);
    await page.fill('#f-email', ORGANISER);
    await page.fill('#f-password', PASSWORD);
    await page.click('button:has-text("Mewngofnodi")');
    check(page.url().endsWith('/admin'), form + ': logged in');
    for (const [name, path, words] of [
      ['home', '/admin', 'Eich rhaglenni'],
      ['programme', base, 'Gosodiadau'],
      ['people', base + '/people', 'Mewnforio o CSV'],
      ['person', base + '/people/' + pid, 'Newid statws'],
      ['round', base + '/rounds/1', 'Cyhoeddi rownd 1'],
      ['surveys', base + '/surveys', 'Arolwg newydd'],
      ['survey', base + '/surveys/1', 'Ychwanegu cwestiwn'],
      ['stories', base + '/stories', 'Dim straeon eto.'],
      ['challenges', base + '/challenges', 'Bwrdd heriau'],
    ]) {
      // the first page: the choice made on the login page is remembered;
      // each page's switch then shows it in English, so ask for Welsh again
      await page.goto(srv.base + path + (name === 'home' ? '' : '?lang=cy'));
      check(await page.isVisible('text=' + words), form + ' ' + name + ': ' + words);
      await welshThenEnglish(page, form + ' ' + name, 'cymraeg-admin-' + name + '-' + form, path);
    }
    await page.goto(srv.base + base + '?lang=cy');
    await page.click('nav.lang a[hreflang=en]');
    check(await lang(page) === 'en' && page.url().includes(base), form + ': the programme page in English on the same page');
    check(await page.isVisible('text=Generate a draft round'), form + ': English words');
    await axe(page, form + ' English programme');
    await context.close();
  }
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await browser.close();
  await srv.stop();
}
finish();

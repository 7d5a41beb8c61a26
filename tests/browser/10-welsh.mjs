#!/usr/bin/env node
// Cymraeg (issue 14): a Welsh browser gets the public pages of a bilingual
// programme in Welsh; the switch shows the same page in English and back,
// and is remembered; a sign-up in Welsh confirms and lands on a Welsh
// self-service page.  On a desktop and a 390x844 phone (Welsh runs
// longer), every page passes axe-core with lang right on the page and on
// the switch; screenshots of the Welsh pages go to docs/screenshots
// (UPDATE_SCREENSHOTS=1).  Then every other public and self-service page
// (home, did-you-meet, leave, story, stories, the challenges board and a
// challenge, the own board and challenge, a survey, a page not found):
// Welsh with lang="cy", fits the phone, axe-clean, photographed, and its
// switch shows the same address in English.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, launch, axe, shot, check, finish, welshThenEnglish, SLUG } from './lib.mjs';

const srv = new Server();
await srv.start();
srv.cli('programme', 'set', SLUG, '--languages', 'cy,en', '--board', 'on', '--board-moderation', 'after');
const { browser } = await launch();
const lang = (page) => page.evaluate(() => document.documentElement.lang);
let me;
try {
  // A published round, a survey sent: the links of the other pages.
  writeFileSync(srv.dir + '/p.csv', 'name,email,organisation\n' +
    ['Cyngor Caerdydd', 'Bwrdd Iechyd Hywel Dda', 'Heddlu Gwent', 'Archwilio Cymru']
      .map((o, i) => `Person ${i},p${i}@example.org,${o}`).join('\n') + '\n');
  srv.cli('people', 'import', SLUG, srv.dir + '/p.csv');
  srv.cli('round', 'new', SLUG, '--seed', '1');
  srv.cli('round', 'publish', SLUG, '1');
  srv.cli('survey', 'add', SLUG);
  srv.cli('survey', 'send', SLUG, '1');
  const listed = JSON.parse(srv.cli('people', 'list', SLUG, '--json'));
  const p0 = (listed.people || listed).find((p) => p.email === 'p0@example.org').id;
  const shown = JSON.parse(srv.cli('round', 'show', SLUG, '1', '--json'));
  const gid = shown.groups.find((g) => g.members.some((m) => (m.email || m) === 'p0@example.org')).id;
  const link = (...a) => new URL(srv.cli('admin', 'link', ...a).trim(), srv.base);
  me = link('me', String(p0)).pathname;
  for (const [form, viewport] of [['desktop', { width: 1280, height: 900 }],
                                  ['phone', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ bypassCSP: true, viewport, locale: 'cy-GB' });
    const page = await context.newPage();
    await page.goto(srv.base + '/p/' + SLUG);
    check(await lang(page) === 'cy', form + ': first visit follows Accept-Language (cy)');
    check((await page.title()).startsWith('Ymuno â Public Sector Coffee'), form + ': Welsh title');
    check(await page.isVisible('text=Sut mae\'n gweithio'), form + ': Welsh text');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    check(!overflow, form + ': no sideways scrolling');
    await axe(page, form + ' Welsh sign-up');
    await shot(page, 'cymraeg-signup-' + form);

    // The switch: the same page in English, then back; remembered.
    await page.click('nav.lang a[hreflang=en]');
    check(await lang(page) === 'en' && page.url().includes('/p/' + SLUG), form + ': switched to English on the same page');
    check(await page.isVisible('text=How it works'), form + ': English text');
    await axe(page, form + ' English sign-up');
    await page.goto(srv.base + '/p/' + SLUG);
    check(await lang(page) === 'en', form + ': the choice is remembered');
    await page.click('nav.lang a[hreflang=cy]');
    check(await lang(page) === 'cy', form + ': back to Cymraeg');

    // Sign up in Welsh: errors first.
    await page.fill('#f-name', 'Siân Ifans');
    await page.fill('#f-email', 'dim-e-bost');
    await page.click('button[type=submit]');
    check(await page.isVisible('#e-email'), form + ': the email error by the field');
    check(await page.isVisible('text=Rhowch gyfeiriad e-bost'), form + ': in Welsh');
    await axe(page, form + ' Welsh sign-up with errors');
    await shot(page, 'cymraeg-signup-errors-' + form);
    const email = 'sian-' + form + '@example.org';
    await page.fill('#f-email', email);
    await page.fill('#f-organisation', 'Cyngor Sir Ddinbych');
    await page.check('#f-consent');
    await page.click('button[type=submit]');
    check(await page.isVisible('text=Gwiriwch eich e-bost'), form + ': sign-up accepted, in Welsh');
    const m = await srv.waitLog(new RegExp('person \\d+ pending; confirm link: (\\S+)[\\s\\S]*$'));
    const links = [...srv.logText.matchAll(/confirm link: (\S+)/g)].map((x) => x[1]);
    check(m !== null && links.length > 0, form + ': confirm link logged');
    await page.goto(srv.local(links[links.length - 1]));
    check(await lang(page) === 'cy', form + ': the confirm page in Welsh');
    await axe(page, form + ' Welsh confirm');
    await shot(page, 'cymraeg-confirm-' + form);
    await page.click('button:has-text("Cadarnhau fy nghofrestriad")');
    check(page.url().includes('/me/'), form + ': landed on the self-service page');
    check(await page.isVisible('text=yn cymryd rhan'), form + ': status in Welsh');
    await axe(page, form + ' Welsh self-service');
    await shot(page, 'cymraeg-me-' + form);
    await page.click('nav.lang a[hreflang=en]');
    check(await lang(page) === 'en' && page.url().includes('/me/'), form + ': /me in English on the same page');
    check(await page.isVisible('text=taking part'), form + ': English status');
    await axe(page, form + ' English self-service');

    // A challenge of p0's on the board (posted once, from their page).
    await page.goto(srv.base + me + '/board?lang=cy');
    if (!(await page.isVisible('li.challenge h2 a'))) {
      await page.fill('#f-title', 'Tai fforddiadwy');
      await page.fill('#f-body', 'Sut mae dod o hyd i dir ar gyfer tai?');
      await page.click('form[method=post] button[type=submit]');
    }
    const cid = (await page.getAttribute('li.challenge h2 a', 'href')).split('/').pop();
    for (const [name, path] of [
      ['home', '/'],
      ['outcome', link('outcome', String(p0), '--group', String(gid), '--outcome', 'met').pathname],
      ['leave', link('unsubscribe', String(p0)).pathname],
      ['story', me + '/story'],
      ['stories', '/p/' + SLUG + '/stories'],
      ['board', '/p/' + SLUG + '/challenges'],
      ['challenge', '/p/' + SLUG + '/challenges/' + cid],
      ['me-board', me + '/board'],
      ['me-challenge', me + '/board/' + cid],
      ['survey', link('survey', String(p0), '--group', '1').pathname],
      ['not-found', '/p/' + SLUG + '/nowhere'],
    ]) {
      await page.goto(srv.base + path + '?lang=cy');
      await welshThenEnglish(page, form + ' ' + name, 'cymraeg-' + name + '-' + form, path);
    }
    // A bilingual introduction, as a mail program shows its HTML part:
    // Welsh first (nobody chose), lang on the page and on the English
    // passage, axe-clean.
    const dir = join(srv.dir, 'mail-' + form);
    srv.cli('mail', 'preview', SLUG, '1', '--out', dir);
    const eml = readFileSync(join(dir, '000000.eml'), 'utf8');
    const qp = eml.split('Content-Type: text/html; charset=utf-8')[1].split(/\r?\n\r?\n/).slice(1).join('\n\n')
      .split(/\r?\n--=_cuppa/)[0].replace(/=\r?\n/g, '');
    const bytes = [];
    for (let i = 0; i < qp.length; i++) {
      if (qp[i] === '=' && /^[0-9A-F]{2}$/.test(qp.substr(i + 1, 2))) {
        bytes.push(parseInt(qp.substr(i + 1, 2), 16));
        i += 2;
      } else {
        bytes.push(qp.charCodeAt(i));
      }
    }
    writeFileSync(join(dir, 'intro.html'), Buffer.from(bytes));
    await page.goto('file://' + join(dir, 'intro.html'));
    check(await lang(page) === 'cy', form + ' bilingual email: lang="cy" on the page (Welsh first)');
    check(await page.evaluate(() => [...document.querySelectorAll('[lang]')].map((e) => e.getAttribute('lang')).join(',')) === 'cy,en',
          form + ' bilingual email: the English passage carries lang="en"');
    check(await page.isVisible('text=Helo') && await page.isVisible('text=Hello'), form + ' bilingual email: both languages');
    await axe(page, form + ' bilingual email');
    await shot(page, 'cymraeg-email-' + form);
    await context.close();
  }
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await browser.close();
  await srv.stop();
}
finish();

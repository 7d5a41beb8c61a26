#!/usr/bin/env node
// Journey 2: public texts follow the programme's real rules.  A programme
// made on the dashboard starts with "never the same organisation" ticked,
// visibly; its sign-up page promises another organisation only while the
// rule holds, and says "another participant" once it is unticked.
// Desktop and phone, axe-core on each page.
import { Server, axe, shot, check, finish } from './lib.mjs';
import { eachViewport, login, fits } from './journeys.mjs';

const srv = new Server();
await srv.start();
let n = 0;
await eachViewport(async (page, vp) => {
  await login(page, srv);
  const box = page.locator('#f-new-ao');
  check(await box.isVisible(), vp.name + ': the rule is visible on the new-programme form');
  check(await box.isChecked(), vp.name + ': and ticked from the start');
  await fits(page, vp.name + ' home');
  const name = 'Rules Trial ' + (++n);
  await page.fill('#f-name', name);
  await page.click('button:has-text("Create programme")');
  const slug = 'rules-trial-' + n;
  check(page.url().endsWith('/admin/programmes/' + slug), vp.name + ': programme created');
  check(await page.isChecked('#f-ao'), vp.name + ': programme keeps "same organisation" ticked');
  await page.goto(srv.base + '/p/' + slug);
  check(await page.isVisible('text=someone from another organisation'), vp.name + ': sign-up promises another organisation');
  check(await page.isVisible('text=every month'), vp.name + ': cadence in words');
  await axe(page, vp.name + ' sign-up with the rule');
  await fits(page, vp.name + ' sign-up');
  await shot(page, 'journey2-signup-' + vp.name);

  // Untick the rule: the sign-up page stops promising it.
  await page.goto(srv.base + '/admin/programmes/' + slug);
  await page.uncheck('#f-ao');
  await page.click('button:has-text("Save settings")');
  check(await page.isVisible('text=Settings saved.'), vp.name + ': settings saved');
  await page.goto(srv.base + '/p/' + slug + '?fresh=' + Date.now());
  await page.waitForTimeout(0);
  const body = await page.textContent('body');
  // The public page may be cached for a moment: reload until fresh.
  let text = body;
  for (let i = 0; i < 40 && text.includes('another organisation'); i++) {
    await page.waitForTimeout(250);
    await page.reload();
    text = await page.textContent('body');
  }
  check(!text.includes('another organisation'), vp.name + ': no promise of another organisation once unticked');
  check(text.includes('another participant'), vp.name + ': says "another participant"');
});

// A programme made on the command line without the rule says the same.
srv.cli('programme', 'add', 'Plain Trial', '--group-size', '3', '--cadence-days', '14');
await eachViewport(async (page, vp) => {
  await page.goto(srv.base + '/p/plain-trial');
  const text = await page.textContent('body');
  check(!text.includes('another organisation'), vp.name + ': CLI programme without the rule makes no such promise');
  check(text.includes('two other participants') && text.includes('every two weeks'),
        vp.name + ': trio and fortnightly wording');
});
await srv.stop();
finish();

#!/usr/bin/env node
// Journey 8 (issue 12): every dashboard page, on a desktop window and on
// a 390x844 phone, fits the width (document.scrollingElement.scrollWidth
// no wider than the window: a table may scroll inside its own box, never
// the page), is axe-core clean, and is photographed into docs/screenshots
// (`journey8-every-*`, with UPDATE_SCREENSHOTS=1).  A programme with a published round, outcomes,
// a survey draft, people with long names and organisations.
import { writeFileSync } from 'node:fs';
import { Server, axe, shot, check, finish, SLUG } from './lib.mjs';
import { eachViewport, login, fits } from './journeys.mjs';

const srv = new Server();
await srv.start();
const orgs = ['Metropolitan Borough Council of Somewhere Long', 'Health Trust', 'Police',
              'Charity', 'Housing Association', 'Fire and Rescue Service', 'University', 'DWP'];
writeFileSync(srv.dir + '/p.csv', 'name,email,organisation,sector,topics,network_consent\n' +
  orgs.map((o, i) => `Person ${i} Withaverylongsurname,p${i}@example.org,${o},` +
    `${i % 2 ? 'Health' : 'Housing'},digital;data,${i % 2 ? 'yes' : 'no'}`).join('\n') + '\n');
srv.cli('people', 'import', SLUG, srv.dir + '/p.csv');
srv.cli('round', 'new', SLUG, '--seed', '1');
srv.cli('round', 'publish', SLUG, '1');
srv.cli('outcome', SLUG, '1', 'p0@example.org', 'met', '--rating', '4');
srv.cli('outcome', SLUG, '1', 'p1@example.org', 'missed');
const P = '/admin/programmes/' + SLUG;
const pid = JSON.parse(srv.cli('people', 'list', SLUG, '--json'))[0].id;
const pages = [
  ['home', '/admin'],
  ['programme', P],
  ['people', P + '/people'],
  ['person', P + '/people/' + pid],
  ['round', P + '/rounds/1'],
  ['insight', P + '/insight'],
  ['surveys', P + '/surveys'],
  ['stories', P + '/stories'],
  ['challenges', P + '/challenges'],
];

await eachViewport(async (page, vp) => {
  await login(page, srv);
  for (const [name, path] of pages) {
    let r;
    for (let i = 0; i < 60; i++) { // insight: the picture is drawn once
      r = await page.goto(srv.base + path);
      if (r.status() !== 202) break;
      await page.waitForTimeout(500);
    }
    check(r.status() === 200, `${vp.name} ${name}: 200 (${r.status()})`);
    await fits(page, `${vp.name} ${name}`);
    await axe(page, `${vp.name} ${name}`);
    await shot(page, `journey8-every-${name}-${vp.name}`);
  }
});
await srv.stop();
finish();

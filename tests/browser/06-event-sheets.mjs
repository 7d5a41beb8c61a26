#!/usr/bin/env node
// Journey 4: an event host plans 17 people for 6 rounds of pairs and
// prints the cards: no pair meets twice, no colleagues share a table, a
// card per person and a sheet per table, readable on a desktop and a
// phone, axe-core clean.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, SHOTS, axe, check, finish } from './lib.mjs';
import { eachViewport, fits } from './journeys.mjs';

const dir = mkdtempSync(join(tmpdir(), 'cuppa-event-'));
const csv = join(dir, 'room.csv');
writeFileSync(csv, 'name,organisation\n' +
  Array.from({ length: 17 }, (_, i) => `Guest ${i + 1},Org ${'ABCDE'[i % 5]}\n`).join(''));
const cards = join(dir, 'cards.html');
const plan = JSON.parse(execFileSync(BIN, ['event', 'plan', '--people', csv, '--rounds', '6',
  '--seed', '2', '--cards', cards, '--json'], { encoding: 'utf8' }));
check(plan.repeats === 0, 'no pair meets twice (' + plan.repeats + ')');
check(plan.colleagues === 0, 'no colleagues at one table (' + plan.colleagues + ')');
await eachViewport(async (page, vp) => {
  await page.goto('file://' + cards);
  check(await page.locator('section.card:not(.sheet)').count() === 17, vp.name + ': a card per person');
  check(await page.locator('section.sheet').count() === 8, vp.name + ': a sheet per table');
  check(await page.isVisible('h1:has-text("Table 8")'), vp.name + ': table 8 has a sheet');
  await axe(page, vp.name + ' cards and sheets');
  await fits(page, vp.name + ' cards and sheets');
  // The first card and the first table's sheet (the whole file is long).
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('section.card').first().screenshot({ path: join(SHOTS, 'journey4-card-' + vp.name + '.png') });
  await page.locator('section.sheet').first().screenshot({ path: join(SHOTS, 'journey4-sheet-' + vp.name + '.png') });
});
rmSync(dir, { recursive: true, force: true });
finish();

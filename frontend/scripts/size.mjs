// After `vite build`: prints the gzipped size of the JavaScript the first page load needs (the entry
// script and what it preloads, as index.html names them) and fails when it exceeds the budget.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = Number(process.env.JS_BUDGET_KB ?? 250);
const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '../../app/static');
const html = readFileSync(join(out, 'index.html'), 'utf8');

const initial = new Set();
for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) initial.add(m[1]);
for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) initial.add(m[1]);
if (initial.size === 0) {
  console.error('size: no script found in app/static/index.html');
  process.exit(1);
}

const kb = (n) => (n / 1024).toFixed(1);
let raw = 0;
let gz = 0;
for (const src of initial) {
  const buf = readFileSync(join(out, src.replace(/^\//, '')));
  const z = gzipSync(buf, { level: 9 }).length;
  raw += buf.length;
  gz += z;
  console.log(`  ${src}  ${kb(buf.length)} KB raw, ${kb(z)} KB gzip`);
}
const css = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.css'));
let cssGz = 0;
for (const f of css) cssGz += gzipSync(readFileSync(join(out, 'assets', f)), { level: 9 }).length;
const all = readdirSync(join(out, 'assets')).reduce((n, f) => n + statSync(join(out, 'assets', f)).size, 0);

console.log(`Initial JS: ${kb(gz)} KB gzipped (${kb(raw)} KB raw; budget ${BUDGET_KB} KB gzipped). CSS: ${kb(cssGz)} KB gzipped. All assets: ${kb(all)} KB raw.`);
if (gz > BUDGET_KB * 1024) {
  console.error(`size: initial JS is over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}

// Joins the release's stylesheets into one file, in the order index.html
// links them, so that a reader's browser makes one request for the styles
// instead of nine (issue 16). The file is named by its content's hash, like
// trunk's, and keeps an integrity attribute. The preloads of the wasm and its
// JS move before it, so that the largest file starts downloading first. Run after `trunk build
// --release` and before scripts/csp.mjs (scripts/build.sh does all three).
import { readFile, writeFile, unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';

const file = process.argv[2] ?? 'dist/index.html';
const dir = dirname(file);
const html = await readFile(file, 'utf8');
const links = [...html.matchAll(/<link [^>]*rel=stylesheet[^>]*>/g)].map((match) => match[0]);
if (links.length < 2) throw new Error(`${file} links ${links.length} stylesheet(s): nothing to join`);
const hrefs = links.map((link) => {
  const href = link.match(/href=(?:"([^"]+)"|([^ >]+))/);
  if (!href) throw new Error(`no href in ${link}`);
  return href[1] ?? href[2];
});
const bodies = await Promise.all(hrefs.map((href) => readFile(join(dir, href), 'utf8')));
const css = bodies.join('\n');
const name = `widget-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
await writeFile(join(dir, name), css);
const preloads = [...html.matchAll(/<link [^>]*rel=(?:preload|modulepreload)[^>]*>/g)]
  .map((match) => match[0])
  .sort((a, b) => Number(b.includes('.wasm')) - Number(a.includes('.wasm')));
if (preloads.length !== 2) throw new Error(`${file} has ${preloads.length} preloads, not the wasm's and the JS's`);
let joined = html;
for (const link of [...links, ...preloads]) joined = joined.replace(link, '');
const base = joined.match(/<base [^>]*>/)?.[0];
if (!base) throw new Error(`${file} has no <base> to put the stylesheet after`);
joined = joined.replace(base, `${base}${preloads.join('')}<link href=./${name} integrity=${integrity} rel=stylesheet>`);
await writeFile(file, joined);
await Promise.all(hrefs.map((href) => unlink(join(dir, href))));
console.log(`Stylesheets: ${hrefs.length} joined into ${name} (${css.length} bytes)`);

// Adds a strict Content-Security-Policy to the release's index.html: only the
// widget's own files, the one inline loader script trunk writes (by its
// hash), and WebAssembly compilation. Run after `trunk build --release`
// (scripts/build.sh does both). The policy is documented in the README.
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';

const file = process.argv[2] ?? 'dist/index.html';
const html = await readFile(file, 'utf8');
if (html.includes('http-equiv=Content-Security-Policy')) {
  throw new Error(`${file} already has a Content-Security-Policy`);
}
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
if (inline.length === 0) throw new Error(`no inline loader script in ${file}`);
const hashes = inline.map((body) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  // yew writes two style attributes: the packet's position and its speed.
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
const meta = `<meta http-equiv=Content-Security-Policy content="${policy}">`;
const charset = '<meta charset=utf-8>';
if (!html.includes(charset)) throw new Error(`no ${charset} in ${file}`);
await writeFile(file, html.replace(charset, `${charset}${meta}`));
console.log(`Content-Security-Policy: ${policy}`);

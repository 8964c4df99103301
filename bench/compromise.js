// Reference for bench/run.sh: what the compromise NLP library (pinned in
// bench/package.json) does with the same articles newskg reads. For each
// file under the folders given it extracts people, places and organizations,
// and prints one line of totals: bytes of text, files, and mentions found.
//
//     node bench/compromise.js FOLDER...
'use strict';
const fs = require('fs');
const path = require('path');
const nlp = require('compromise');

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

const total = { bytes: 0, files: 0, people: 0, places: 0, organizations: 0 };
for (const dir of process.argv.slice(2)) {
  for (const f of files(dir)) {
    const text = fs.readFileSync(f, 'utf8');
    const doc = nlp(text);
    total.bytes += Buffer.byteLength(text);
    total.files += 1;
    total.people += doc.people().out('array').length;
    total.places += doc.places().out('array').length;
    total.organizations += doc.organizations().out('array').length;
  }
}
console.log(Object.entries(total).map(([k, v]) => `${k}=${v}`).join(' '));

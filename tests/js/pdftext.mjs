// Print a PDF's text as pdf.js reads it (Firefox's viewer: its find bar, copy and paste):
// each page's getTextContent() items joined, a newline where pdf.js ends a line, and a
// form feed after each page, as pdftotext does.
// Usage: node pdftext.mjs FILE.pdf
import { readFile } from "node:fs/promises";

// pdf.js 6.5 asks for Node 22, which has Promise.withResolvers; Debian's machines here have
// Node 20, which lacks only that for reading text.
Promise.withResolvers ??= function withResolvers() {
  let resolve, reject;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};
const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");

const data = new Uint8Array(await readFile(process.argv[2]));
const pdf = await getDocument({ data, verbosity: 0 }).promise;
const out = [];
for (let number = 1; number <= pdf.numPages; number++) {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent();
  for (const item of content.items) {
    out.push(item.str, item.hasEOL ? "\n" : "");
  }
  out.push("\f");
}
process.stdout.write(out.join(""));

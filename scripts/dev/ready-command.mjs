// @ts-check
// A command of node_modules/.bin started ahead of its run, for `npm run dev`: Node.js started and
// the modules its entry imports loaded and evaluated, it waits for a line on standard input and
// then runs, with the arguments it was started with, exactly as the command would (the modules
// it loaded are those the entry evaluates first anyway). Redocly's lint, for one, spends about
// half its time starting; started ahead, a save waits only for the lint itself. A change of the
// command's own code is not seen by one started before it: `npm run dev` starts a new one then.
//
//   node scripts/dev/ready-command.mjs <the command's .js file> [its arguments]   then write "\n"
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [entry, ...args] = process.argv.slice(2);
if (!entry) throw new Error("usage: ready-command.mjs <the command's .js file> [its arguments]");
process.argv = [process.argv[0] ?? process.execPath, entry, ...args];

/** The modules a file imports statically, relative ones only (theirs are loaded with them). */
function staticImports(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.m?js)["']/g)].map((m) =>
    path.resolve(path.dirname(file), /** @type {string} */ (m[1])),
  );
}

// The entry may be a small launcher (Redocly's bin/cli.js imports lib/index.js when it runs):
// its target's static imports are what to load ahead, not the target itself, which runs the
// command. Else the entry's own (scripts/generate.mjs: the generator's modules).
const launcher = readFileSync(entry, "utf8");
const target = launcher.match(/\bimport\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*\)/)?.[1];
const ahead = staticImports(target ? path.resolve(path.dirname(entry), target) : entry);
for (const file of ahead) await import(pathToFileURL(file).href);

process.stdin.once("data", () => {
  process.stdin.pause();
  process.stdin.unref?.();
  import(pathToFileURL(path.resolve(entry)).href);
});

// `npm run bench -- dev`: how live `npm run dev` feels, in a scratch copy of the checkout (the
// real document is never edited): from the save of a description edit to the page showing it
// (reloaded in Chromium by the page's own listener, or fetched over HTTP where Chromium is
// missing), and from the save of a new optional property to the mock answering with it and to
// the client's built types having it. Medians of a few rounds, with the machine's load.
import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";

const DOCUMENT = "openapi/user-api.yaml";

/** A copy of the working tree (as git would commit it), with node_modules linked. */
function scratchCopy(root) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "quatrix-bench-dev-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\0")
    .filter((f) => f && existsSync(path.join(root, f)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(dir, file));
  }
  mkdirSync(path.join(dir, "node_modules", "@quatrix"), { recursive: true });
  for (const entry of readdirSync(path.join(root, "node_modules"))) {
    if (entry === "@quatrix" || entry === ".package-lock.json" || entry === ".cache") continue;
    symlinkSync(path.join(root, "node_modules", entry), path.join(dir, "node_modules", entry));
  }
  for (const link of readdirSync(path.join(root, "node_modules", "@quatrix"))) {
    symlinkSync(
      readlinkSync(path.join(root, "node_modules", "@quatrix", link)),
      path.join(dir, "node_modules", "@quatrix", link),
    );
  }
  return dir;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const round1 = (n) => Math.round(n * 10) / 10;

async function until(check, ms = 600_000, dev = undefined) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (dev && dev.exitCode !== null) throw new Error(`npm run dev exited (${dev.exitCode})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("npm run dev did not get there in time");
}

export async function benchDev(root, { rounds = 3 } = {}) {
  const dir = scratchCopy(root);
  let output = "";
  const dev = spawn(process.execPath, ["scripts/dev.mjs", "--docs-port", "0", "--mock-port", "0"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  dev.stdout.on("data", (d) => {
    output += d;
  });
  dev.stderr.on("data", (d) => {
    output += d;
  });
  let browser;
  try {
    await until(() => /Ctrl-C stops/.test(output), 600_000, dev).catch((error) => {
      throw new Error(`${error.message}:\n${output}`);
    });
    const docsUrl = output.match(/dev: docs (\S+)/)[1];
    const mockUrl = output.match(/dev: mock (\S+)/)[1];
    const document = () => parse(readFileSync(path.join(dir, DOCUMENT), "utf8"));
    const save = (d) => writeFileSync(path.join(dir, DOCUMENT), stringify(d, { lineWidth: 0 }));
    const first = Object.values(document().paths)[0];
    const method = Object.keys(first).find((k) => first[k].operationId);
    const listing = Object.entries(document().paths).find(
      ([, item]) => item.get?.responses?.["200"]?.content?.["application/json"]?.schema?.type === "array",
    );
    const [listPath, listItem] = listing;
    const itemSchema = listItem.get.responses["200"].content["application/json"].schema.items.$ref.split("/").pop();

    let page;
    if (existsSync("/usr/bin/chromium")) {
      const { chromium } = await import("playwright-core");
      browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
      page = await browser.newPage();
      await page.goto(docsUrl);
    }
    const description = [];
    for (let i = 0; i < rounds; i++) {
      const text = `Benchmarked description ${i} ${Date.now()}.`;
      const d = document();
      Object.values(d.paths)[0][method].description = text;
      const started = performance.now();
      if (page) {
        const reloaded = page.waitForEvent("load", { timeout: 600_000 });
        save(d);
        await reloaded;
        // Redoc renders an operation when the reader goes to it: its place, from the page's document.
        const built = await (await fetch(`${docsUrl}openapi.json`)).json();
        const op = Object.values(built.paths)[0][method];
        const hash = `#/${String(op.tags?.[0] ?? "")
          .toLowerCase()
          .replace(/\s+/g, "-")}/${op.operationId.toLowerCase()}`;
        await page.evaluate((h) => {
          location.hash = h;
        }, hash);
        await page.waitForFunction((t) => document.body.textContent?.includes(t), text, { timeout: 600_000 });
      } else {
        save(d);
        await until(async () => (await (await fetch(`${docsUrl}reference.js`)).text()).includes(text));
      }
      description.push((performance.now() - started) / 1000);
    }
    const mockAnswers = [];
    const clientTypes = [];
    for (let i = 0; i < rounds; i++) {
      const name = `bench_property_${i}_${Date.now()}`;
      const d = document();
      d.components.schemas[itemSchema].properties[name] = { type: "string", description: "Benchmarked." };
      const started = performance.now();
      save(d);
      await until(async () => {
        try {
          const answer = await fetch(`${mockUrl}${listPath}`, { headers: { "x-auth-token": "test-key" } });
          const items = await answer.json();
          return Array.isArray(items) && items.length > 0 && name in items[0];
        } catch {
          return false; // restarting
        }
      });
      mockAnswers.push((performance.now() - started) / 1000);
      const dist = path.join(dir, "packages/client/dist");
      await until(() =>
        readdirSync(dist).some((f) => f.endsWith(".d.ts") && readFileSync(path.join(dist, f), "utf8").includes(name)),
      );
      clientTypes.push((performance.now() - started) / 1000);
    }
    return {
      rounds,
      via: page ? "Chromium (the page reloads itself)" : "HTTP",
      descriptionEditToPageS: round1(median(description)),
      newPropertyToMockS: round1(median(mockAnswers)),
      newPropertyToClientTypesS: round1(median(clientTypes)),
      all: { description: description.map(round1), mock: mockAnswers.map(round1), types: clientTypes.map(round1) },
      loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    };
  } finally {
    await browser?.close();
    dev.kill("SIGINT");
    await new Promise((r) => dev.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

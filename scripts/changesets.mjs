// Reads the pending changesets: which packages they bump, and how much.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const BUMPS = ["none", "patch", "minor", "major"];

/** Every pending changeset of `<root>/.changeset`: its file name, text and bumps by package. */
export function pendingChangesets(root) {
  const dir = path.join(root, ".changeset");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), "utf8");
      const front = text.match(/^---\r?\n([\s\S]*?)\r?\n---/)?.[1] ?? "";
      const bumps = {};
      for (const line of front.split(/\r?\n/)) {
        const m = line.match(/^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/);
        if (m) bumps[m[1]] = m[2];
      }
      return { file, text, bumps };
    });
}

/** The largest bump among the changesets ("none" when there are none). */
export function largestBump(changesets) {
  let largest = 0;
  for (const { bumps } of changesets)
    for (const bump of Object.values(bumps)) largest = Math.max(largest, BUMPS.indexOf(bump));
  return BUMPS[largest];
}

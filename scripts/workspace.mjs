// The workspace's published packages: where they live, their manifests, and the order in which
// they are released (a package after every workspace package it depends on).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Every package under `<root>/packages`, sorted so that dependencies come first. */
export function workspacePackages(root) {
  const packages = readdirSync(path.join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = path.join("packages", entry.name);
      const manifest = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8"));
      return { name: manifest.name, version: manifest.version, dir, manifest };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const byName = new Map(packages.map((p) => [p.name, p]));
  const ordered = [];
  const visiting = new Set();
  const visit = (pkg) => {
    if (ordered.includes(pkg)) return;
    if (visiting.has(pkg)) throw new Error(`workspace dependency cycle through ${pkg.name}`);
    visiting.add(pkg);
    const { dependencies = {}, devDependencies = {}, peerDependencies = {} } = pkg.manifest;
    for (const name of Object.keys({ ...dependencies, ...devDependencies, ...peerDependencies }).sort()) {
      const dependency = byName.get(name);
      if (dependency) visit(dependency);
    }
    ordered.push(pkg);
  };
  for (const pkg of packages) visit(pkg);
  return ordered;
}

/** The one version every package shares (the changesets `fixed` group); throws when they differ. */
export function lockstepVersion(packages) {
  const versions = new Set(packages.map((p) => p.version));
  if (versions.size !== 1) {
    const found = packages.map((p) => `${p.name}@${p.version}`).join(", ");
    throw new Error(`The packages must share one version (changesets "fixed" group), found: ${found}`);
  }
  return [...versions][0];
}

// A real npm registry on 127.0.0.1 for the release tests: Verdaccio with throwaway storage, no
// uplinks (it serves only what the test publishes to it), and users created the way `npm adduser`
// creates them. Each user gets an npm user config file holding its token, for
// NPM_CONFIG_USERCONFIG; nothing is written to the machine's own npm configuration.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface PackageRule {
  access: string;
  publish: string;
}

export interface Registry {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** The npm user config file with this user's token (for NPM_CONFIG_USERCONFIG). */
  userconfig(user: string): string;
  close(): Promise<void>;
}

const SERVER = fileURLToPath(new URL("./registry-server.cjs", import.meta.url));

/** The first line the server prints: its URL. */
function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(
      () => reject(new Error(`the registry did not start in ${timeoutMs} ms:\n${err}`)),
      timeoutMs,
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk;
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line !== undefined) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the registry exited with ${code}:\n${err}`));
    });
  });
}

/**
 * Starts a registry with the given users (all may publish) and package rules, the first
 * matching pattern applying; `@quatrix/*` may be published by any of the users.
 */
export async function startRegistry(options: {
  users: string[];
  packages?: Record<string, PackageRule>;
}): Promise<Registry> {
  const dir = mkdtempSync(path.join(tmpdir(), "quatrix-registry-"));
  const config = {
    self_path: dir,
    storage: path.join(dir, "storage"),
    auth: { htpasswd: { file: path.join(dir, "htpasswd"), max_users: options.users.length } },
    uplinks: {},
    packages: {
      ...options.packages,
      "@quatrix/*": { access: "$all", publish: "$authenticated" },
      "**": { access: "$all" },
    },
    log: { type: "stdout", format: "pretty", level: "error" },
  };
  writeFileSync(path.join(dir, "config.json"), JSON.stringify(config, null, 2));
  const child = spawn(process.execPath, [SERVER, path.join(dir, "config.json")], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await firstLine(child, 30_000);
    const userconfigs = new Map<string, string>();
    for (const user of options.users) {
      // `npm adduser`'s request: the answer holds the user's token.
      const response = await fetch(new URL(`-/user/org.couchdb.user:${user}`, url), {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: user, password: randomBytes(12).toString("hex") }),
      });
      const answer = (await response.json()) as { token?: string };
      if (!response.ok || answer.token === undefined) {
        throw new Error(`could not create the user ${user}: ${response.status} ${JSON.stringify(answer)}`);
      }
      const file = path.join(dir, `${user}.npmrc`);
      writeFileSync(file, `//${new URL(url).host}/:_authToken=${answer.token}\n`);
      userconfigs.set(user, file);
    }
    return {
      url,
      userconfig: (user) => {
        const file = userconfigs.get(user);
        if (file === undefined) throw new Error(`no such registry user: ${user}`);
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

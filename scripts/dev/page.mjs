// @ts-check
// What `npm run dev` adds to the docs page it serves: a live-reload listener (server-sent events
// from /__dev/events) and, while the document is broken, an overlay with the place and the code
// frame. Plain DOM, no dependency; the page stays usable under the overlay's close button.

/** @typedef {{ file: string, line: number, col: number, message: string, frame: string }} Broken */

/**
 * The state the page is told: ok, or broken with where and why.
 * @param {Broken | undefined} broken
 * @param {number} builds how many rebuilds have succeeded
 */
export function overlayState(broken, builds) {
  return broken ? { state: "broken", builds, ...broken } : { state: "ok", builds };
}

/**
 * The script to put before `</body>`, with the state at the time the page is served.
 * @param {ReturnType<typeof overlayState>} state
 */
export function devPageScript(state) {
  // `<` escaped: the state holds the document's text (the frame), which must not close the script.
  const initial = JSON.stringify(state).replace(/</g, "\\u003c");
  return `<script data-quatrix-dev>
(() => {
  const show = (s) => {
    let box = document.getElementById("quatrix-dev-overlay");
    if (s.state !== "broken") { box?.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "quatrix-dev-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;background:#1e1e1e;color:#fff;font:14px/1.4 monospace;padding:1rem 1.25rem;border:3px solid #e5484d;border-radius:6px;box-shadow:0 4px 24px #0008";
      document.body.append(box);
    }
    const where = s.line > 0 ? s.file + ":" + s.line + ":" + s.col + ": " : s.file + ": ";
    box.replaceChildren();
    const title = document.createElement("strong");
    title.textContent = "The document is broken — the page shows the last good build";
    const message = document.createElement("pre");
    message.style.cssText = "white-space:pre-wrap;margin:.75rem 0";
    message.textContent = where + s.message;
    const frame = document.createElement("pre");
    frame.style.cssText = "margin:0;color:#ffd479";
    frame.textContent = s.frame;
    box.append(title, message, frame);
  };
  const start = ${initial};
  addEventListener("DOMContentLoaded", () => show(start));
  if (document.readyState !== "loading") show(start);
  const events = new EventSource("/__dev/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("broken", (e) => show(JSON.parse(e.data)));
  // On (re)connecting the server says where things stand: nothing is missed while the page loads.
  events.addEventListener("hello", (e) => {
    const now = JSON.parse(e.data);
    if (now.builds > start.builds && now.state === "ok") location.reload();
    else show(now);
  });
})();
</script>`;
}

// The reference's Markdown is cut to an allow-list of HTML, and a built page is checked as a
// browser parses it: every payload of the docs-build attack, in each spelling HTML allows.
import { describe, expect, it } from "vitest";
import { remoteReferences } from "../scripts/remote-references.mjs";
import {
  documentProblems,
  markdownProblems,
  sanitiseDocument,
  sanitiseMarkdown,
} from "../scripts/sanitise-markdown.mjs";

/** Markdown that would make the page load from outside or run code, and what must go. */
const PAYLOADS: [string, string][] = [
  ["iframe, https src", "Text\n\n<iframe src=https://a.example/f></iframe>\n\nmore"],
  ["iframe inline", "Text <iframe src='https://a.example/f'></iframe> more"],
  ["img, https src", 'Look <img src="https://a.example/p.png"> here'],
  ["img, protocol-relative src", "Look <img src=//a.example/p.png> here"],
  ["img, backslash src", "Look <img src=/\\a.example/p.png> here"],
  ["img, entity-encoded src", 'Look <img src="&#104;ttps://a.example/p.png"> here'],
  ["img block", '<img src="https://a.example/p.png">'],
  ["Markdown image", "See ![x](https://a.example/p.png)."],
  ["Markdown image by reference", "See ![x][pic].\n\n[pic]: https://a.example/p.png"],
  ["Markdown image in a list", "- one\n- ![x](//a.example/p.png)"],
  ["link stylesheet", "<link rel=stylesheet href=https://a.example/s.css>"],
  ["srcset", 'A <img src="ok.png" srcset="ok.png 1x, https://a.example/2x.png 2x"> B'],
  ["picture source", '<picture><source srcset="https://a.example/p.webp"><img src="ok.png"></picture>'],
  ["style url()", '<span style="background:url(https://a.example/bg.png)">x</span>'],
  ["style element", "<style>@import 'https://a.example/s.css';</style>"],
  ["script", "Text <script src=https://a.example/s.js></script> more"],
  ["object", '<object data="https://a.example/o.swf"></object>'],
  ["embed", '<embed src="https://a.example/e.swf">'],
  ["event handler", '<b onmouseover="alert(1)">bold</b>'],
  ["event handler on img", '<img src="ok.png" onerror="alert(1)">'],
  ["javascript link", '<a href="javascript:alert(1)">x</a>'],
  // What a browser drops before reading the scheme: a tab or newline inside, controls in front.
  ["javascript link with a tab", '<a href="java&#x09;script:alert(1)">x</a>'],
  ["javascript link with a newline", '<a href="jav&#x0A;ascript:alert(1)">x</a>'],
  ["javascript link after a control character", '<a href="&#x01;javascript:alert(1)">x</a>'],
];

describe("sanitiseMarkdown", () => {
  it.each(PAYLOADS)(
    "removes %s, naming it, and leaves Markdown that renders nothing outside the allow-list",
    (_, text) => {
      expect(markdownProblems(text).length, "the payload is unsafe as written").toBeGreaterThan(0);
      const { markdown, removed } = sanitiseMarkdown(text);
      expect(removed.length).toBeGreaterThan(0);
      expect(markdownProblems(markdown)).toEqual([]);
      expect(remoteReferences(`<!doctype html><body>${markdown}`)).toEqual([]);
    },
  );

  it("keeps Markdown without HTML as written, and code that merely shows HTML", () => {
    const text = [
      "# Title",
      "",
      "Prose with `<iframe src=https://a.example>` in code, a [link](https://example.com) and ![local](images/a.png).",
      "",
      "```ts",
      "const users: Array<UserResp> = await client.listUsers();",
      '// <img src="https://a.example/p.png">',
      "```",
      "",
      "| a | b |",
      "| --: | :-- |",
      "| 1 | 2 |",
      "",
      '<details><summary>More</summary><img src="data:image/png;base64,AAAA" alt=""></details>',
    ].join("\n");
    expect(sanitiseMarkdown(text)).toEqual({ markdown: text, removed: [] });
    expect(markdownProblems(text)).toEqual([]);
  });

  it("leaves to the check, which names it, HTML it cannot rewrite in place (a block of HTML inside a quote)", () => {
    const text = "> <div>\n> <iframe src=https://a.example/f></iframe>\n> </div>";
    expect(markdownProblems(sanitiseMarkdown(text).markdown)).toEqual([
      '<iframe src="https://a.example/f">: an element outside the allow-list',
    ]);
  });

  it("turns a remote image into a link and keeps the text around each payload", () => {
    expect(sanitiseMarkdown("See ![the chart](https://a.example/c.png) now.").markdown).toBe(
      "See [the chart](https://a.example/c.png) now.",
    );
    expect(sanitiseMarkdown('<b onclick="x()">bold</b> and <i>it</i>').markdown).toBe("<b>bold</b> and <i>it</i>");
  });
});

describe("sanitiseDocument", () => {
  it("cleans every description and summary, names each by JSON pointer, and leaves code samples alone", () => {
    const sample = '<iframe src="https://a.example">';
    const document = {
      info: { description: "Intro <iframe src=https://a.example/f></iframe>" },
      tags: [{ name: "T", description: "![x](https://a.example/p.png)" }],
      paths: {
        "/x": {
          get: {
            summary: "S",
            description: 'D <img src="https://a.example/p.png">',
            "x-codeSamples": [{ lang: "TypeScript", source: sample }],
            responses: { "200": { description: "<b onclick=x>ok</b>" } },
          },
        },
      },
    };
    expect(documentProblems(document)).toHaveLength(4);
    const removed = sanitiseDocument(document);
    expect(removed).toEqual([
      expect.stringMatching(/^#\/info\/description: <iframe/),
      "#/info/description: </iframe>",
      expect.stringMatching(/^#\/tags\/0\/description: !\[x\]/),
      expect.stringMatching(/^#\/paths\/~1x\/get\/description: <img/),
      expect.stringMatching(/^#\/paths\/~1x\/get\/responses\/200\/description: <b onclick/),
    ]);
    expect(documentProblems(document)).toEqual([]);
    expect(document.paths["/x"].get["x-codeSamples"][0]?.source).toBe(sample);
  });

  it("names the URLs outside Markdown that Redoc would load: a remote logo, an external example", () => {
    const document = {
      info: { "x-logo": { url: "https://a.example/logo.png" } },
      components: {
        examples: { big: { externalValue: "//a.example/big.json" }, local: { externalValue: "big.json" } },
      },
    };
    expect(documentProblems(document)).toEqual([
      "#/info/x-logo: https://a.example/logo.png: a URL loaded from outside",
      "#/components/examples/big/externalValue: //a.example/big.json: a URL loaded from outside",
    ]);
  });
});

describe("remoteReferences", () => {
  it("finds what a browser would load from outside, however the HTML spells it", () => {
    const page = `<!doctype html><html><head>
      <LINK REL=stylesheet HREF="https://a.example/1.css">
      <link rel="preload" as="image" imagesrcset="https://a.example/2.png 2x">
      <style>@import url("https://a.example/3.css"); body { background: url(//a.example/4.png) }</style>
      <meta http-equiv="refresh" content="0; url=https://a.example/5">
      </head><body>
      <img
        src='&#x68;ttps://a.example/6.png'>
      <img srcset="ok.png 1x, https://a.example/7.png 2x">
      <div style="background-image: url(&quot;https://a.example/8.png&quot;)"></div>
      <iframe src=https://a.example/9></iframe>
      <svg><use href="https://a.example/10.svg#i"></use></svg>
      <video poster="https://a.example/11.png"></video>
      <template><img src="https://a.example/12.png"></template>
      <a href="https://example.com/prose-link">a link loads nothing</a>
      <img src="data:image/png;base64,AAAA"><img src="local.png"><script src="redoc.standalone.js"></script>
      </body></html>`;
    const found = remoteReferences(page);
    for (let n = 1; n <= 12; n++)
      expect(found.join("\n"), String(n)).toMatch(new RegExp(`a\\.example/${n}\\.|a\\.example/${n}\\b`));
    expect(found.join("\n")).not.toContain("prose-link");
    expect(found).toHaveLength(12);
  });
});

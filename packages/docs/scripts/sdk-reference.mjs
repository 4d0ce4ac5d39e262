// The "SDK reference" guide, generated from the client's published types (its built .d.ts) and
// their JSDoc with the TypeScript compiler API: every client method and operation method with
// its parameters, result and errors, every option with its default, every error class and
// every QuatrixErrorCode. Nothing here lists them by hand: a new option or method appears when
// the client has it.
//
//   node scripts/sdk-reference.mjs     print the Markdown (the docs build imports sdkReference)
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const declarations = path.resolve(here, "../../client/dist/index.d.ts");

const OPTIONS = { strict: true, skipLibCheck: true, noEmit: true };

/**
 * What a process that builds the reference again and again (`npm run dev`) keeps between runs:
 * the files it parsed (the TypeScript library above all), reused while their text is the same,
 * the last program, and the last Markdown with the declarations it came from.
 * @type {{ files: Map<string, import("typescript").SourceFile>, program?: import("typescript").Program, key?: string, markdown?: string }}
 */
const warm = { files: new Map() };

/** A compiler host that parses a file again only when its text changed. */
function reusingHost() {
  const host = ts.createCompilerHost(OPTIONS, true);
  const read = host.getSourceFile;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = host.readFile(fileName);
    const known = warm.files.get(fileName);
    if (known && text !== undefined && known.text === text) return known;
    const parsed = read.call(host, fileName, languageVersion, onError, shouldCreate);
    if (parsed) warm.files.set(fileName, parsed);
    return parsed;
  };
  return host;
}

/** The Markdown of the SDK reference, from the client's built declarations. */
export function sdkReference(file = declarations) {
  if (!existsSync(file)) throw new Error(`${file} is missing: build @quatrix/user-api-client first`);
  const program = ts.createProgram([file], OPTIONS, reusingHost(), warm.program);
  warm.program = program;
  // The same declarations (the library's files aside) make the same Markdown.
  const key = JSON.stringify(
    program
      .getSourceFiles()
      .filter((f) => !program.isSourceFileDefaultLibrary(f))
      .map((f) => [f.fileName, f.text]),
  );
  if (warm.key === key && warm.markdown !== undefined) return warm.markdown;
  const markdown = referenceOf(program, file);
  warm.key = key;
  warm.markdown = markdown;
  return markdown;
}

/** @param {import("typescript").Program} program @param {string} file */
function referenceOf(program, file) {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${file} is not a module`);
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
  const exported = (name) => {
    const symbol = exports.get(name);
    if (!symbol) throw new Error(`the client does not export ${name}`);
    return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  };
  const typeOf = (name) => checker.getDeclaredTypeOfSymbol(exported(name));
  const show = (type) =>
    checker.typeToString(
      type,
      undefined,
      ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope,
    );

  const sections = [
    "The TypeScript API of `@quatrix/user-api-client`, generated from its published types and their",
    "documentation comments. The operations' HTTP details are in the API reference that follows.",
  ];

  // createUserApiClient and the client's own methods.
  const create = exported("createUserApiClient");
  const createSignature = checker.getSignaturesOfType(checker.getTypeOfSymbol(create), ts.SignatureKind.Call)[0];
  sections.push(
    "",
    "## createUserApiClient",
    "",
    "```ts",
    `createUserApiClient${signatureText(checker, createSignature, show)}`,
    "```",
    "",
    docOf(checker, create).text,
  );

  const client = typeOf("UserApiClient");
  const operations = new Set(checker.getPropertiesOfType(typeOf("UserApiOperations")).map((p) => p.name));
  const fetchSurface = new Set(["request", "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]);
  const clientMethods = checker
    .getPropertiesOfType(client)
    .filter((p) => !operations.has(p.name) && !fetchSurface.has(p.name));
  if (clientMethods.length > 0) {
    sections.push("", "## Client methods", "");
    for (const method of clientMethods) sections.push(...methodSection(checker, method, show));
  }

  sections.push("## Operation methods", "", "One per operation of the document; each takes `RequestOptions` last.", "");
  for (const method of checker.getPropertiesOfType(typeOf("UserApiOperations"))) {
    sections.push(...methodSection(checker, method, show));
  }

  sections.push(
    "The openapi-fetch surface — `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `request` — takes a path of the",
    "document and answers `{ data, error, response }`; see openapi-fetch's documentation.",
    "",
  );

  // The document's schemas: each a named type of the client, fields shown by their types' names.
  const schemaNames = checker
    .getPropertiesOfType(checker.getTypeOfSymbol(checker.getPropertyOfType(typeOf("components"), "schemas")))
    .map((p) => p.name);
  sections.push(
    "## Types",
    "",
    'One named type per schema of the document, exported by the package: `import type { UserResp } from "@quatrix/user-api-client"`.',
    "",
  );
  for (const name of schemaNames) {
    const symbol = exported(name);
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    sections.push(`### ${name}`, "", docOf(checker, symbol).text, "");
    const fields = checker.getPropertiesOfType(type);
    if (fields.length === 0 || !(symbol.flags & ts.SymbolFlags.Interface)) {
      sections.push("```ts", `type ${name} = ${show(type)}`, "```", "");
      continue;
    }
    sections.push("| field | type | meaning |", "| --- | --- | --- |");
    for (const field of fields) {
      const optional = field.flags & ts.SymbolFlags.Optional ? "?" : "";
      const fieldType = show(checker.getTypeOfSymbol(field)).replace(/ \| undefined$/, "");
      // openapi-typescript writes a field's description as a @description tag, its format as text.
      const { text, tags } = docOf(checker, field);
      const meaning = [...tags.filter((t) => t.name === "description").map((t) => t.text), text].join(" ");
      sections.push(`| \`${field.name}${optional}\` | ${code(fieldType)} | ${inline(meaning)} |`);
    }
    sections.push("");
  }

  for (const [title, name] of [
    ["Client options (`UserApiClientOptions`)", "UserApiClientOptions"],
    ["Per-call options (`RequestOptions`)", "RequestOptions"],
  ]) {
    sections.push(`## ${title}`, "", "| option | type | default | meaning |", "| --- | --- | --- | --- |");
    for (const option of checker.getPropertiesOfType(typeOf(name))) {
      const { text } = docOf(checker, option);
      const [meaning, fallback] = splitDefault(text);
      const type = show(checker.getTypeOfSymbol(option)).replace(/ \| undefined$/, "");
      sections.push(
        `| \`${option.name}\` | ${code(type)} | ${fallback ? inline(fallback) : "—"} | ${inline(meaning)} |`,
      );
    }
    sections.push("");
  }

  // Error classes: every exported class that is a QuatrixError, with its own fields.
  const base = typeOf("QuatrixError");
  const errorClasses = [...exports.keys()]
    .sort((a, b) => (a === "QuatrixError" ? -1 : b === "QuatrixError" ? 1 : a.localeCompare(b)))
    .map((name) => [name, exported(name)])
    .filter(([, s]) => s.flags & ts.SymbolFlags.Class)
    .map(([name, s]) => [name, s, checker.getDeclaredTypeOfSymbol(s)])
    .filter(([, , type]) => checker.isTypeAssignableTo(type, base));
  sections.push(
    "## Errors",
    "",
    "Every error the client throws is a `QuatrixError`; `instanceof` works across its ES module and CommonJS builds.",
    "",
  );
  sections.push("| class | extends | when | own fields |", "| --- | --- | --- | --- |");
  for (const [name, symbol, type] of errorClasses) {
    const parent = type.getBaseTypes?.()?.[0];
    const parentFields = new Set(parent ? checker.getPropertiesOfType(parent).map((p) => p.name) : []);
    const own = checker
      .getPropertiesOfType(type)
      .filter((p) => !parentFields.has(p.name) && p.name !== "name" && !p.name.startsWith("__"))
      .map((p) => `\`${p.name}\``);
    sections.push(
      `| \`${name}\` | ${parent ? `\`${parent.symbol.name}\`` : "`Error`"} | ${inline(docOf(checker, symbol).text)} | ${own.join(", ") || "—"} |`,
    );
  }
  sections.push("");

  // QuatrixErrorCode: the const object's members, in numeric order.
  const codes = checker
    .getPropertiesOfType(checker.getTypeOfSymbol(exported("QuatrixErrorCode")))
    .map((p) => [p.name, show(checker.getTypeOfSymbol(p)), docOf(checker, p).text])
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  sections.push(
    "## QuatrixErrorCode",
    "",
    valueDocOf(exported("QuatrixErrorCode")),
    "",
    "| name | code | meaning |",
    "| --- | --- | --- |",
    ...codes.map(
      ([name, value, text]) => `| \`QuatrixErrorCode.${name}\` | ${value} | ${inline(text.replace(/^-?\d+: /, ""))} |`,
    ),
    "",
  );
  return `${sections
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

function methodSection(checker, method, show) {
  const type = checker.getTypeOfSymbol(method);
  const [signature] = checker.getSignaturesOfType(type, ts.SignatureKind.Call);
  if (!signature) return [];
  const { text, tags } = docOf(checker, method);
  const lines = [
    `### ${method.name}`,
    "",
    "```ts",
    `${method.name}${signatureText(checker, signature, show)}`,
    "```",
    "",
    text,
    "",
  ];
  const params = signature.getParameters();
  if (params.length > 0) {
    lines.push("| parameter | type |", "| --- | --- |");
    for (const p of params) lines.push(`| \`${p.name}\` | ${code(parameterType(checker, p, show))} |`);
    lines.push("");
  }
  lines.push(`Result: ${code(returnType(signature, show))}.`, "");
  const throws = tags.filter((t) => t.name === "throws").map((t) => t.text.replace(/^\{(\w+)\}/, "`$1`"));
  if (throws.length > 0) lines.push("Throws:", "", ...throws.map((t) => `- ${inline(t)}`), "");
  return lines;
}

function signatureText(checker, signature, show) {
  const params = signature
    .getParameters()
    .map((p) => {
      const declaration = p.valueDeclaration;
      const optional =
        declaration && ts.isParameter(declaration) && (declaration.questionToken || declaration.initializer);
      const rest = declaration && ts.isParameter(declaration) && declaration.dotDotDotToken ? "..." : "";
      return `${rest}${p.name}${optional ? "?" : ""}: ${parameterType(checker, p, show).replace(/ \| undefined$/, "")}`;
    })
    .join(", ");
  return `(${params}): ${returnType(signature, show)}`;
}

/** A parameter's type as written (`UserCreateReq`), or resolved where it is written as a lookup. */
function parameterType(checker, parameter, show) {
  const written = parameter.valueDeclaration?.type?.getText();
  return written && !written.includes("[") ? written : show(checker.getTypeOfSymbol(parameter));
}

/** A result as written (`Promise<UserResp[]>`), not expanded. */
function returnType(signature, show) {
  return signature.getDeclaration()?.type?.getText() ?? show(signature.getReturnType());
}

/** The JSDoc of a symbol's value declaration only (a const and a type of one name each have theirs). */
function valueDocOf(symbol) {
  const declaration = symbol.valueDeclaration;
  if (!declaration) return "";
  return ts
    .getJSDocCommentsAndTags(declaration)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "")
    .join("\n")
    .trim();
}

/** A symbol's JSDoc: its text (paragraphs joined) and its tags as text. */
function docOf(checker, symbol) {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tags = symbol.getJsDocTags(checker).map((t) => ({ name: t.name, text: ts.displayPartsToString(t.text ?? []) }));
  return { text, tags };
}

/** "… Default: 60 000." → ["…", "60 000"]. */
function splitDefault(text) {
  const match = /\s*Default:\s*([\s\S]*?)\.?\s*$/.exec(text);
  return match ? [text.slice(0, match.index).trim(), match[1]] : [text, undefined];
}

/** One table cell: one line, pipes escaped. */
function inline(text) {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replaceAll("|", "\\|")
    .trim();
}

function code(type) {
  return `<code>${type.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("|", "&#124;")}</code>`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(sdkReference());
}

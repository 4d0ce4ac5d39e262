// The absolute paths of the built reference, for tools that serve or copy it.
import { fileURLToPath } from "node:url";

export const referenceHtmlPath = fileURLToPath(new URL("../dist/index.html", import.meta.url));
export const referenceDirPath = fileURLToPath(new URL("../dist/", import.meta.url)).replace(/[\\/]$/, "");
export const openapiJsonPath = fileURLToPath(new URL("../dist/openapi.json", import.meta.url));
export const openapiYamlPath = fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url));

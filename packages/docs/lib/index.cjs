// The absolute paths of the built reference, for tools that serve or copy it.
const path = require("node:path");

exports.referenceHtmlPath = path.join(__dirname, "..", "dist", "index.html");
exports.referenceDirPath = path.join(__dirname, "..", "dist");
exports.openapiJsonPath = path.join(__dirname, "..", "dist", "openapi.json");
exports.openapiYamlPath = path.join(__dirname, "..", "dist", "openapi.yaml");

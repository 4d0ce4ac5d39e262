/** Absolute path of the API reference page; it loads the scripts beside it (see `referenceDirPath`). */
export declare const referenceHtmlPath: string;
/** Absolute path of the folder holding the reference page and its scripts: serve or copy it whole. */
export declare const referenceDirPath: string;
/** Absolute path of the bundled OpenAPI document, as JSON (code samples included). */
export declare const openapiJsonPath: string;
/** Absolute path of the bundled OpenAPI document, as YAML (code samples included). */
export declare const openapiYamlPath: string;

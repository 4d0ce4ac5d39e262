/** Absolute path of the self-contained API reference page. */
export declare const referenceHtmlPath: string;
/** Absolute path of the bundled OpenAPI document, as JSON (code samples included). */
export declare const openapiJsonPath: string;
/** Absolute path of the bundled OpenAPI document, as YAML (code samples included). */
export declare const openapiYamlPath: string;

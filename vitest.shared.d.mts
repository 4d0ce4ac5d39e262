// The types of vitest.shared.mjs, for the configs that spread it.
export declare const reporting: { reporters: (string | object)[] };

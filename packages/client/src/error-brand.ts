// Error classes that recognise their instances across copies of the package. The ESM and the
// CommonJS build loaded in one process (an app imports the client, a CommonJS dependency
// requires it) each define their own classes, so a plain `instanceof` fails between them.
// Every instance therefore carries, under a registered symbol, the names of its class and its
// ancestors, and every class's `Symbol.hasInstance` also accepts an instance branded with its name.

const BRANDS = Symbol.for("@quatrix/user-api-client.error-brands");

// Class → brand name, for the classes of this copy of the package. Subclasses made by users are
// not registered: they match by prototype only.
const brandNames = new WeakMap<object, string>();

export function registerBrand(errorClass: object, name: string): void {
  brandNames.set(errorClass, name);
}

/** Brands an instance of `errorClass` (its `new.target`) with the names of its branded classes. */
export function brand(instance: object, errorClass: object): void {
  const names: string[] = [];
  for (let c: object | null = errorClass; c !== null; c = Object.getPrototypeOf(c)) {
    const name = brandNames.get(c);
    if (name !== undefined) names.push(name);
  }
  Object.defineProperty(instance, BRANDS, { value: Object.freeze(names), enumerable: false });
}

/** `value instanceof errorClass`, for the instances of this copy and of any other copy. */
export function isBrandedInstance(errorClass: object, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(errorClass, value)) return true;
  if (typeof value !== "object" || value === null) return false;
  const name = brandNames.get(errorClass);
  const names = (value as { [BRANDS]?: unknown })[BRANDS];
  return name !== undefined && Array.isArray(names) && names.includes(name);
}

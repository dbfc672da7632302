/**
 * The public members of every section together. Mapped first: two classes with a private member
 * of the same name (each section's connection) would otherwise intersect to `never`.
 */
type PublicOf<T> = { [K in keyof T]: T[K] };
export type AllOf<T extends unknown[]> = T extends [infer Head, ...infer Rest] ? PublicOf<Head> & AllOf<Rest> : unknown;

/**
 * Builds the whole Store out of one object per section: each section's public methods, bound to it.
 * Helpers a section keeps to itself are `#private`, so they never reach the composed store; two
 * sections offering the same method is a wiring mistake and fails at start-up, not at first call.
 */
export function composeSections<T extends object[]>(...sections: T): AllOf<T> {
  const out: Record<string, unknown> = {};
  for (const section of sections) {
    for (let proto = Object.getPrototypeOf(section); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const value = (section as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof value !== 'function') continue;
        if (name in out) throw new Error(`store sections: ${name} is offered by two sections`);
        out[name] = value.bind(section);
      }
    }
  }
  return out as AllOf<T>;
}

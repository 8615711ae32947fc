/**
 * A secret (a token, a client secret) that never prints: `String`, `JSON.stringify` and Node's
 * `util.inspect` show `<redacted>`. The part of `effect/Redacted` the core uses, written here
 * because Effect's module (with its `Equal`, `Hash` and registry) is ~0.1 KB gzip more in a
 * Worker (tooling/stress/src/edge-bundle.ts holds its budget). Internal: no secret leaves the core in this form.
 */
export class Redacted<out A = string> {
  readonly #value: A
  constructor(value: A) {
    this.#value = value
  }
  static reveal<A>(secret: Redacted<A>): A {
    return secret.#value
  }
  toString(): string {
    return "<redacted>"
  }
  toJSON(): string {
    return "<redacted>"
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "<redacted>"
  }
}

export const make = <A>(value: A): Redacted<A> => new Redacted(value)

export const value = <A>(secret: Redacted<A>): A => Redacted.reveal(secret)

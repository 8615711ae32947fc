// Effect's own `Redacted`, under the name the connection's, the token's and REST's modules still
// import; delete this file once they import `effect/Redacted` themselves. One implementation
// only: a secret made by one module is read by another.
export { make, value, type Redacted } from "effect/Redacted"

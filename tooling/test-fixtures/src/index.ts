// @org/optave-test-fixtures: the test helpers several packages share, in one place.
export * from "./payloads.ts"
export * from "./schema-arbitrary.ts"
export * from "./wire.ts"
export * from "./seeded-content.ts"

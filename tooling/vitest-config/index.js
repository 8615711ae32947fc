// Shared vitest preset: node environment, no watch, tests under test/.
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

/** @param {import("vitest/config").UserConfig["test"]} [overrides] */
export const vitestConfig = (overrides = {}) =>
  defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      environment: "node",
      testTimeout: 20_000,
      hookTimeout: 20_000,
      ...overrides
    }
  })

/**
 * For the tests that run core's sources (core's own, and schema's against core's validators):
 * core's `#validators` import (package.json `imports`) points consumers into dist/; in the
 * sources it is the fast form's source, so the tests and the modules under test share one
 * `validator-runtime.ts` (one `NO_ISSUES`). Which form each runtime gets is proven in
 * apps/runtime-tests (workerd, Chromium, Node). Its tsc twin is @org/tsconfig/core-sources.json.
 */
export const coreSourceAliases = {
  "#validators": fileURLToPath(new URL("../../packages/core/src/generated/validators.ts", import.meta.url))
}

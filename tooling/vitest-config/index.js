// Shared vitest preset: node environment, no watch, tests under test/.
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

import { vitestConfig } from "@org/vitest-config"
import { fileURLToPath } from "node:url"
import { mergeConfig } from "vitest/config"

// The tests run the sources. `#validators` (package.json `imports`) points consumers into dist/;
// here it is the fast form's source, so the tests and the modules under test share one
// `validator-runtime.ts` (one `NO_ISSUES`). Which form each runtime gets is proven in
// apps/runtime-tests (workerd, Chromium, Node).
export default mergeConfig(vitestConfig(), {
  resolve: { alias: { "#validators": fileURLToPath(new URL("./src/generated/validators.ts", import.meta.url)) } }
})

// The msw-app example's suite on Node 22+ with msw 3 and vitest 5: no --experimental-websocket,
// because Node 22+ always has the global WebSocket that MSW's ws.link intercepts.
import { defineConfig } from "vitest/config"

export default defineConfig({ test: { include: ["test/**/*.test.ts"] } })

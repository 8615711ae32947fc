import { vitestConfig } from "@org/vitest-config"

// MSW intercepts WebSockets through the runtime's global WebSocket: Node 20 has one only with
// this flag (Node 22+ always has it). Without it @org/optave-node falls back to the `ws`
// package, which MSW cannot intercept.
export default vitestConfig({ execArgv: ["--experimental-websocket"] })

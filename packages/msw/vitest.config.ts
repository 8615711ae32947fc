import { vitestConfig } from "@org/vitest-config"

// Node 20 has a global WebSocket (the one MSW's ws.link intercepts) only behind this flag;
// Node 22+ has it by default and ignores nothing by accepting the flag.
export default vitestConfig({ execArgv: ["--experimental-websocket"] })

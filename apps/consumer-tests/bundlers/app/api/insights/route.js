// The server program of src/server.js as a Next.js route handler (Node runtime).
import { createClient } from "@org/optave-node"
import { runApp } from "../../../src/payload.js"

export const dynamic = "force-dynamic"

export async function GET() {
  const client = createClient({ urls: { ws: process.env.OPTAVE_WS_URL, rest: process.env.OPTAVE_REST_URL }, token: "server-token" })
  return Response.json(await runApp(client))
}

// The official client, used as its README and the docs say (`authenticate()`, then
// `openConnection(token)`, then `insights` and `elevate`), against our two front doors: the local
// mock server and the MSW handlers. Its wire format is replayed by a small hand-written script
// (support/official-wire-client.ts), its frames are the recorded default-merged ones; nothing is
// fetched at run time. Only tokens the endpoint issued are accepted, each for one connection.
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { setupServer } from "msw/node"
import { readFileSync } from "node:fs"
import { afterEach, describe, expect, it } from "vitest"
import { createOptaveMock } from "../src/index.ts"
import { authenticate, openConnection, sendAndCollect, type OfficialWireOptions, type SuperpowerFrame } from "./support/official-wire-client.ts"

const frames = JSON.parse(
  readFileSync(new URL("../../schema/test/fixtures/official-3.2.3/default-merged-frames.json", import.meta.url), "utf8")
) as Readonly<Record<string, unknown>>
const insightsFrame = frames["insights.en page payload"]
const elevateFrame = frames["elevate.en page payload"]
const strictTokens = { tokens: [], singleUseSocketTokens: true, seed: 7 } as const

const contentOf = (event: SuperpowerFrame | undefined): unknown => event?.message?.results?.[0]?.response?.[0]?.content

/** The official client's documented flow: authenticate, open the socket, insights then elevate. */
const runDocumentedFlow = async (options: OfficialWireOptions) => {
  const token = await authenticate(options)
  const socket = await openConnection(options.websocketUrl, token)
  expect(socket.protocol).toBe("optave-v1")
  try {
    const insights = await sendAndCollect(socket, insightsFrame, ["performance_criteria", "sentiment_analysis"])
    const elevate = await sendAndCollect(socket, elevateFrame, ["improve_answer"])
    return { insights, elevate }
  } finally {
    socket.close()
  }
}

const expectCompleted = ({ insights, elevate }: Awaited<ReturnType<typeof runDocumentedFlow>>) => {
  for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
    const done = insights.find((event) => event.actionType === superpower && event.state === "completed")
    expect(contentOf(done), superpower).toBeDefined()
  }
  const improved = elevate.find((event) => event.actionType === "improve_answer" && event.state === "completed")
  expect(String(contentOf(improved))).toMatch(/John/u)
}

let server: MockServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe("the official client's wire format end to end", () => {
  it("against the local mock server: insights (performance_criteria, sentiment_analysis) and elevate (improve_answer) complete", async () => {
    server = await startMockServer({ ...strictTokens })
    const result = await runDocumentedFlow({
      authenticationUrl: `${server.restUrl}/auth/oauth2`,
      websocketUrl: server.wsUrl,
      clientId: "demo-client",
      clientSecret: "demo-secret"
    })
    expectCompleted(result)
    expect(server.engine.requests().map((request) => [request.action, request.valid])).toEqual([
      ["insights", true],
      ["elevate", true]
    ])
    expect(server.engine.tokenRequests()).toMatchObject([{ credentialsIn: "query", secretInUrl: true, status: 200 }])
  })

  it("against the MSW handlers at the documented hosts: the same", async () => {
    const optave = createOptaveMock({ tenant: "acme", tld: "tech", ...strictTokens })
    const msw = setupServer(...optave.handlers)
    msw.listen({ onUnhandledRequest: "error" })
    try {
      const result = await runDocumentedFlow({
        authenticationUrl: "https://acme.oco.optave.tech/auth/oauth2",
        websocketUrl: "wss://ws-acme.oco.optave.tech",
        clientId: "demo-client",
        clientSecret: "demo-secret"
      })
      expectCompleted(result)
      expect(optave.requests().map((request) => [request.action, request.valid])).toEqual([
        ["insights", true],
        ["elevate", true]
      ])
      expect(optave.tokenRequests()).toMatchObject([{ credentialsIn: "query", secretInUrl: true, status: 200 }])
    } finally {
      msw.close()
    }
  })

  it("a made-up token is refused at the upgrade (the check above is real)", async () => {
    server = await startMockServer({ ...strictTokens })
    await expect(openConnection(server.wsUrl, "made-up")).rejects.toThrow(/failed/u)
  })
})

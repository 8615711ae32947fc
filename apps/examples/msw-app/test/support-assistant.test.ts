// The app's own suite, using @org/optave-msw exactly as its README shows: one MSW server for the
// file, the Optave handlers for our tenant, `optave.reset()` after each test.
import { createOptaveMock } from "@org/optave-msw"
import { createClient, type OptaveClientPromise } from "@org/optave-node"
import { setupServer } from "msw/node"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { createSupportAssistant, type Ticket } from "../src/index.ts"

const optave = createOptaveMock({ tenant: "acme", tld: "tech", seed: 7, tokens: ["test-token"] })
const server = setupServer(...optave.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: "error" }))
afterEach(() => {
  server.resetHandlers()
  optave.reset()
})
afterAll(() => server.close())

let client: OptaveClientPromise
beforeAll(() => {
  // Exactly the production configuration, with a test token: MSW answers for acme.oco.optave.tech.
  client = createClient({ tenant: "acme", tld: "tech", token: "test-token", retry: { baseDelayMs: 10 } })
})
afterAll(() => client.close())

const ticket: Ticket = {
  ticketId: "ticket-42",
  organizationId: "org-acme",
  replyToMessageId: "message-2",
  draftReply: "we can rebook you tomorrow",
  conversation: {
    conversationId: "conversation-42",
    participants: [
      { participantId: "customer", displayName: "John Doe", role: "user" },
      { participantId: "agent", displayName: "Sam", role: "operator" }
    ],
    messages: [
      { participantId: "customer", content: "My flight was cancelled and nobody told me. This is unacceptable.", timestamp: "2026-11-20T09:00:00Z" },
      { participantId: "agent", content: "I am sorry to hear that, let me check.", timestamp: "2026-11-20T09:01:00Z" }
    ]
  }
}

describe("reviewTicket", () => {
  for (const transport of ["ws", "rest"] as const) {
    it(`shows sentiment, criteria and an improved reply (${transport})`, async () => {
      const review = await createSupportAssistant(client, { transport }).reviewTicket(ticket)
      expect(review.warnings).toEqual([])
      expect(review.sentiment?.label).toBe("negative")
      expect(review.criteria.length).toBeGreaterThan(0)
      expect(review.criteria.every((criterion) => typeof criterion.criterion === "string" && typeof criterion.score === "number")).toBe(true)
      expect(review.improved).toBe(true)
      expect(review.suggestedReply).not.toBe(ticket.draftReply)
    })
  }

  it("sends the ticket's conversation, organization and draft", async () => {
    await createSupportAssistant(client).reviewTicket(ticket)
    const [insights] = optave.requests("insights")
    const [elevate] = optave.requests("elevate")
    expect(insights?.payload.request.scope.conversations[0]).toEqual(ticket.conversation)
    expect(insights?.payload.request.context.organizationId).toBe("org-acme")
    expect(elevate?.payload.request.attributes.content).toBe(ticket.draftReply)
    expect(elevate?.payload.request.connections).toEqual({ threadId: "ticket-42", parentId: "message-2" })
  })

  it("uses the reply we scripted for this ticket", async () => {
    optave.use({ action: "elevate", results: { improve_answer: "Hello John, I am sorry about the cancellation. I rebooked you on tomorrow's 9:00 flight." } })
    const review = await createSupportAssistant(client).reviewTicket(ticket)
    expect(review.suggestedReply).toBe("Hello John, I am sorry about the cancellation. I rebooked you on tomorrow's 9:00 flight.")
  })

  it("retries through a 503 with Retry-After and then succeeds", async () => {
    optave.use({ action: "elevate", http: { status: 503, retryAfterMs: 20 } })
    const review = await createSupportAssistant(client, { transport: "rest" }).reviewTicket(ticket)
    expect(review.improved).toBe(true)
    const attempts = optave.requests("elevate")
    expect(attempts).toHaveLength(2)
    expect(new Set(attempts.map((attempt) => attempt.idempotencyKey)).size).toBe(1)
  })

  it("keeps the agent's draft and warns when elevate is in error", async () => {
    optave.use({ action: "elevate", error: { message: "Model overloaded, try again later" } })
    const review = await createSupportAssistant(client).reviewTicket(ticket)
    expect(review.suggestedReply).toBe(ticket.draftReply)
    expect(review.improved).toBe(false)
    expect(review.warnings).toEqual(["improve_answer is unavailable: Model overloaded, try again later"])
    expect(review.sentiment).toBeDefined()
  })

  it("still improves the reply when the sentiment analysis fails", async () => {
    optave.use({ action: "insights", error: { superpower: "sentiment_analysis", message: "Sentiment model unavailable" } })
    const review = await createSupportAssistant(client, { transport: "rest" }).reviewTicket(ticket)
    expect(review.sentiment).toBeUndefined()
    // The completed performance criteria are not thrown away with the failed sentiment analysis.
    expect(review.criteria.length).toBeGreaterThan(0)
    expect(review.improved).toBe(true)
    expect(review.warnings).toEqual(["sentiment_analysis is unavailable: Sentiment model unavailable"])
  })

  it("does not hide an authentication failure", async () => {
    const revoked = createClient({ tenant: "acme", tld: "tech", token: "revoked-token" })
    try {
      await expect(createSupportAssistant(revoked).reviewTicket(ticket)).rejects.toMatchObject({ _tag: "AuthError" })
      await expect(createSupportAssistant(revoked, { transport: "rest" }).reviewTicket(ticket)).rejects.toMatchObject({ _tag: "AuthError" })
    } finally {
      await revoked.close()
    }
  })
})

import type { ElevatePayload } from "./actions/elevate.ts"
import type { InsightsPayload } from "./actions/insights.ts"

// The API's own example requests (seeds: Insights and Elevate pages, 3.2.x), kept verbatim so
// tests, the demo and the docs all use what the service documents.

/** The Insights page's example payload (the flight rebooking conversation). */
export const insightsExample = {
  session: {
    sessionId: "a1b2c3d4-e5f6-7890-abcd-123456789012",
    channel: { language: "en-US" },
    interface: { type: "chat" }
  },
  request: {
    requestId: "a1b2c3d4-e5f6-7890-1234-56789ab2345",
    attributes: { variant: "A" },
    connections: { journeyId: "", parentId: "", threadId: "9e8d7c6b-5a49-3827-1605-948372615abc" },
    context: {
      caseId: "",
      departmentId: "",
      operatorId: "",
      organizationId: "f7e8d9c0-b1a2-3456-7890-123456789abc",
      userId: ""
    },
    reference: { ids: [{ name: "", value: "" }], labels: [], tags: [] },
    resources: { codes: [], links: [], offers: [] },
    scope: {
      conversations: [
        {
          conversationId: "",
          participants: [
            { participantId: "2c4f8a9b-1d3e-5f70-8293-456789012def", displayName: "Alice Hawthorne", role: "user" },
            { participantId: "5b8c9d0e-2f4a-6b1c-9d8e-123456789abc", displayName: "Tom Callahan", role: "operator" }
          ],
          messages: [
            {
              content: "My flight was cancelled and I need to rebook",
              participantId: "2c4f8a9b-1d3e-5f70-8293-456789012def",
              timestamp: "2024-01-15T10:30:00.000Z"
            },
            {
              content:
                "I understand this is frustrating. Let me help you with rebooking your flight. Could you please provide your booking reference?",
              participantId: "5b8c9d0e-2f4a-6b1c-9d8e-123456789abc",
              timestamp: "2024-01-15T10:30:30.000Z"
            },
            {
              content: "Sure, it is XYZ789",
              participantId: "2c4f8a9b-1d3e-5f70-8293-456789012def",
              timestamp: "2024-01-15T10:31:00.000Z"
            }
          ],
          metadata: {}
        }
      ],
      interactions: [
        {
          content: "Support ticket T12345 has been created for user Alice Hawthorne",
          id: "1",
          name: "ticket_created",
          role: "system",
          timestamp: "2024-01-15T10:29:45.000Z"
        }
      ]
    }
  }
} satisfies InsightsPayload

/** The Elevate page's example payload (its curl body: a greeting draft to improve). */
export const elevateExample = {
  session: {
    sessionId: "a1b2c3d4-e5f6-7890-abcd-123456789012",
    channel: { language: "en-US" },
    interface: { type: "chat" }
  },
  request: {
    requestId: "a1b2c3d4-e5f6-7890-1234-56789ab2345",
    attributes: { content: "Hello! How can I assist you today?", variant: "A" },
    connections: { parentId: "9e8d7c6b-5a4f-3e2d-1c0b-0987654321ab", threadId: "9e8d7c6b-5a49-3827-1605-948372615abc" },
    context: { organizationId: "f7e8d9c0-b1a2-3456-7890-123456789abc" },
    scope: {
      conversations: [
        {
          conversationId: "7f6e5d4c-3b2a-1098-fedc-ba9876543210",
          participants: [{ participantId: "2c4f8a9b-1d3e-5f70-8293-456789012def", displayName: "John Doe", role: "user" }],
          messages: [
            {
              content: "Hi, can you help me?",
              participantId: "2c4f8a9b-1d3e-5f70-8293-456789012def",
              timestamp: "2024-01-15T10:30:00.000Z"
            }
          ],
          metadata: {}
        }
      ]
    }
  }
} satisfies ElevatePayload

/**
 * The Insights page's WebSocket example, verbatim: the official client's frame (sdkVersion 3.2.1)
 * around `insightsExample`. Its ids are no UUID v7 and it has no `issuedAt`: a server that
 * validates like the official schema (correlationId, action, schemaRef) must still accept it.
 */
export const insightsPageFrame = {
  headers: {
    correlationId: "20e35101-61e8-46e0-926d-6af84b378d95",
    tenantId: "6e3j5hdgemmjmoqih5u9b4mmqhrr",
    traceId: "405101-61e8-46e0-926d-6af84b378d95",
    idempotencyKey: "30e35101-61e8-46e0-926d-6af84b378d95",
    identifier: "message",
    action: "insights",
    schemaRef: "optave.message.v3",
    sdkVersion: "3.2.1",
    timestamp: "2025-09-05T16:30:00.000Z"
  },
  payload: insightsExample,
  action: "message"
} as const

// The insights request both apps send (the schema's documented example), as a support tool would send it.
export const conversation = {
  session: { sessionId: "a1b2c3d4-e5f6-7890-abcd-123456789012", channel: { language: "en-US" }, interface: { type: "chat" } },
  request: {
    requestId: "bundled-app-request",
    attributes: { variant: "A" },
    connections: { journeyId: "", parentId: "", threadId: "9e8d7c6b-5a49-3827-1605-948372615abc" },
    context: { caseId: "", departmentId: "", operatorId: "", organizationId: "f7e8d9c0-b1a2-3456-7890-123456789abc", userId: "" },
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
              content: "I understand this is frustrating. Let me help you with rebooking your flight. Could you please provide your booking reference?",
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
}

/** What an app reports: the state of each superpower over each transport, and the paths of a refused payload. */
export const runApp = async (client) => {
  const statesOf = (result) => Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state]))
  try {
    const overSocket = statesOf(await client.insights(conversation))
    const overRest = statesOf(await client.insights(conversation, { transport: "rest" }))
    const refused = await client.insights({ session: conversation.session }).then(
      () => "accepted",
      (error) => ({ tag: error._tag, paths: error.issues?.map((issue) => issue.path) })
    )
    return { platform: JSON.parse(JSON.stringify(client)).platform, overSocket, overRest, refused }
  } catch (error) {
    return { platform: JSON.parse(JSON.stringify(client)).platform, error: { tag: error._tag, code: error.code, retryable: error.retryable, message: error.message, cause: error.cause?.message } }
  } finally {
    await client.close()
  }
}

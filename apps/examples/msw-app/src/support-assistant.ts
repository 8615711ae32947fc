import { improvedAnswer, type Conversation, type OptaveClientPromise, type PerformanceCriterion, type SentimentAnalysis } from "@org/optave-node"

/** A support ticket as this app holds it: the conversation so far and the agent's draft reply. */
export interface Ticket {
  readonly ticketId: string
  readonly organizationId: string
  readonly conversation: Conversation
  /** The agent's reply, not sent yet. */
  readonly draftReply: string
  /** Id of the message the draft answers. */
  readonly replyToMessageId: string
}

/** What the assistant shows next to the ticket. */
export interface TicketReview {
  /** The customer's mood, when the analysis succeeded. */
  readonly sentiment: SentimentAnalysis | undefined
  /** How the agent did so far, per criterion. */
  readonly criteria: ReadonlyArray<PerformanceCriterion>
  /** The improved reply, or the agent's own draft when it could not be improved. */
  readonly suggestedReply: string
  /** Whether `suggestedReply` differs from the draft because Optave improved it. */
  readonly improved: boolean
  /** What went wrong without blocking the agent (a superpower in error). */
  readonly warnings: ReadonlyArray<string>
}

export interface SupportAssistantOptions {
  /** `rest` for one-shot calls from a backend job, `ws` (default) on a long-lived process. */
  readonly transport?: "ws" | "rest"
}

const contentOf = (outcome: { readonly results: ReadonlyArray<{ readonly response?: ReadonlyArray<{ readonly content?: unknown }> }> } | undefined): unknown =>
  outcome?.results[0]?.response?.[0]?.content

const isSentiment = (value: unknown): value is SentimentAnalysis =>
  typeof value === "object" && value !== null && typeof (value as { label?: unknown }).label === "string" && typeof (value as { score?: unknown }).score === "number"

/**
 * The assistant: for a ticket, asks Optave for insights (sentiment, performance criteria) and to
 * elevate the agent's draft, both at once; a superpower in error turns into a warning and the
 * draft is kept, so the agent is never blocked.
 */
export const createSupportAssistant = (client: OptaveClientPromise, options: SupportAssistantOptions = {}) => {
  const transport = options.transport ?? "ws"

  const reviewTicket = async (ticket: Ticket): Promise<TicketReview> => {
    const request = {
      context: { organizationId: ticket.organizationId },
      connections: { threadId: ticket.ticketId, parentId: ticket.replyToMessageId },
      scope: { conversations: [ticket.conversation] }
    }
    // A superpower in error does not reject: it is in `result.errors`, beside the completed ones.
    // Anything else (auth, network, timeout) rejects and is the caller's problem.
    const [insights, elevated] = await Promise.all([
      client.insights({ request: { ...request, requestId: `${ticket.ticketId}-insights` } }, { transport }),
      client.elevate({ request: { ...request, requestId: `${ticket.ticketId}-elevate`, attributes: { content: ticket.draftReply } } }, { transport })
    ])
    const warnings = [...insights.errors, ...elevated.errors].map((error) => `${error.superpower} is unavailable: ${error.reason}`)
    const mood = contentOf(insights.superpowers.sentiment_analysis)
    const sentiment = isSentiment(mood) ? mood : undefined
    const scores = contentOf(insights.superpowers.performance_criteria)
    const criteria: ReadonlyArray<PerformanceCriterion> = Array.isArray(scores) ? (scores as ReadonlyArray<PerformanceCriterion>) : []
    const better = improvedAnswer(elevated)
    const suggestedReply = better !== undefined && better.trim() !== "" ? better : ticket.draftReply
    return { sentiment, criteria, suggestedReply, improved: suggestedReply !== ticket.draftReply, warnings }
  }

  return { reviewTicket }
}

export type SupportAssistant = ReturnType<typeof createSupportAssistant>

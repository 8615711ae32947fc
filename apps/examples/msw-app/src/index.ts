// Example app: a support assistant built on @org/optave-node (see README.md).
export { createSupportAssistant, type SupportAssistant, type SupportAssistantOptions, type Ticket, type TicketReview } from "./support-assistant.ts"

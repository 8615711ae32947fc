import type Type from "typebox"
import { AdjustPayload } from "./actions/adjust.ts"
import { CustomerInteractionPayload } from "./actions/customerinteraction.ts"
import { ElevatePayload } from "./actions/elevate.ts"
import { InsightsPayload } from "./actions/insights.ts"
import { InteractionPayload } from "./actions/interaction.ts"
import { ReceptionPayload } from "./actions/reception.ts"
import { RecommendPayload } from "./actions/recommend.ts"
import { SummarizePayload } from "./actions/summarize.ts"
import { TranslatePayload } from "./actions/translate.ts"

export interface ActionDefinition {
  /** Name on the wire: envelope `headers.action` and the REST path segment (lowercase). */
  readonly wireName: string
  /** REST path under the tenant's host. */
  readonly restPath: string
  /** Schema of the payload `{ session, request }`. */
  readonly payload: Type.TSchema
  /** Superpowers (`actionType`) a request of this action is expected to produce; it ends when each is completed or in error. */
  readonly superpowers: ReadonlyArray<string>
  /** One sentence for docs and generated JSDoc. */
  readonly summary: string
  /** Set on the deprecated alias: the action that replaces it. */
  readonly deprecatedFor?: string
  /**
   * Other spellings of the wire name that clients send and a server must accept as this action
   * (the official JavaScript client's runtime sends the deprecated alias as `customerInteraction`).
   */
  readonly alsoReceivedAs?: ReadonlyArray<string>
  /** Where the superpower list comes from: the API's pages, or our inference (configurable per client). */
  readonly superpowersSource: "documented" | "inferred"
}

/**
 * The action catalog: data the generator reads (not code it parses). Superpowers of
 * insights, elevate, translate and adjust are documented; interaction's are mentioned by the docs;
 * the others are inferred as one superpower named after the action, and clients can override them.
 */
export const actionCatalog = {
  insights: {
    wireName: "insights",
    restPath: "/message/insights",
    payload: InsightsPayload,
    superpowers: ["performance_criteria", "sentiment_analysis"],
    summary: "Evaluate the agent's performance against several criteria and analyse customer sentiment.",
    superpowersSource: "documented"
  },
  elevate: {
    wireName: "elevate",
    restPath: "/message/elevate",
    payload: ElevatePayload,
    superpowers: ["improve_answer"],
    summary: "Improve the agent's draft answer: tone, mistakes and missing context.",
    superpowersSource: "documented"
  },
  summarize: {
    wireName: "summarize",
    restPath: "/message/summarize",
    payload: SummarizePayload,
    superpowers: ["summarize"],
    summary: "Summarize the conversation.",
    superpowersSource: "inferred"
  },
  translate: {
    wireName: "translate",
    restPath: "/message/translate",
    payload: TranslatePayload,
    superpowers: ["translate"],
    summary: "Translate the conversation or the given content.",
    superpowersSource: "documented"
  },
  recommend: {
    wireName: "recommend",
    restPath: "/message/recommend",
    payload: RecommendPayload,
    superpowers: ["recommend"],
    summary: "Recommend the offers that fit the conversation.",
    superpowersSource: "inferred"
  },
  adjust: {
    wireName: "adjust",
    restPath: "/message/adjust",
    payload: AdjustPayload,
    superpowers: ["adjust"],
    summary: "Rewrite the agent's draft answer following an instruction.",
    superpowersSource: "documented"
  },
  interaction: {
    wireName: "interaction",
    restPath: "/message/interaction",
    payload: InteractionPayload,
    superpowers: ["sentiment_analysis", "risk_assessment"],
    summary: "Analyse the customer interaction: sentiment and risk.",
    superpowersSource: "documented"
  },
  reception: {
    wireName: "reception",
    restPath: "/message/reception",
    payload: ReceptionPayload,
    superpowers: ["reception"],
    summary: "Triage an incoming conversation.",
    superpowersSource: "inferred"
  },
  customerinteraction: {
    wireName: "customerinteraction",
    restPath: "/message/customerinteraction",
    payload: CustomerInteractionPayload,
    superpowers: ["sentiment_analysis", "risk_assessment"],
    summary: "Deprecated alias of interaction, sent lowercase on the wire.",
    deprecatedFor: "interaction",
    alsoReceivedAs: ["customerInteraction"],
    superpowersSource: "documented"
  }
} as const satisfies Record<string, ActionDefinition>

export type ActionName = keyof typeof actionCatalog
export const actionNames = Object.keys(actionCatalog) as ReadonlyArray<ActionName>

/** Payload type of each action, by name. */
export interface ActionPayloads {
  readonly insights: InsightsPayload
  readonly elevate: ElevatePayload
  readonly summarize: SummarizePayload
  readonly translate: TranslatePayload
  readonly recommend: RecommendPayload
  readonly adjust: AdjustPayload
  readonly interaction: InteractionPayload
  readonly reception: ReceptionPayload
  readonly customerinteraction: CustomerInteractionPayload
}

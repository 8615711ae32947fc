// Valid payloads for every action, built from the API's own examples (the seeds' Insights and
// Elevate pages), so the chaos run, the benchmarks and the fuzz run all send what the service
// documents. Each call returns a fresh object with its own requestId (= correlation id).
import type { ActionName, ActionPayloads } from "@org/optave-core"
import { validatePayload } from "@org/optave-core/validate"
import { elevateExample, insightsExample } from "@org/optave-schema"

/** The eight current actions (the deprecated `customerinteraction` alias is left out). */
export const CURRENT_ACTIONS = ["insights", "elevate", "summarize", "translate", "recommend", "adjust", "interaction", "reception"] as const satisfies ReadonlyArray<ActionName>
export type CurrentAction = (typeof CURRENT_ACTIONS)[number]

/** Every action of the catalog, the deprecated alias included. */
export const ALL_ACTIONS = [...CURRENT_ACTIONS, "customerinteraction"] as const satisfies ReadonlyArray<ActionName>

type Payload = { session?: unknown; request: Record<string, unknown> & { requestId?: string } }

const clone = <A>(value: A): A => structuredClone(value)

/** A valid payload of `action` whose `request.requestId` is `requestId`. */
export const seedPayload = <A extends ActionName>(action: A, requestId: string): ActionPayloads[A] => buildPayload(action, requestId) as unknown as ActionPayloads[A]

/** The same payload as a plain JSON object, for code that mutates it (the fuzz run). */
export const seedPayloadJson = (action: ActionName, requestId: string): Payload => buildPayload(action, requestId)

const buildPayload = (action: ActionName, requestId: string): Payload => {
  switch (action) {
    case "elevate": {
      const payload = clone(elevateExample) as unknown as Payload
      payload.request.requestId = requestId
      return payload
    }
    case "adjust": {
      const payload = clone(elevateExample) as unknown as Payload
      payload.request.requestId = requestId
      payload.request["attributes"] = { content: "Hello! How can I assist you today?", instruction: "Make it warmer and shorter.", variant: "A" }
      return payload
    }
    case "recommend": {
      const payload = clone(insightsExample) as unknown as Payload
      payload.request.requestId = requestId
      payload.request["resources"] = {
        codes: [],
        links: [],
        offers: [
          { id: "offer-flex", name: "Flexible rebooking", price: 25 },
          { id: "offer-lounge", name: "Lounge access", price: 40 }
        ]
      }
      return payload
    }
    default: {
      const payload = clone(insightsExample) as unknown as Payload
      payload.request.requestId = requestId
      return payload
    }
  }
}

/** Checks once that every seed payload is valid, so a failure later is never the seed's fault. */
export const assertSeedPayloadsValid = (): void => {
  for (const action of ALL_ACTIONS) {
    const issues = validatePayload(action, seedPayload(action, `seed-${action}`))
    if (issues.length > 0) throw new Error(`seed payload of ${action} is invalid: ${JSON.stringify(issues)}`)
  }
}

import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { createScenarioEngine, type ActionName, type SuperpowerContents } from "../src/index.ts"
import { contentOf, examplePayloads, restEventsOf, withCustomerWords } from "@org/optave-test-fixtures"

const completed = (action: ActionName, payload: unknown, seed = 1): Map<string, unknown> => {
  const engine = createScenarioEngine({ seed })
  const answer = engine.handleRest({ action, body: payload, authorization: "Bearer t" })
  expect(answer.status).toBe(200)
  return new Map(restEventsOf(answer).map((event) => [event.actionType, contentOf(event)]))
}

const POSITIVE = ["thanks", "great", "perfect", "excellent", "happy", "love", "awesome", "helpful", "wonderful"]
const NEGATIVE = ["terrible", "awful", "angry", "broken", "worst", "useless", "horrible", "disappointed", "unacceptable"]
const NEUTRAL = ["the", "table", "seven", "blue", "tuesday", "window", "paper", "number"]
const sentence = (pool: ReadonlyArray<string>) =>
  fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 8 }).map((words) => words.join(" "))

describe("insights", () => {
  it("scores performance criteria from 0 to 100 with a rationale, for any seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const criteria = completed("insights", examplePayloads.insights, seed).get(
          "performance_criteria"
        ) as SuperpowerContents["performance_criteria"]
        const names = criteria.map((criterion) => criterion.criterion)
        expect(names).toEqual(expect.arrayContaining(["empathy", "resolution", "clarity", "professionalism"]))
        for (const criterion of criteria) {
          expect(Number.isInteger(criterion.score) && criterion.score >= 0 && criterion.score <= 100).toBe(true)
          expect(criterion.rationale.length).toBeGreaterThan(10)
        }
      }),
      { numRuns: 50 }
    )
  })

  it("rates an empathetic operator higher on empathy than a curt one", () => {
    const withOperator = (text: string) => {
      const payload = structuredClone(examplePayloads.insights)
      payload.request.scope.conversations[0]!.messages![1]!.content = text
      return payload
    }
    const empathy = (text: string, seed: number) =>
      (completed("insights", withOperator(text), seed).get("performance_criteria") as SuperpowerContents["performance_criteria"]).find(
        (criterion) => criterion.criterion === "empathy"
      )!.score
    for (let seed = 1; seed <= 10; seed++) {
      expect(empathy("I understand, I am so sorry for the inconvenience and I appreciate your patience.", seed)).toBeGreaterThan(
        empathy("Reference?", seed)
      )
    }
  })

  it("derives the sentiment label from the customer's words, with a score in [-1, 1] that agrees with it", () => {
    const label = (words: string) => {
      const sentiment = completed("insights", withCustomerWords([words])).get(
        "sentiment_analysis"
      ) as SuperpowerContents["sentiment_analysis"]
      expect(sentiment.score).toBeGreaterThanOrEqual(-1)
      expect(sentiment.score).toBeLessThanOrEqual(1)
      expect(
        sentiment.label === "positive"
          ? sentiment.score > 0
          : sentiment.label === "negative"
          ? sentiment.score < 0
          : Math.abs(sentiment.score) <= 0.15
      ).toBe(true)
      return sentiment.label
    }
    for (const [pool, expected] of [
      [POSITIVE, "positive"],
      [NEGATIVE, "negative"],
      [NEUTRAL, "neutral"]
    ] as const) {
      fc.assert(
        fc.property(sentence(pool), (words) => {
          expect(label(words)).toBe(expected)
        }),
        { numRuns: 30 }
      )
    }
  })
})

describe("elevate", () => {
  it("greets the customer by first name, keeps the draft's substance and adds a sentence", () => {
    const draft = examplePayloads.elevate.request.attributes.content
    const improved = completed("elevate", examplePayloads.elevate).get("improve_answer") as string
    expect(improved).toMatch(/^Hello, John!/u)
    expect(improved).toContain("How can I assist you today?")
    expect(improved.length).toBeGreaterThan(draft.length)
  })

  it("works without a customer name", () => {
    const payload = structuredClone(examplePayloads.elevate)
    payload.request.scope.conversations[0]!.participants = []
    expect(completed("elevate", payload).get("improve_answer")).toMatch(/^Hello! /u)
  })
})

describe("adjust", () => {
  const adjust = (instruction: string) => {
    const payload = structuredClone(examplePayloads.adjust)
    payload.request.attributes.instruction = instruction
    return { draft: payload.request.attributes.content, adjusted: completed("adjust", payload).get("adjust") as string }
  }

  it("makes it shorter", () => {
    const { draft, adjusted } = adjust("make it shorter")
    expect(adjusted.length).toBeLessThan(draft.length)
  })

  it("makes it more formal", () => {
    const { adjusted } = adjust("make it more formal")
    expect(adjusted).not.toMatch(/can't|i'll/iu)
    expect(adjusted).toContain("Kind regards.")
  })

  it("removes what it is told to remove", () => {
    expect(adjust('remove "now"').adjusted).not.toMatch(/\bnow\b/u)
  })

  it("always changes the draft somehow", () => {
    const { draft, adjusted } = adjust("sprinkle some magic")
    expect(adjusted).not.toBe(draft)
  })
})

describe("other actions", () => {
  it("recommend picks offers from the request, the matching one first", () => {
    const recommendations = completed("recommend", examplePayloads.recommend).get("recommend") as SuperpowerContents["recommend"]
    const offers = examplePayloads.recommend.request.resources.offers
    expect(recommendations.length).toBeGreaterThan(0)
    for (const recommendation of recommendations) {
      expect(offers).toContainEqual(recommendation.offer)
      expect(recommendation.confidence).toBeGreaterThanOrEqual(0)
      expect(recommendation.confidence).toBeLessThanOrEqual(1)
    }
    expect((recommendations[0]!.offer as { id?: unknown }).id).toBe("o2")
  })

  it("translate answers in the channel's language", () => {
    const translation = completed("translate", examplePayloads.translate).get("translate") as SuperpowerContents["translate"]
    expect(translation.targetLanguage).toBe("fr-FR")
    expect(translation.translations).toHaveLength(3)
    expect(translation.translations[0]!.text).not.toBe(translation.translations[0]!.original)
  })

  it("summarize names the customer and quotes the conversation", () => {
    const summary = completed("summarize", examplePayloads.summarize).get("summarize") as string
    expect(summary).toContain("Alice Hawthorne")
    expect(summary).toContain("My flight was cancelled")
  })

  it("interaction assesses sentiment and risk; risk grows with legal threats and refunds", () => {
    const contents = completed("interaction", examplePayloads.interaction)
    expect(contents.get("sentiment_analysis")).toMatchObject({ label: expect.stringMatching(/^(positive|neutral|negative)$/u) })
    const calm = contents.get("risk_assessment") as SuperpowerContents["risk_assessment"]
    const angry = completed("interaction", withCustomerWords(["This is unacceptable, I want a refund or I call my lawyer"])).get(
      "risk_assessment"
    ) as SuperpowerContents["risk_assessment"]
    expect(angry.factors).toEqual(expect.arrayContaining(["legal", "financial", "escalation"]))
    expect(angry.score).toBeGreaterThan(calm.score)
    expect(angry.level).toBe("high")
  })

  it("reception triages intent and priority", () => {
    const triage = completed("reception", examplePayloads.reception).get("reception") as SuperpowerContents["reception"]
    expect(triage).toMatchObject({ intent: "cancellation", language: "en-US" })
    const urgent = completed("reception", withCustomerWords(["My password does not work, urgent!"])).get(
      "reception"
    ) as SuperpowerContents["reception"]
    expect(urgent).toMatchObject({ intent: "technical", priority: "urgent" })
  })
})

import type {
  OfferRecommendation,
  PerformanceCriterion,
  ReceptionTriage,
  RiskAssessment,
  SentimentAnalysis,
  Translation
} from "@org/optave-core/validate"
import { firstNameOf, readConversation, wordsOf, type AnyActionPayload, type ConversationReading } from "./conversation-reading.ts"
import type { SeededRandom } from "./seeded-random.ts"

// Plausible, seeded answers per superpower. The API's pages leave the contents open ("//?"), so
// these shapes are ours, written once as inferred schemas in @org/optave-schema
// (superpower-results.ts); a scenario can replace any of them with its own typed content.

/** Content of a completed event, per superpower (results[0].response[0].content). */
export interface SuperpowerContents {
  readonly performance_criteria: ReadonlyArray<PerformanceCriterion>
  readonly sentiment_analysis: SentimentAnalysis
  readonly improve_answer: string
  readonly translate: Translation
  readonly summarize: string
  readonly adjust: string
  readonly recommend: ReadonlyArray<OfferRecommendation>
  readonly risk_assessment: RiskAssessment
  readonly reception: ReceptionTriage
}

export type KnownSuperpower = keyof SuperpowerContents

/** Content type of a superpower by name; `unknown` for superpowers the engine does not know. */
export type SuperpowerContent<Superpower extends string> = Superpower extends KnownSuperpower ? SuperpowerContents[Superpower] : unknown

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value))
const round2 = (value: number): number => Math.round(value * 100) / 100
const countHits = (words: ReadonlyArray<string>, lexicon: ReadonlySet<string>): Array<string> => words.filter((word) => lexicon.has(word))
const unique = <T>(items: ReadonlyArray<T>): Array<T> => [...new Set(items)]
const quoteList = (words: ReadonlyArray<string>): string =>
  unique(words)
    .slice(0, 3)
    .map((word) => `"${word}"`)
    .join(", ")
const endWithPunctuation = (text: string): string => (/[.!?]$/u.test(text) ? text : `${text}.`)

// ---- sentiment -------------------------------------------------------------------------------

const POSITIVE = new Set(
  "thanks thank great good perfect excellent happy love awesome helpful appreciate appreciated wonderful nice resolved glad fantastic pleased amazing brilliant merci super parfait génial gracias genial danke".split(
    " "
  )
)
const NEGATIVE = new Set(
  "cancelled canceled cancel problem issue issues broken angry terrible awful bad frustrated frustrating never worst refund complaint delay delayed wrong lost unhappy disappointed disappointing hate useless ridiculous unacceptable horrible annulé problème retard nul".split(
    " "
  )
)

/** Sentiment of the customer's words: (positive - negative) / (positive + negative + 1), plus a little seeded noise. */
export const sentimentOf = (reading: ConversationReading, random: SeededRandom): SentimentAnalysis => {
  const words = reading.customerTexts.flatMap(wordsOf)
  const positive = countHits(words, POSITIVE).length
  const negative = countHits(words, NEGATIVE).length
  const raw = (positive - negative) / (positive + negative + 1)
  const score = round2(clamp(raw + (random.next() - 0.5) * 0.1, -1, 1))
  const label = score > 0.15 ? "positive" : score < -0.15 ? "negative" : "neutral"
  return { label, score }
}

// ---- performance criteria --------------------------------------------------------------------

const EMPATHY = new Set(
  "understand understood sorry apologize apologise apologies frustrating frustration appreciate patience inconvenience".split(" ")
)
const RESOLUTION = new Set(
  "help resolve resolved fix fixed rebook rebooking refund done sorted booking reference solution arrange check".split(" ")
)
const COURTESY = new Set("please thank thanks kindly welcome pleasure glad".split(" "))
const RUDENESS = new Set("lol dunno whatever idk nope gonna wanna".split(" "))

const criterion = (name: string, base: number, signal: number, random: SeededRandom, rationale: string): PerformanceCriterion => ({
  criterion: name,
  score: Math.round(clamp(base + signal + random.integer(-6, 6), 0, 100)),
  rationale
})

/** Scores the operator on empathy, resolution, clarity and professionalism (sometimes responsiveness). */
const performanceCriteriaOf = (reading: ConversationReading, random: SeededRandom): Array<PerformanceCriterion> => {
  const operator = reading.operatorName ?? "The operator"
  const words = reading.operatorTexts.flatMap(wordsOf)
  if (reading.operatorTexts.length === 0) {
    const none = "No operator message to evaluate yet."
    return ["empathy", "resolution", "clarity", "professionalism"].map((name) => criterion(name, 45, 0, random, none))
  }
  const empathy = countHits(words, EMPATHY)
  const resolution = countHits(words, RESOLUTION)
  const courtesy = countHits(words, COURTESY)
  const rudeness = countHits(words, RUDENESS)
  const averageLength = words.length / reading.operatorTexts.length
  const questions = reading.operatorTexts.filter((text) => text.includes("?")).length
  const clear = averageLength >= 6 && averageLength <= 40
  const criteria = [
    criterion(
      "empathy",
      68,
      Math.min(24, empathy.length * 9),
      random,
      empathy.length > 0
        ? `${operator} acknowledges the customer's situation (${quoteList(empathy)}).`
        : `${operator} moves on without acknowledging how the customer feels.`
    ),
    criterion(
      "resolution",
      64,
      Math.min(26, resolution.length * 7 + questions * 4),
      random,
      resolution.length > 0
        ? `${operator} drives toward a solution (${quoteList(resolution)})${questions > 0 ? " and asks for what is needed" : ""}.`
        : `${operator} has not yet proposed a concrete next step.`
    ),
    criterion(
      "clarity",
      clear ? 82 : 66,
      questions > 0 ? 4 : 0,
      random,
      clear
        ? `Messages are concise (about ${Math.round(averageLength)} words each) and easy to follow.`
        : `Messages average ${Math.round(averageLength)} words; ${
            averageLength < 6 ? "too terse to be fully clear" : "long enough to bury the key point"
          }.`
    ),
    criterion(
      "professionalism",
      74,
      Math.min(18, courtesy.length * 6) - rudeness.length * 15,
      random,
      rudeness.length > 0
        ? `Informal wording (${quoteList(rudeness)}) lowers the professional tone.`
        : courtesy.length > 0
        ? `Courteous wording (${quoteList(courtesy)}) and a professional tone.`
        : "Neutral, professional tone."
    )
  ]
  const replyDelays = replyDelaysInSeconds(reading)
  if (replyDelays.length > 0 && random.next() < 0.5) {
    const average = replyDelays.reduce((total, delay) => total + delay, 0) / replyDelays.length
    criteria.push(
      criterion(
        "responsiveness",
        average <= 60 ? 86 : average <= 300 ? 70 : 48,
        0,
        random,
        `${operator} replies after about ${Math.round(average)} seconds on average.`
      )
    )
  }
  return criteria
}

const replyDelaysInSeconds = (reading: ConversationReading): Array<number> => {
  const delays: Array<number> = []
  let customerAt: number | undefined
  for (const message of reading.messages) {
    const at = message.timestamp === undefined ? Number.NaN : Date.parse(message.timestamp)
    if (Number.isNaN(at)) continue
    if (message.role === "customer" && customerAt === undefined) customerAt = at
    if (message.role === "operator" && customerAt !== undefined) {
      delays.push(Math.max(0, (at - customerAt) / 1000))
      customerAt = undefined
    }
  }
  return delays
}

// ---- improve_answer and adjust ---------------------------------------------------------------

const GREETING = /^(hello|hi|hey|hiya|good (?:morning|afternoon|evening)|dear [^,!.]*|greetings)\b[^,!.?]*[,!.]?\s*/iu
const HELPFUL_SENTENCES = [
  "Could you please share a few more details so I can help you faster?",
  "I'll make sure this gets sorted out as quickly as possible.",
  "Let me know if there is anything else I can do for you.",
  "I'm happy to walk you through the next steps."
]

/** Greets the customer by name, keeps the draft's substance and adds a helpful sentence. */
const improvedAnswerOf = (draft: string, reading: ConversationReading, random: SeededRandom): string => {
  const name = firstNameOf(reading.customerName)
  const trimmed = draft.trim()
  const body = trimmed.replace(GREETING, "").trim()
  const greeting = name === undefined ? "Hello!" : `Hello, ${name}!`
  const helpful = random.pick(HELPFUL_SENTENCES.filter((sentence) => !body.includes(sentence)))
  const improvedBody =
    body.length === 0 ? "I'd be happy to assist you today." : endWithPunctuation(body.charAt(0).toUpperCase() + body.slice(1))
  return `${greeting} ${improvedBody} ${helpful}`
}

const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bcan't\b/giu, "cannot"],
  [/\bwon't\b/giu, "will not"],
  [/\bdon't\b/giu, "do not"],
  [/\bdoesn't\b/giu, "does not"],
  [/\bI'm\b/giu, "I am"],
  [/\bI'll\b/giu, "I will"],
  [/\bI'd\b/giu, "I would"],
  [/\bit's\b/giu, "it is"],
  [/\bwe're\b/giu, "we are"],
  [/\byou're\b/giu, "you are"]
]

/** Applies the instruction crudely: shorter, longer, more formal, friendlier, upper/lower case, remove "x". */
const adjustedContentOf = (content: string, instruction: string, reading: ConversationReading): string => {
  const wanted = instruction.toLowerCase()
  let text = content.trim()
  let changed = false
  const removal = /(?:remove|without|drop|delete)\s+["'“]?([^"'”]+?)["'”]?\s*$/iu.exec(instruction)
  if (removal?.[1]) {
    const target = removal[1].trim()
    const next = text
      .split(target)
      .join("")
      .replace(/\s{2,}/gu, " ")
      .trim()
    changed = changed || next !== text
    text = next
  }
  if (/short|concise|brief|trim|tighten|less/u.test(wanted)) {
    const sentences = text.match(/[^.!?]+[.!?]*/gu) ?? [text]
    const kept = sentences
      .slice(0, Math.max(1, Math.ceil(sentences.length / 2)))
      .join("")
      .trim()
    const words = kept.split(/\s+/u)
    text =
      words.length > 12
        ? `${words
            .slice(0, Math.ceil(words.length / 2))
            .join(" ")
            .replace(/[,;:]$/u, "")}.`
        : kept
    changed = true
  }
  if (/long|detail|elaborate|expand/u.test(wanted) && !/less|short/u.test(wanted)) {
    text = `${endWithPunctuation(text)} To give you the full picture, I'll explain each step and what happens next.`
    changed = true
  }
  if (/formal|professional|polite/u.test(wanted)) {
    for (const [pattern, replacement] of CONTRACTIONS) text = text.replace(pattern, replacement)
    text = text.replace(/^(hi|hey|hiya)\b/iu, "Good day").replace(/\bi\b/gu, "I")
    text = `${endWithPunctuation(text)} Kind regards.`
    changed = true
  }
  if (/casual|friendly|informal|warm|empath/u.test(wanted)) {
    text = text.replace(/^(hello|good day|dear)\b/iu, "Hi")
    const name = firstNameOf(reading.customerName)
    text = `${endWithPunctuation(text)} ${name === undefined ? "Happy to help!" : `Happy to help, ${name}!`}`
    changed = true
  }
  if (/upper ?case|capitals|caps/u.test(wanted)) {
    text = text.toUpperCase()
    changed = true
  } else if (/lower ?case/u.test(wanted)) {
    text = text.toLowerCase()
    changed = true
  }
  return changed ? text : `${endWithPunctuation(text)} (${instruction.trim()})`
}

// ---- translate and summarize -----------------------------------------------------------------

const DICTIONARIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  fr: {
    hello: "bonjour",
    hi: "salut",
    thanks: "merci",
    thank: "merci",
    you: "vous",
    please: "s'il vous plaît",
    yes: "oui",
    no: "non",
    flight: "vol",
    help: "aider",
    booking: "réservation",
    my: "mon",
    i: "je",
    and: "et",
    the: "le",
    is: "est",
    can: "pouvez",
    today: "aujourd'hui",
    cancelled: "annulé",
    need: "besoin",
    sure: "bien sûr",
    how: "comment"
  },
  es: {
    hello: "hola",
    hi: "hola",
    thanks: "gracias",
    thank: "gracias",
    you: "usted",
    please: "por favor",
    yes: "sí",
    no: "no",
    flight: "vuelo",
    help: "ayudar",
    booking: "reserva",
    my: "mi",
    i: "yo",
    and: "y",
    the: "el",
    is: "es",
    can: "puede",
    today: "hoy",
    cancelled: "cancelado",
    need: "necesito",
    sure: "claro",
    how: "cómo"
  },
  de: {
    hello: "hallo",
    hi: "hallo",
    thanks: "danke",
    thank: "danke",
    you: "Sie",
    please: "bitte",
    yes: "ja",
    no: "nein",
    flight: "Flug",
    help: "helfen",
    booking: "Buchung",
    my: "mein",
    i: "ich",
    and: "und",
    the: "der",
    is: "ist",
    can: "können",
    today: "heute",
    cancelled: "storniert",
    need: "brauche",
    sure: "sicher",
    how: "wie"
  }
}

const translateText = (text: string, target: string): string => {
  const dictionary = DICTIONARIES[target]
  if (dictionary === undefined) return target === "en" ? text : `[${target}] ${text}`
  return text.replace(/[\p{L}']+/gu, (word) => {
    const translated = dictionary[word.toLowerCase()]
    if (translated === undefined) return word
    return word.charAt(0) === word.charAt(0).toUpperCase() ? translated.charAt(0).toUpperCase() + translated.slice(1) : translated
  })
}

/** A word-for-word "translation" of the draft, or of every message, into the output language. */
const translationOf = (payload: AnyActionPayload, reading: ConversationReading): Translation => {
  const targetLanguage = reading.language
  const target = targetLanguage.toLowerCase().split("-")[0] ?? "en"
  const draft = payload.request.attributes?.content
  const sources =
    draft !== undefined && draft.length > 0
      ? [{ original: draft }]
      : reading.messages.map((message) => ({
          original: message.content,
          ...(message.participantId === undefined ? {} : { participantId: message.participantId })
        }))
  return {
    sourceLanguage: "en",
    targetLanguage,
    translations: sources.map((source) => ({ ...source, text: translateText(source.original, target) }))
  }
}

const clip = (text: string, length: number): string => (text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`)

/** A few sentences: who asked what, how the operator answered, how it feels. */
const summaryOf = (reading: ConversationReading, random: SeededRandom): string => {
  const customer = reading.customerName ?? "The customer"
  const operator = reading.operatorName ?? "the operator"
  const first = reading.customerTexts[0]
  const opening =
    first === undefined
      ? `${customer} opened a conversation.`
      : `${customer} ${random.pick(["wrote", "explained", "reported"])}: "${clip(first, 120)}".`
  const lastOperator = reading.operatorTexts.at(-1)
  const reply =
    lastOperator === undefined
      ? `No answer from ${operator} yet.`
      : `${operator.charAt(0).toUpperCase()}${operator.slice(1)} ${random.pick(["replied", "answered", "responded"])}: "${clip(
          lastOperator,
          120
        )}".`
  const sentiment = sentimentOf(reading, random)
  return `${opening} ${reply} ${reading.messages.length} message${
    reading.messages.length === 1 ? "" : "s"
  } exchanged; customer sentiment is ${sentiment.label}.`
}

// ---- recommend, risk, reception --------------------------------------------------------------

const offerLabel = (offer: unknown, index: number): string => {
  if (typeof offer === "string" && offer.length > 0) return offer
  if (typeof offer !== "object" || offer === null) return `offer ${index + 1}`
  for (const key of ["name", "title", "label", "id"]) {
    const value = (offer as Readonly<Record<string, unknown>>)[key]
    if (typeof value === "string" && value.length > 0) return value
  }
  return `offer ${index + 1}`
}
const stringsOf = (value: unknown): Array<string> =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
    ? value.flatMap(stringsOf)
    : value !== null && typeof value === "object"
    ? Object.values(value).flatMap(stringsOf)
    : []

/** Picks up to three offers, ranked by the words they share with the conversation. */
export const recommendationsOf = (
  offers: ReadonlyArray<unknown>,
  reading: ConversationReading,
  random: SeededRandom
): Array<OfferRecommendation> => {
  const conversationWords = new Set(reading.messages.flatMap((message) => wordsOf(message.content)).filter((word) => word.length > 3))
  const ranked = offers.map((offer, index) => {
    const shared = unique(
      stringsOf(offer)
        .flatMap(wordsOf)
        .filter((word) => conversationWords.has(word))
    )
    return { offer, index, shared, rank: shared.length + random.next() * 0.5 }
  })
  ranked.sort((left, right) => right.rank - left.rank)
  const customer = firstNameOf(reading.customerName) ?? "the customer"
  return ranked.slice(0, 3).map(({ offer, index, shared, rank }) => ({
    offer,
    confidence: round2(clamp(0.35 + rank * 0.15, 0, 0.99)),
    reason:
      shared.length > 0
        ? `"${offerLabel(offer, index)}" matches what ${customer} talked about (${quoteList(shared)}).`
        : `"${offerLabel(offer, index)}" is a good general fit for ${customer}.`
  }))
}

const RISK_FACTORS: ReadonlyArray<readonly [string, RegExp]> = [
  [
    "churn",
    /\b(cancel(?:led|ing)? (?:my )?(?:account|subscription|contract)|close my account|switch(?:ing)? to|competitor|leave|leaving)\b/iu
  ],
  ["legal", /\b(lawyer|legal|sue|court|attorney)\b/iu],
  ["escalation", /\b(manager|supervisor|complaint|escalate|unacceptable)\b/iu],
  ["financial", /\b(refund|chargeback|money back|compensation|reimburse)\b/iu]
]

/** Risk factors found in the customer's words, plus frustration from a negative sentiment. */
const riskOf = (reading: ConversationReading, random: SeededRandom): RiskAssessment => {
  const text = reading.customerTexts.join(" \n")
  const factors = RISK_FACTORS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name)
  if (sentimentOf(reading, random).label === "negative") factors.push("frustration")
  const score = round2(clamp(0.08 + factors.length * 0.22 + random.next() * 0.05, 0, 1))
  return { level: score < 0.34 ? "low" : score < 0.67 ? "medium" : "high", score, factors }
}

const INTENTS: ReadonlyArray<readonly [string, string, RegExp]> = [
  ["cancellation", "retention", /\bcancel/iu],
  ["booking", "reservations", /\b(flight|book|booking|rebook|reservation|ticket|seat)\b/iu],
  ["billing", "billing", /\b(invoice|charge|charged|payment|refund|bill|price)\b/iu],
  ["technical", "technical support", /\b(error|bug|crash|login|password|app|website|broken)\b/iu],
  ["account", "customer care", /\b(account|email|address|profile)\b/iu]
]

/** Intent, department and priority of an incoming conversation. */
const receptionOf = (reading: ConversationReading, random: SeededRandom): ReceptionTriage => {
  const text = reading.customerTexts.join(" \n")
  const [intent, department] = INTENTS.find(([, , pattern]) => pattern.test(text)) ?? ["general", "customer care"]
  const sentiment = sentimentOf(reading, random)
  const priority = /\b(urgent|asap|immediately|emergency|right now)\b/iu.test(text)
    ? "urgent"
    : sentiment.label === "negative"
    ? "high"
    : sentiment.label === "positive"
    ? "low"
    : "normal"
  const customer = reading.customerName ?? "A customer"
  const first = reading.customerTexts[0]
  return {
    intent,
    department,
    priority,
    language: reading.language,
    summary: first === undefined ? `${customer} reached out.` : `${customer} reached out about ${intent}: "${clip(first, 80)}".`
  }
}

// ---- dispatch ------------------------------------------------------------------------------

/** Content of the `completed` event of `superpower` for this payload; unknown superpowers get a short text. */
export const superpowerContent = (superpower: string, payload: AnyActionPayload, random: SeededRandom): unknown => {
  const reading = readConversation(payload)
  const attributes = payload.request.attributes
  switch (superpower) {
    case "performance_criteria":
      return performanceCriteriaOf(reading, random)
    case "sentiment_analysis":
      return sentimentOf(reading, random)
    case "improve_answer":
      return improvedAnswerOf(attributes?.content ?? reading.operatorTexts.at(-1) ?? "", reading, random)
    case "adjust":
      return adjustedContentOf(attributes?.content ?? reading.operatorTexts.at(-1) ?? "", attributes?.instruction ?? "", reading)
    case "translate":
      return translationOf(payload, reading)
    case "summarize":
      return summaryOf(reading, random)
    case "recommend":
      return recommendationsOf(payload.request.resources?.offers ?? [], reading, random)
    case "risk_assessment":
      return riskOf(reading, random)
    case "reception":
      return receptionOf(reading, random)
    default:
      return `Result of ${superpower} for ${reading.messages.length} message(s).`
  }
}

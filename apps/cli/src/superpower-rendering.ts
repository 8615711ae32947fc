import { superpowerError, type SuperpowerEvent } from "@org/optave-node"
import type { TerminalStyle } from "./terminal-style.ts"

// Readable renderings of superpower results. The API documents the shapes of
// performance_criteria and sentiment_analysis only; everything else is rendered defensively
// (text as text, known mock shapes when they match, compact JSON otherwise).

type Fields = Readonly<Record<string, unknown>>
const isFields = (value: unknown): value is Fields => value !== null && typeof value === "object" && !Array.isArray(value)
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined)
const number = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined)

/** Every `content` of an event's results, in order. */
export const contentsOf = (event: SuperpowerEvent): Array<unknown> =>
  (event.message?.results ?? []).flatMap((result) => (result.response ?? []).map((item) => item.content)).filter((content) => content !== undefined)

/** An `error` event as one line: the message, then the code in parentheses. */
export const errorTextOf = (event: SuperpowerEvent): string => {
  const { message, code } = superpowerError(event)
  return code === undefined ? message : `${message} (${code})`
}

/** Collapses whitespace and clips to `length` characters. */
export const clip = (value: string, length: number): string => {
  const flat = value.replace(/\s+/gu, " ").trim()
  return flat.length <= length ? flat : `${flat.slice(0, Math.max(1, length - 1)).trimEnd()}…`
}

interface Criterion {
  readonly criterion: string
  readonly score: number
  readonly rationale?: string
}
const criteriaOf = (contents: ReadonlyArray<unknown>): Array<Criterion> =>
  contents
    .flatMap((content) => (Array.isArray(content) ? content : [content]))
    .filter(isFields)
    .flatMap((item) => {
      const criterion = text(item.criterion) ?? text(item.name)
      const score = number(item.score)
      if (criterion === undefined || score === undefined) return []
      const rationale = text(item.rationale)
      return [rationale === undefined ? { criterion, score } : { criterion, score, rationale }]
    })

const sentimentOf = (contents: ReadonlyArray<unknown>): { readonly label: string; readonly score?: number } | undefined => {
  for (const content of contents) {
    if (!isFields(content)) continue
    const label = text(content.label) ?? text(content.sentiment)
    const score = number(content.score)
    if (label !== undefined) return score === undefined ? { label } : { label, score }
  }
  return undefined
}

const signed = (value: number): string => (value > 0 ? `+${value.toFixed(2)}` : value.toFixed(2))
const compactJson = (value: unknown): string => JSON.stringify(value) ?? String(value)

const texts = (contents: ReadonlyArray<unknown>): Array<string> => contents.flatMap((content) => text(content) ?? [])

const translationsOf = (contents: ReadonlyArray<unknown>): Array<{ readonly original?: string; readonly text: string; readonly target?: string }> =>
  contents.filter(isFields).flatMap((content) => {
    const target = text(content.targetLanguage)
    const list = Array.isArray(content.translations) ? content.translations.filter(isFields) : []
    return list.flatMap((item) => {
      const translated = text(item.text)
      if (translated === undefined) return []
      const original = text(item.original)
      return [{ text: translated, ...(original === undefined ? {} : { original }), ...(target === undefined ? {} : { target }) }]
    })
  })

const offerName = (offer: unknown): string => {
  if (!isFields(offer)) return "offer"
  return text(offer.name) ?? text(offer.title) ?? text(offer.label) ?? text(offer.id) ?? "offer"
}
const recommendationsOf = (contents: ReadonlyArray<unknown>) =>
  contents
    .flatMap((content) => (Array.isArray(content) ? content : [content]))
    .filter(isFields)
    .filter((item) => item.offer !== undefined)
    .map((item) => ({ name: offerName(item.offer), confidence: number(item.confidence), reason: text(item.reason) }))

/** A one-line summary of a completed superpower's results, for plain output and status lines. */
export const summariseContents = (superpower: string, contents: ReadonlyArray<unknown>, length = 100): string => {
  if (contents.length === 0) return ""
  const criteria = criteriaOf(contents)
  if (superpower === "performance_criteria" && criteria.length > 0) {
    return clip(criteria.map((item) => `${item.criterion}=${item.score}`).join(" "), length)
  }
  const sentiment = superpower === "sentiment_analysis" ? sentimentOf(contents) : undefined
  if (sentiment !== undefined) return sentiment.score === undefined ? sentiment.label : `${sentiment.label} ${signed(sentiment.score)}`
  const strings = texts(contents)
  if (strings.length === contents.length) return clip(strings.join(" "), length)
  const translations = translationsOf(contents)
  if (translations.length > 0) return clip(translations.map((item) => item.text).join(" / "), length)
  const recommendations = recommendationsOf(contents)
  if (recommendations.length > 0) {
    return clip(recommendations.map((item) => (item.confidence === undefined ? item.name : `${item.name} ${item.confidence.toFixed(2)}`)).join("; "), length)
  }
  const first = contents[0]
  if (isFields(first) && text(first.level) !== undefined) {
    const factors = Array.isArray(first.factors) ? first.factors.filter((factor) => typeof factor === "string") : []
    return clip(`${text(first.level)} ${number(first.score)?.toFixed(2) ?? ""}${factors.length > 0 ? ` (${factors.join(", ")})` : ""}`.replace(/\s+\(/u, " ("), length)
  }
  if (isFields(first) && text(first.intent) !== undefined) {
    return clip(`${text(first.intent)} → ${text(first.department) ?? "?"}${text(first.priority) === undefined ? "" : `, priority ${text(first.priority)}`}`, length)
  }
  return clip(contents.map(compactJson).join(" "), length)
}

/** Word-wraps `value` to `width` columns. */
const wrap = (value: string, width: number): Array<string> => {
  const lines: Array<string> = []
  for (const paragraph of value.split(/\n/u)) {
    let line = ""
    for (const word of paragraph.split(/\s+/u).filter((part) => part !== "")) {
      if (line !== "" && line.length + 1 + word.length > width) {
        lines.push(line)
        line = word
      } else line = line === "" ? word : `${line} ${word}`
    }
    lines.push(line)
  }
  return lines
}

const bar = (score: number, style: TerminalStyle): string => {
  const filled = Math.round(Math.min(100, Math.max(0, score)) / 10)
  const paint = score >= 80 ? style.green : score >= 60 ? style.yellow : style.red
  return paint("█".repeat(filled)) + style.dim("░".repeat(10 - filled))
}

/**
 * A readable, multi-line rendering of a completed superpower's results: per-criterion scores,
 * the sentiment label and score, texts wrapped, other shapes summarised. `width` is the
 * terminal's; lines are indented by two spaces.
 */
export const renderContents = (superpower: string, contents: ReadonlyArray<unknown>, style: TerminalStyle, width = 100): Array<string> => {
  if (contents.length === 0) return []
  const room = Math.max(30, width - 4)
  const criteria = criteriaOf(contents)
  if (criteria.length > 0) {
    const nameWidth = Math.max(...criteria.map((item) => item.criterion.length))
    return criteria.map((item) => {
      const head = `${item.criterion.padEnd(nameWidth)}  ${String(item.score).padStart(3)}  `
      const rationale = item.rationale === undefined ? "" : `  ${style.dim(clip(item.rationale, Math.max(10, room - head.length - 12)))}`
      return `  ${head}${bar(item.score, style)}${rationale}`
    })
  }
  const sentiment = sentimentOf(contents)
  if (sentiment !== undefined) {
    const paint = sentiment.label === "positive" ? style.green : sentiment.label === "negative" ? style.red : style.yellow
    return [`  sentiment ${paint(style.bold(sentiment.label))}${sentiment.score === undefined ? "" : ` (score ${signed(sentiment.score)}, from -1 to +1)`}`]
  }
  const strings = texts(contents)
  if (strings.length === contents.length) return strings.flatMap((value) => wrap(value, room)).map((line) => `  ${line}`)
  const translations = translationsOf(contents)
  if (translations.length > 0) {
    return translations.flatMap((item) => [
      ...(item.original === undefined ? [] : wrap(item.original, room).map((line) => `  ${style.dim(line)}`)),
      ...wrap(`${item.target === undefined ? "" : `[${item.target}] `}${item.text}`, room).map((line) => `  ${line}`)
    ])
  }
  const recommendations = recommendationsOf(contents)
  if (recommendations.length > 0) {
    return recommendations.map(
      (item) => `  ${style.bold(item.name)}${item.confidence === undefined ? "" : ` ${item.confidence.toFixed(2)}`}${item.reason === undefined ? "" : `  ${style.dim(clip(item.reason, room - item.name.length - 8))}`}`
    )
  }
  const summary = summariseContents(superpower, contents, room)
  if (!summary.startsWith("{") && !summary.startsWith("[")) return [`  ${summary}`]
  return contents
    .flatMap((content) => (JSON.stringify(content, null, 2) ?? "").split("\n"))
    .slice(0, 20)
    .map((line) => `  ${style.dim(line.length <= room ? line : `${line.slice(0, room - 1)}…`)}`)
}

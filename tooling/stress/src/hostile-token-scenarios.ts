// `pnpm hostile`, tokens as providers and endpoints really send them: a valid bearer
// token that cannot travel as a WebSocket subprotocol; a token source that fails for a while
// during a reconnect; a token fetch that hangs while the request has budget left; token answers
// that RFC 6749 allows (`expires_in` as a string) or that a client must refuse (`token_type: "mac"`).
import type { ServerResponse } from "node:http"
import type { WebSocket } from "ws"
import { check, client, contentOf, describeError, failureOf, heapAfterGcMb, payload, quiet, restClientWithCredentials, sleep, using, within, type Scenario } from "./hostile-harness.ts"
import { answerElevate, completedEvent, sendToken, startHttpServer, startWsServer, type HttpServer, type WsServer } from "./hostile-servers.ts"

/** Valid bearer tokens (RFC 6750 b64token) that are not valid subprotocol values (RFC 6455: a token, no separators) or clash with ours. */
const UNSAFE_TOKENS = ["c2VjcmV0L3Rva2VuK3dpdGg=", "part-one,part-two", "optave-v1"] as const

const answeringServer = () => startWsServer({ onEnvelope: (socket, envelope) => answerElevate(socket, envelope) })
const tokenEndpoint = (token: () => string) => startHttpServer((_request, response) => sendToken(response, token()))

// 2 ---------------------------------------------------------------------------------------------
export const unsafeSocketTokens: Scenario = {
  name: "token-that-is-not-a-subprotocol-value",
  item: 2,
  issue: 23,
  run: () =>
    using(async (track) => {
      // Main, `ws`: the process crashed (a SyntaxError thrown inside a `then`); global WebSocket:
      // 6-9 connection attempts, a token fetched for each, then REQUEST_TIMEOUT with no reason.
      const cases: Array<{ source: "provider" | "endpoint"; token: string; server: WsServer; auth?: HttpServer }> = []
      for (const token of UNSAFE_TOKENS) {
        cases.push({ source: "provider", token, server: track(await answeringServer()) })
        cases.push({ source: "endpoint", token, server: track(await answeringServer()), auth: track(await tokenEndpoint(() => token)) })
      }
      const outcomes = await within(
        10_000,
        Promise.all(
          cases.map(async ({ source, token, server, auth }) => {
            const credentials = auth === undefined ? { tokenProvider: () => token } : { clientId: "id", clientSecret: "secret", authenticationUrl: auth.url }
            const optave = track(client({ urls: { ws: server.url }, ...credentials, reconnect: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 }, timeouts: { ...quiet, requestMs: 6_000 } }))
            const started = performance.now()
            const error = await failureOf(optave.elevate(payload(`unsafe-${source}`)))
            return { source, token, server, error, ms: performance.now() - started }
          })
        ),
        `${cases.length} requests with unsafe tokens`
      )
      for (const { source, token, server, error, ms } of outcomes) {
        const where = `${source} token ${JSON.stringify(token)}: `
        check(typeof error?._tag === "string" && error._tag !== "TimeoutError", `${where}expected a typed refusal, got ${describeError(error)}`)
        check(/socketTokenTransport/.test(String(error.message)), `${where}the error does not say what to do (socketTokenTransport): ${describeError(error)}`)
        check(!String(error.message).includes(token) || token === "optave-v1", `${where}the error quotes the token`)
        check(server.connections() === 0, `${where}${server.connections()} connections were opened`)
        check(ms <= 2_000, `${where}refused after ${Math.round(ms)} ms`)
      }
      const first = outcomes[0]!.error
      return { detail: `${outcomes.length} unsafe tokens refused before any connection: ${describeError(first).slice(0, 70)}`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

// 3 ---------------------------------------------------------------------------------------------
/**
 * A reconnect while requests wait, with the token source failing for a while: the requests wait
 * for it within their own time, as they would for a failed connection.
 */
const tokenFailsDuringReconnect = (name: string, source: "endpoint-503" | "provider-rejects-once"): Scenario => ({
  name,
  item: 3,
  issue: 23,
  run: (size) =>
    using(async (track) => {
      // Main: every pending request failed with AuthError within a second.
      const failForMs = source === "provider-rejects-once" ? 0 : size === "quick" ? 2_000 : 3_000
      let failUntil = 0
      let tokenRequests = 0
      let refusals = 0
      const auth = track(
        await startHttpServer((_request, response) => {
          tokenRequests++
          if (performance.now() < failUntil) return void (refusals++, response.writeHead(503, { "content-type": "text/plain" }).end("maintenance"))
          sendToken(response, `token-${tokenRequests}`)
        })
      )
      // The first connection holds the `pending-*` requests (they are on the wire when it drops); later ones answer all.
      const connections: Array<WebSocket> = []
      const server = track(
        await startWsServer({
          onConnection: (socket) => void connections.push(socket),
          onEnvelope: (socket, envelope) => {
            const held = socket === connections[0] && String(envelope.payload.request?.requestId).startsWith("pending")
            if (!held) answerElevate(socket, envelope)
          }
        })
      )
      let providerCalls = 0
      const credentials =
        source === "provider-rejects-once"
          ? { tokenProvider: () => (++providerCalls === 2 ? Promise.reject(new Error("the token service is restarting")) : Promise.resolve(`token-${providerCalls}`)) }
          : { clientId: "id", clientSecret: "secret", authenticationUrl: auth.url }
      const optave = track(
        client({ urls: { ws: server.url }, ...credentials, reconnect: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 250 }, timeouts: { ...quiet, requestMs: 15_000, settleMs: 15_000 } })
      )
      check(contentOf(await within(5_000, optave.elevate(payload("warm")), "the first request")) === "ok:warm", "the first request failed")
      const pending = Array.from({ length: 3 }, (_, index) => optave.elevate(payload(`pending-${index}`)).then(contentOf, (error) => describeError(error)))
      await sleep(50)
      failUntil = performance.now() + failForMs
      connections[0]!.close(1012, "service restart")
      const started = performance.now()
      const contents = await within(failForMs + 10_000, Promise.all(pending), "the pending requests")
      contents.forEach((content, index) => check(content === `ok:pending-${index}`, `pending request ${index}: ${content}`))
      const what = source === "provider-rejects-once" ? `provider rejected once (${providerCalls} calls)` : `token endpoint 503 for ${failForMs} ms (${refusals} refusals, ${tokenRequests} requests)`
      return { detail: `${what} during a reconnect: 3 pending requests answered after ${Math.round(performance.now() - started)} ms`, heapMb: heapAfterGcMb(), connections: server.connections() }
    })
})

export const tokenEndpoint503 = tokenFailsDuringReconnect("token-endpoint-503-during-reconnect", "endpoint-503")
export const providerRejectsOnce = tokenFailsDuringReconnect("token-provider-rejects-once-during-reconnect", "provider-rejects-once")

/** The first token request gets its headers and half a body, then nothing; later ones are answered. */
const stallFirstTokenRequest = () => {
  let tokenRequests = 0
  return {
    requests: () => tokenRequests,
    handle: (response: ServerResponse) => {
      if (++tokenRequests === 1) {
        response.writeHead(200, { "content-type": "application/json" })
        response.write('{"access_token":')
      } else sendToken(response, `token-${tokenRequests}`)
    }
  }
}

export const hungTokenFetch: Scenario = {
  name: "token-fetch-hangs-while-the-request-has-budget",
  item: 3,
  issue: 23,
  run: () =>
    using(async (track) => {
      // Main: the request failed with TOKEN_TIMEOUT at `timeouts.tokenMs` (300 ms) with 4.7 s of its own budget left.
      const outcomes: Array<string> = []
      for (const transport of ["ws", "rest"] as const) {
        const stall = stallFirstTokenRequest()
        const auth = track(await startHttpServer((_request, response) => stall.handle(response)))
        const socket = track(await answeringServer())
        const rest = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "ok:rest")))))
        const optave = track(
          client({ urls: { ws: socket.url, rest: rest.url }, clientId: "id", clientSecret: "secret", authenticationUrl: auth.url, transport, timeouts: { ...quiet, tokenMs: 300, requestMs: 5_000 } })
        )
        const content = await within(6_000, optave.elevate(payload("hung")).then(contentOf, (error) => describeError(error)), `the ${transport} request`)
        check(content === (transport === "ws" ? "ok:hung" : "ok:rest"), `${transport}: ${content}`)
        check(stall.requests() === 2, `${transport}: ${stall.requests()} token requests`)
        outcomes.push(`${transport} answered after a second token request`)
      }
      return { detail: `a hung token fetch abandoned at tokenMs; ${outcomes.join(", ")}`, heapMb: heapAfterGcMb(), connections: 1 }
    })
}

// 6 ---------------------------------------------------------------------------------------------
const sendTokenAnswer = (response: ServerResponse, answer: Record<string, unknown>) => {
  response.writeHead(200, { "content-type": "application/json" })
  response.end(JSON.stringify(answer))
}

export const rfc6749TokenAnswers: Scenario = {
  name: "token-answers-as-rfc-6749-allows-and-refuses",
  item: 6,
  issue: 23,
  run: () =>
    using(async (track) => {
      // Main: `expires_in` -5 and "3600" were refused as "sent no access_token" (the wrong reason);
      // `token_type: "mac"` was used as a Bearer token.
      const details: Array<string> = []
      const restAnswer = () => startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "ok"))))
      const clientOf = (auth: HttpServer, rest: HttpServer, warnings: Array<string>) =>
        track(
          restClientWithCredentials(auth, rest, {
            logger: { debug: () => {}, info: () => {}, warn: (...parts: Array<unknown>) => void warnings.push(parts.map(String).join(" ")), error: () => {} }
          })
        )

      // "3600": a numeric string, as some providers send: used as 3600 s (one token for five calls).
      {
        const auth = track(await startHttpServer((_request, response) => sendTokenAnswer(response, { access_token: "string-lifetime", token_type: "Bearer", expires_in: "3600" })))
        const rest = track(await restAnswer())
        const optave = clientOf(auth, rest, [])
        for (let index = 0; index < 5; index++) {
          const content = await within(4_000, optave.elevate(payload(`s-${index}`)).then(contentOf, (error) => describeError(error)), "a call")
          check(content === "ok", `expires_in "3600": ${content}`)
        }
        check(auth.requests.length === 1, `expires_in "3600": ${auth.requests.length} token requests for 5 calls`)
        details.push(`"3600" used (1 token, 5 calls)`)
      }
      // -5: a non-positive lifetime is clamped with a warning; the call goes through.
      {
        const auth = track(await startHttpServer((_request, response) => sendTokenAnswer(response, { access_token: "negative-lifetime", token_type: "Bearer", expires_in: -5 })))
        const rest = track(await restAnswer())
        const warnings: Array<string> = []
        const optave = clientOf(auth, rest, warnings)
        const content = await within(4_000, optave.elevate(payload("negative")).then(contentOf, (error) => describeError(error)), "the call")
        check(content === "ok", `expires_in -5: ${content}`)
        check(warnings.some((line) => /expires_?in|lifetime/i.test(line)), `expires_in -5: no warning about the token's lifetime (${warnings.join(" | ").slice(0, 200)})`)
        check(rest.requests[0]?.headers.authorization === "Bearer negative-lifetime", "expires_in -5: the token was not used")
        details.push("-5 clamped with a warning")
      }
      // "mac": a token type the client does not understand must not be used (RFC 6749 section 7.1).
      {
        const auth = track(await startHttpServer((_request, response) => sendTokenAnswer(response, { access_token: "mac-token", token_type: "mac", expires_in: 3600 })))
        const rest = track(await restAnswer())
        const optave = clientOf(auth, rest, [])
        const error = await within(4_000, failureOf(optave.elevate(payload("mac"))), "the call")
        check(error?._tag === "AuthError", `token_type mac: expected an AuthError, got ${describeError(error)}`)
        check(/mac/.test(String(error.message)) && /Bearer|type/.test(String(error.message)), `token_type mac: the error does not say why: ${describeError(error)}`)
        check(rest.requests.length === 0, `token_type mac: ${rest.requests.length} calls went out with the token`)
        details.push(`"mac" refused (${describeError(error).slice(0, 40)})`)
      }
      return { detail: details.join("; "), heapMb: heapAfterGcMb(), connections: 0 }
    })
}

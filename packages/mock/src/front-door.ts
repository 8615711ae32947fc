// The engine's contract with its front doors (the local mock server, the MSW handlers): what they
// hand in (a socket frame, a REST call) and what they carry out (a plan of frames, an answer).
// Free of HTTP and sockets: each front door maps these onto its own transport.
import type { SuperpowerEvent } from "@org/optave-core/validate"
import type { ActionName, RecordedRequest, RecordedTokenRequest } from "./request-record.ts"
import type { ResponseStyle } from "./response-style.ts"
import type { Scenario } from "./scenario.ts"
import type { AcceptedTokens, Authorization, ClientCredentials, TokenIssue, TokenUse } from "./token-authority.ts"

/** Each field also takes `undefined`, meaning "the default", as the client's configuration does. */
export interface ScenarioEngineOptions {
  /** Seed of every random choice (content, failures, interleaving, jitter). Default 1. */
  readonly seed?: number | undefined
  /** Delay between a request and its first event and between events, in ms. Default 5. */
  readonly latencyMs?: number | undefined
  /**
   * Jitter every frame's delay (seeded, uniform in [0, 2 x latency]) so the frames of
   * concurrent requests interleave on one socket. Default false.
   */
  readonly interleave?: boolean | undefined
  /** Accepted bearer tokens besides the issued ones: a list or a predicate. Default: any non-empty token. */
  readonly tokens?: AcceptedTokens | undefined
  /** Refuse a token already used to open a socket (the service's rule). Default false. */
  readonly singleUseSocketTokens?: boolean | undefined
  /** Fraction (0..1) of superpowers answered with an `error` state, seeded. Default 0. */
  readonly failRate?: number | undefined
  /** How socket answers are framed. Default `enveloped`. */
  readonly responseStyle?: ResponseStyle | undefined
  /** Credentials the token endpoint accepts. Default `demo-client` / `demo-secret`. */
  readonly clients?: ReadonlyArray<ClientCredentials> | undefined
  /** Lifetime of issued tokens, in seconds. Default 3600. */
  readonly tokenTtlSeconds?: number | undefined
  /** Clock, for `receivedAt` and token expiry. Default `Date.now`. */
  readonly now?: (() => number) | undefined
}

/** One outbound socket frame, sent `delayMs` after the previous one (after the request for the first). */
export interface PlannedFrame {
  readonly delayMs: number
  readonly text: string
}

/** What the front door does with one inbound socket frame. */
export interface SocketPlan {
  readonly frames: ReadonlyArray<PlannedFrame>
  /** Close the connection abruptly once this many frames of the plan were sent. */
  readonly drop?: { readonly afterFrames: number }
}

/** One REST call as the front door received it. */
export interface RestRequest {
  /** The path segment after `/message/`. */
  readonly action: string
  /** The parsed JSON body. */
  readonly body?: unknown
  /** The raw body, parsed by the engine when `body` is not given (so bad JSON gets a proper 400). */
  readonly bodyText?: string
  /** The `Authorization` header. */
  readonly authorization?: string
  /** The `Idempotency-Key` header. */
  readonly idempotencyKey?: string
  /** Every HTTP header, for the record (names are lowercased). */
  readonly headers?: Readonly<Record<string, string>>
}

/** Body of a REST answer that is not a superpower event. */
export interface RestErrorBody {
  readonly error: string
  readonly message: string
}

/** What the front door answers, after `delayMs`. */
export interface RestAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: ReadonlyArray<SuperpowerEvent> | SuperpowerEvent | RestErrorBody
  readonly delayMs: number
  /** Destroy the connection instead of answering (a drop scenario); the work was done, so a retry with the same key replays it. */
  readonly drop?: true
}

export interface EngineStats {
  /** Requests whose work was computed. */
  readonly executions: number
  /** Requests received and recorded (valid or not). */
  readonly requests: number
  /** Requests answered from idempotency memory. */
  readonly replays: number
}

export interface ScenarioEngine {
  /** Checks a bearer token for a socket upgrade or a REST call. */
  readonly authorize: (token: string | undefined, via: TokenUse) => Authorization
  /** OAuth2 client credentials: mints a token that `authorize` accepts, or 401. */
  readonly issueToken: (credentials: ClientCredentials) => TokenIssue
  /** Turns one inbound socket frame (a request envelope) into the frames to send back. */
  readonly handleSocketFrame: (text: string, connectionId: string) => SocketPlan
  /** Answers one REST call `POST /message/{action}`. */
  readonly handleRest: (request: RestRequest) => RestAnswer
  /** Adds a scenario; returns a function that removes it. */
  readonly use: <Action extends ActionName = ActionName>(scenario: Scenario<Action>) => () => void
  readonly resetScenarios: () => void
  /** Every request received, oldest first, optionally only one action's. */
  readonly requests: {
    (): ReadonlyArray<RecordedRequest>
    <Action extends ActionName>(action: Action): ReadonlyArray<RecordedRequest<Action>>
  }
  readonly stats: () => EngineStats
  /** Every call of the token endpoint, oldest first: assert `secretInUrl` is false for an app that must not leak its secret. */
  readonly tokenRequests: () => ReadonlyArray<RecordedTokenRequest>
  /** Records a token endpoint call (done by `answerTokenRequest`). */
  readonly recordTokenRequest: (request: Omit<RecordedTokenRequest, "receivedAt">) => void
  /** Clears records, scenarios, idempotency memory and stats, and restarts the seeded sequence. Issued tokens stay valid. */
  readonly reset: () => void
}

// `pnpm hostile`, what a server can make the client hold or compute: frames of invalid items
// (item 1), a flood of progress events (7), unrouted events of a megabyte and many requests on one
// AbortSignal (10).
import { check, client, contentOf, expectError, failureOf, heapAfterGcMb, payload, quiet, sleep, using, within, type Scenario } from "./hostile-harness.ts"
import { answerElevate, completedEvent, progressEvent, startWsServer } from "./hostile-servers.ts"

// 1 ---------------------------------------------------------------------------------------------
export const validationFlood: Scenario = {
  name: "frames-of-invalid-items",
  item: 1,
  run: (size) =>
    using(async (track) => {
      // Main kept every issue of the last 1,000 errors: 10 frames of 500,000 issues held 807 MiB.
      const frames = size === "quick" ? 10 : 20
      const items = size === "quick" ? 100_000 : 500_000
      const frame = `{"action":"superpower","actionType":"x","state":"started","message":{"results":[${"1,".repeat(items - 1)}1]}}`
      const server = track(
        await startWsServer({
          onEnvelope: (socket, envelope) => {
            for (let index = 0; index < frames; index++) socket.send(frame)
            answerElevate(socket, envelope)
          }
        })
      )
      const before = heapAfterGcMb()
      const optave = track(client({ urls: { ws: server.url }, token: "t", timeouts: { ...quiet, requestMs: 120_000 } }))
      const result = await optave.elevate(payload("flood-1"))
      check(contentOf(result) === "ok:flood-1", "the request beside the bad frames did not get its answer")
      check(optave.stats().protocolErrors === frames, `expected ${frames} protocol errors, got ${optave.stats().protocolErrors}`)
      const iterator = optave.protocolErrors()[Symbol.asyncIterator]()
      const first = (await iterator.next()).value as { issues: ReadonlyArray<unknown>; issueCount?: number; code: string }
      await iterator.return?.()
      check(first.code === "INVALID_FRAME" && first.issues.length <= 20 && first.issueCount === items, `an error kept ${first.issues.length} issues (count ${first.issueCount})`)
      const heapMb = heapAfterGcMb()
      check(heapMb - before < 48, `heap grew ${(heapMb - before).toFixed(0)} MiB after gc for ${frames} bad frames`)
      return { detail: `${frames} frames x ${items} issues: ${first.issues.length} kept each, heap +${(heapMb - before).toFixed(1)} MiB`, heapMb, connections: server.connections() }
    })
}

// 7 ---------------------------------------------------------------------------------------------
export const progressFlood: Scenario = {
  name: "progress-flood-one-request",
  item: 7,
  run: (size) =>
    using(async (track) => {
      // Main: 10,000 progress events cost 2.7 s of blocked event loop, 40,000 cost 34 s.
      const events = size === "quick" ? 20_000 : 40_000
      const server = track(
        await startWsServer({
          onEnvelope: (socket, envelope) => {
            for (let index = 0; index < events; index++) socket.send(JSON.stringify(progressEvent("improve_answer", `step ${index}`, envelope.headers.correlationId)))
            answerElevate(socket, envelope)
          }
        })
      )
      const optave = track(client({ urls: { ws: server.url }, token: "t", timeouts: { ...quiet, requestMs: 60_000 } }))
      const started = performance.now()
      const result = await optave.elevate(payload("p-1"))
      const seconds = (performance.now() - started) / 1000
      check(result.events.length === events + 1, `${result.events.length} events delivered of ${events + 1}`)
      check(seconds < 4, `${events} progress events took ${seconds.toFixed(1)} s`)
      return { detail: `${events} progress events delivered in ${seconds.toFixed(2)} s`, heapMb: heapAfterGcMb(), connections: server.connections() }
    })
}

export const unroutedMegabytes: Scenario = {
  name: "unrouted-events-of-a-megabyte",
  item: 10,
  run: (size) =>
    using(async (track) => {
      // Main kept the last 1,000 unrouted events whatever their size (1,000 events of 1 MB).
      // 400 in the full run: each 1 MB frame costs about 60 ms to receive, parse and check here.
      const count = size === "quick" ? 150 : 400
      const big = JSON.stringify(completedEvent("improve_answer", "y".repeat(1_000_000), "nobody-asked"))
      const server = track(
        await startWsServer({
          onEnvelope: (socket, envelope) => {
            for (let index = 0; index < count; index++) socket.send(big.replace("nobody-asked", `nobody-${index}`))
            answerElevate(socket, envelope)
          }
        })
      )
      const before = heapAfterGcMb()
      const optave = track(client({ urls: { ws: server.url }, token: "t", timeouts: { ...quiet, requestMs: 120_000, settleMs: 120_000 } }))
      await optave.elevate(payload("u-1"))
      check(optave.stats().unrouted === count, `${optave.stats().unrouted} unrouted of ${count}`)
      const heapMb = heapAfterGcMb()
      check(heapMb - before < 48, `heap grew ${(heapMb - before).toFixed(0)} MiB after gc for ${count} unrouted events of 1 MB`)
      return { detail: `${count} unrouted events of 1 MB, heap +${(heapMb - before).toFixed(1)} MiB`, heapMb, connections: server.connections() }
    })
}

export const sharedSignal: Scenario = {
  name: "many-requests-one-abort-signal",
  item: 10,
  run: (size) =>
    using(async (track) => {
      // Main: 50,000 requests on one AbortSignal ran 5 times slower, with a MaxListenersExceededWarning.
      const count = size === "quick" ? 20_000 : 50_000
      const warnings: Array<string> = []
      const onWarning = (warning: Error) => warnings.push(warning.name)
      process.on("warning", onWarning)
      try {
        const server = track(await startWsServer({}))
        const optave = track(client({ urls: { ws: server.url }, token: "t", maxQueuedRequests: count + 10, timeouts: { ...quiet, requestMs: 600_000, settleMs: 600_000 } }))
        const controller = new AbortController()
        const started = performance.now()
        const outcomes = Array.from({ length: count }, (_, index) => failureOf(optave.elevate(payload(`sig-${index}`), { signal: controller.signal })))
        await sleep(50)
        controller.abort()
        const errors = await within(30_000, Promise.all(outcomes), `${count} aborted requests`)
        const seconds = (performance.now() - started) / 1000
        for (const error of errors.slice(0, 10)) expectError(error, "TransportError", "CANCELLED")
        check(errors.every((error) => error?.code === "CANCELLED"), "a request did not end CANCELLED")
        await sleep(10)
        check(!warnings.includes("MaxListenersExceededWarning"), "MaxListenersExceededWarning")
        check(optave.stats().pending === 0, `${optave.stats().pending} requests still pending`)
        return { detail: `${count} requests on one signal sent and aborted in ${seconds.toFixed(2)} s, no listener warning`, heapMb: heapAfterGcMb(), connections: server.connections() }
      } finally {
        process.off("warning", onWarning)
      }
    })
}

// The Worker that runs the liveness scenario inside workerd: POST the input, get the JSON report.
import { createClient, type RuntimePlatformOptions } from "@org/optave-edge"
import { runLiveness, type LivenessInput } from "../scenario/run-liveness.ts"

export interface LivenessWorkerInput extends LivenessInput {
  readonly webSocket?: RuntimePlatformOptions["webSocket"]
}

export default {
  async fetch(request: Request): Promise<Response> {
    const input = (await request.json()) as LivenessWorkerInput
    const platform: RuntimePlatformOptions = input.webSocket === undefined ? {} : { webSocket: input.webSocket }
    return Response.json(await runLiveness((config) => createClient({ ...config, platform }), input))
  }
}

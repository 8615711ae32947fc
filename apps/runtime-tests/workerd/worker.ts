// The Worker that runs the scenario inside workerd: POST the scenario input, get the JSON report.
// Bundled by esbuild with the conditions a Workers bundler uses (workerd, worker, browser).
import { createClient, type RuntimePlatformOptions } from "@org/optave-edge"
import { runScenario, type ScenarioInput } from "../scenario/run-scenario.ts"

export interface WorkerInput extends ScenarioInput {
  readonly webSocket?: RuntimePlatformOptions["webSocket"]
}

export default {
  async fetch(request: Request): Promise<Response> {
    const input = (await request.json()) as WorkerInput
    const platform: RuntimePlatformOptions = input.webSocket === undefined ? {} : { webSocket: input.webSocket }
    const report = await runScenario((config) => createClient({ ...config, platform }), input)
    return Response.json(report)
  }
}

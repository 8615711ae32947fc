// The send figures of one send-cpu.ts run: per side the median of its rounds, and ours / raw as
// the median of the ratios of the same round (the sides of a round ran back to back).
import type { SendCpuRun, SendRound, SendSide } from "./send-cpu.ts"
import { median } from "./statistics.ts"

type Figure = keyof SendRound

export interface SendCpuSummary {
  readonly ours: SendRound
  readonly "raw-ws"?: SendRound
  readonly "raw-global"?: SendRound
  /** ours / raw CPU per request, median over rounds; with its lowest and highest round. */
  readonly cpuRatios: Partial<Record<SendSide, number>>
  readonly cpuRatioRanges: Partial<Record<SendSide, readonly [number, number]>>
  /** ours / raw burst rate, median over rounds (secondary). */
  readonly rateRatios: Partial<Record<SendSide, number>>
}

const figures: ReadonlyArray<Figure> = ["cpuMicrosecondsPerRequest", "msgsPerSecond", "bytesPerRequest", "gcMicrosecondsPerRequest", "helperThreadsCpuMicrosecondsPerRequest", "cleanupCpuMicrosecondsPerRequest"]

const medianSide = (run: SendCpuRun, side: SendSide): SendRound | undefined => {
  const rounds = run.rounds.map((round) => round[side]).filter((round): round is SendRound => round !== undefined)
  if (rounds.length === 0) return undefined
  // A figure only some rounds have (the helper threads' share, Linux only) is left out.
  const known = figures.filter((figure) => rounds.every((round) => round[figure] !== undefined))
  return Object.fromEntries(known.map((figure) => [figure, median(rounds.map((round) => round[figure]!))])) as unknown as SendRound
}

const ratios = (run: SendCpuRun, side: SendSide, figure: "cpuMicrosecondsPerRequest" | "msgsPerSecond"): Array<number> =>
  run.rounds.flatMap((round) => (round.ours !== undefined && round[side] !== undefined ? [round.ours[figure] / round[side]![figure]] : []))

export const summarizeSendCpu = (run: SendCpuRun): SendCpuSummary => {
  const raws: ReadonlyArray<SendSide> = ["raw-ws", "raw-global"].filter((side) => run.rounds.some((round) => round[side as SendSide] !== undefined)) as Array<SendSide>
  const cpuRatios: Partial<Record<SendSide, number>> = {}
  const cpuRatioRanges: Partial<Record<SendSide, readonly [number, number]>> = {}
  const rateRatios: Partial<Record<SendSide, number>> = {}
  const sides: Partial<Record<SendSide, SendRound>> = {}
  for (const side of raws) {
    const cpu = ratios(run, side, "cpuMicrosecondsPerRequest")
    cpuRatios[side] = median(cpu)
    cpuRatioRanges[side] = [Math.min(...cpu), Math.max(...cpu)]
    rateRatios[side] = median(ratios(run, side, "msgsPerSecond"))
    const figures = medianSide(run, side)
    if (figures !== undefined) sides[side] = figures
  }
  return { ours: medianSide(run, "ours")!, ...sides, cpuRatios, cpuRatioRanges, rateRatios }
}

import { contentOf, type WireEvent } from "./wire.ts"

/**
 * The seeds whose answers are pinned in `golden/seeded-content.json`: what each action's
 * superpowers complete with for the example payloads, per seed. The MSW handlers and the mock
 * server are both checked against that one file, so a change of seeded content fails their
 * tests until the file is regenerated (`UPDATE_GOLDEN=1`) and a changeset says what changed.
 */
export const pinnedSeeds: ReadonlyArray<number> = [1, 7]

/** Superpower -> the content it completed with, in superpower order (errors and progress left out). */
export const completedContentOf = (events: ReadonlyArray<WireEvent>): Record<string, unknown> =>
  Object.fromEntries(
    events
      .filter((event) => event.state === "completed")
      .map((event) => [event.actionType, contentOf(event)] as const)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
  )

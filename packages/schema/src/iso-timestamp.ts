import Type from "typebox"

/**
 * ISO 8601 date-time as a pattern rather than `format: "date-time"`: a pattern compiles to a
 * plain regular expression literal in the generated validators, with no format registry to set up.
 */
export const IsoTimestamp = Type.String({
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$",
  description: "An ISO 8601 date-time with a time zone, e.g. 2024-01-15T10:30:00.000Z."
})

export { CORE_OPTIONS, generate, generateActionReference, type GenerateOptions } from "./generate.ts"
export { checkFiles, formatCheck, writeFiles, type CheckResult } from "./check-files.ts"
export { UnsupportedSchemaError, readSchemas, type SchemaNode, type SchemaSet } from "./schema-node.ts"

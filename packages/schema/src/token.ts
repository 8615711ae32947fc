import Type from "typebox"

export const TokenResponse = Type.Object(
  {
    access_token: Type.String({ minLength: 1, description: "The bearer token." }),
    token_type: Type.Optional(Type.String({ description: "Usually Bearer." })),
    expires_in: Type.Optional(Type.Number({ minimum: 0, description: "Seconds until the token expires." })),
    scope: Type.Optional(Type.String({ description: "Granted scopes." }))
  },
  { $id: "TokenResponse", additionalProperties: true, description: "OAuth2 client-credentials token response (RFC 6749 section 5.1)." }
)
export type TokenResponse = Type.Static<typeof TokenResponse>

import Type from "typebox"

export const TokenResponse = Type.Object(
  {
    access_token: Type.String({ minLength: 1, description: "The bearer token." }),
    token_type: Type.Optional(Type.String({ description: "The token's type: Bearer (case-insensitive) is the one the client uses (RFC 6749 section 7.1)." })),
    expires_in: Type.Optional(
      Type.Union([Type.Number(), Type.String()], {
        description: "Seconds until the token expires: a number, or a numeric string as some providers send it. The client clamps a lifetime it cannot use."
      })
    ),
    scope: Type.Optional(Type.String({ description: "Granted scopes." }))
  },
  { $id: "TokenResponse", additionalProperties: true, description: "OAuth2 client-credentials token response (RFC 6749 section 5.1)." }
)
export type TokenResponse = Type.Static<typeof TokenResponse>

//! The schema of the `@convex-dev/better-auth` 0.12.5 component (its `dist/component/schema.js`),
//! used to predict which documents `npx convex import` would reject.
//!
//! Every optional field there is `v.optional(v.union(v.null(), T))`, so optional means
//! "absent, null or T"; required fields are never nullable. `v.number()` is float64.

/// The Convex type a field wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// `v.string()`.
    String,
    /// `v.number()` (float64).
    Number,
    /// `v.boolean()`.
    Boolean,
}

/// One field of a table: name, type, and whether it is required.
pub type Field = (&'static str, FieldType, bool);

use FieldType::{Boolean as B, Number as N, String as S};

const USER: &[Field] = &[
    ("name", S, true),
    ("email", S, true),
    ("emailVerified", B, true),
    ("image", S, false),
    ("createdAt", N, true),
    ("updatedAt", N, true),
    ("twoFactorEnabled", B, false),
    ("isAnonymous", B, false),
    ("username", S, false),
    ("displayUsername", S, false),
    ("phoneNumber", S, false),
    ("phoneNumberVerified", B, false),
    ("userId", S, false),
];
const SESSION: &[Field] = &[
    ("expiresAt", N, true),
    ("token", S, true),
    ("createdAt", N, true),
    ("updatedAt", N, true),
    ("ipAddress", S, false),
    ("userAgent", S, false),
    ("userId", S, true),
];
const ACCOUNT: &[Field] = &[
    ("accountId", S, true),
    ("providerId", S, true),
    ("userId", S, true),
    ("accessToken", S, false),
    ("refreshToken", S, false),
    ("idToken", S, false),
    ("accessTokenExpiresAt", N, false),
    ("refreshTokenExpiresAt", N, false),
    ("scope", S, false),
    ("password", S, false),
    ("createdAt", N, true),
    ("updatedAt", N, true),
];
const VERIFICATION: &[Field] = &[
    ("identifier", S, true),
    ("value", S, true),
    ("expiresAt", N, true),
    ("createdAt", N, true),
    ("updatedAt", N, true),
];
const TWO_FACTOR: &[Field] = &[
    ("secret", S, true),
    ("backupCodes", S, true),
    ("userId", S, true),
    ("verified", B, false),
];
const OAUTH_APPLICATION: &[Field] = &[
    ("name", S, false),
    ("icon", S, false),
    ("metadata", S, false),
    ("clientId", S, false),
    ("clientSecret", S, false),
    ("redirectUrls", S, false),
    ("type", S, false),
    ("disabled", B, false),
    ("userId", S, false),
    ("createdAt", N, false),
    ("updatedAt", N, false),
];
const OAUTH_ACCESS_TOKEN: &[Field] = &[
    ("accessToken", S, false),
    ("refreshToken", S, false),
    ("accessTokenExpiresAt", N, false),
    ("refreshTokenExpiresAt", N, false),
    ("clientId", S, false),
    ("userId", S, false),
    ("scopes", S, false),
    ("createdAt", N, false),
    ("updatedAt", N, false),
];
const OAUTH_CONSENT: &[Field] = &[
    ("clientId", S, false),
    ("userId", S, false),
    ("scopes", S, false),
    ("createdAt", N, false),
    ("updatedAt", N, false),
    ("consentGiven", B, false),
];
const JWKS: &[Field] = &[
    ("publicKey", S, true),
    ("privateKey", S, true),
    ("createdAt", N, true),
    ("expiresAt", N, false),
];
const RATE_LIMIT: &[Field] = &[
    ("key", S, true),
    ("count", N, true),
    ("lastRequest", N, true),
];

/// The component's tables in the alphabetical order Convex numbers them when the schema is
/// first pushed (account = 10001 … verification = 10010).
pub const TABLES: &[(&str, &[Field])] = &[
    ("account", ACCOUNT),
    ("jwks", JWKS),
    ("oauthAccessToken", OAUTH_ACCESS_TOKEN),
    ("oauthApplication", OAUTH_APPLICATION),
    ("oauthConsent", OAUTH_CONSENT),
    ("rateLimit", RATE_LIMIT),
    ("session", SESSION),
    ("twoFactor", TWO_FACTOR),
    ("user", USER),
    ("verification", VERIFICATION),
];

/// The fields of a component table, if the schema has it.
pub fn table(name: &str) -> Option<&'static [Field]> {
    TABLES.iter().find(|(t, _)| *t == name).map(|(_, f)| *f)
}

/// Fields that Better Auth plugins add (admin plugin and friends) and a local install's schema
/// may declare: unknown to the default component schema, but reported as a warning rather
/// than an error.
pub const PLUGIN_FIELDS: &[(&str, &str)] = &[
    ("user", "role"),
    ("user", "banned"),
    ("user", "banReason"),
    ("user", "banExpires"),
    ("session", "impersonatedBy"),
    ("session", "activeOrganizationId"),
    ("session", "activeTeamId"),
];

/// Whether `field` on `table` is a known plugin field (see [`PLUGIN_FIELDS`]).
pub fn is_plugin_field(table: &str, field: &str) -> bool {
    PLUGIN_FIELDS
        .iter()
        .any(|(t, f)| *t == table && *f == field)
}

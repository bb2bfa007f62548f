//! The schema Better Auth itself creates (`npx @better-auth/cli migrate`, `getMigrations`):
//! the core tables and those of the plugins users enable most, for 1.6.x and 1.7.x, under the
//! user's model and field names (`--schema-map`).
//!
//! The table below is checked field by field against `getSchema()` of the real packages
//! (`tests/vectors/better-auth-schema/`, made by `tests/sql/dump-schema.mjs`), so it says
//! what Better Auth says, not what we remember.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Error, Result};

/// A Better Auth field type (`DBFieldType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// `"string"`.
    String,
    /// `"number"`.
    Number,
    /// `"boolean"`.
    Boolean,
    /// `"date"`.
    Date,
}

impl FieldType {
    /// Better Auth's name of the type.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
        }
    }
}

/// Better Auth's minor version line, where the schemas differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BaVersion {
    /// 1.6.x (what `@convex-dev/better-auth` 0.12 requires).
    V1_6,
    /// 1.7.x.
    V1_7,
}

impl BaVersion {
    /// `"1.6"` / `"1.7"` (a full version such as `1.7.25` is accepted).
    pub fn parse(s: &str) -> Result<BaVersion> {
        let mut parts = s.trim().split('.');
        match (parts.next(), parts.next()) {
            (Some("1"), Some("6")) => Ok(BaVersion::V1_6),
            (Some("1"), Some("7")) => Ok(BaVersion::V1_7),
            _ => Err(Error::InvalidArgument(format!(
                "unsupported Better Auth version {s:?} (1.6 or 1.7)"
            ))),
        }
    }
}

/// A plugin whose tables or fields the doctor knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Plugin {
    /// `jwt()`: the `jwks` table.
    Jwt,
    /// `twoFactor()`.
    TwoFactor,
    /// `admin()`.
    Admin,
    /// `username()`.
    Username,
    /// `organization()`.
    Organization,
    /// `passkey()` (the `@better-auth/passkey` package): the `passkey` table.
    Passkey,
}

impl Plugin {
    /// Every known plugin.
    pub const ALL: [Plugin; 6] = [
        Plugin::Jwt,
        Plugin::TwoFactor,
        Plugin::Admin,
        Plugin::Username,
        Plugin::Organization,
        Plugin::Passkey,
    ];

    /// The name used by `--plugins` (the plugin's function name).
    pub fn as_str(self) -> &'static str {
        match self {
            Plugin::Jwt => "jwt",
            Plugin::TwoFactor => "twoFactor",
            Plugin::Admin => "admin",
            Plugin::Username => "username",
            Plugin::Organization => "organization",
            Plugin::Passkey => "passkey",
        }
    }

    /// Parse a `--plugins` item (`two-factor` and `twoFactor` both work).
    pub fn parse(s: &str) -> Result<Plugin> {
        let norm: String = s
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_lowercase();
        Plugin::ALL
            .into_iter()
            .find(|p| p.as_str().to_ascii_lowercase() == norm)
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "unknown plugin {s:?} (known: jwt, twoFactor, admin, username, organization, passkey)"
                ))
            })
    }
}

/// One field Better Auth expects (besides each table's `id`).
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// The plugin that adds it (`None`: core).
    pub plugin: Option<Plugin>,
    /// The model (Better Auth's table name before `modelName`).
    pub model: &'static str,
    /// The field name before `fields` renames.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// `required !== false`: the migration makes it NOT NULL.
    pub required: bool,
    /// `unique`: the migration makes a UNIQUE constraint.
    pub unique: bool,
    /// `index` (without `unique`): the migration makes an index.
    pub index: bool,
    /// `references.model` (always its `id`, `onDelete: cascade`).
    pub references: Option<&'static str>,
    /// Has a `defaultValue` (Better Auth fills it; the database may not).
    pub default: bool,
    /// The first version with the field.
    pub since: BaVersion,
}

const fn f(
    plugin: Option<Plugin>,
    model: &'static str,
    name: &'static str,
    ty: FieldType,
    flags: &'static str,
) -> FieldDef {
    let b = flags.as_bytes();
    let mut required = false;
    let mut unique = false;
    let mut index = false;
    let mut default = false;
    let mut v17 = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'R' => required = true,
            b'U' => unique = true,
            b'I' => index = true,
            b'D' => default = true,
            b'7' => v17 = true,
            _ => {}
        }
        i += 1;
    }
    FieldDef {
        plugin,
        model,
        name,
        ty,
        required,
        unique,
        index,
        references: None,
        default,
        since: if v17 {
            BaVersion::V1_7
        } else {
            BaVersion::V1_6
        },
    }
}

const fn r(mut d: FieldDef, model: &'static str) -> FieldDef {
    d.references = Some(model);
    d
}

use FieldType::{Boolean as B, Date as T, Number as N, String as S};
const CORE: Option<Plugin> = None;
const JWT: Option<Plugin> = Some(Plugin::Jwt);
const TWO: Option<Plugin> = Some(Plugin::TwoFactor);
const ADM: Option<Plugin> = Some(Plugin::Admin);
const USR: Option<Plugin> = Some(Plugin::Username);
const ORG: Option<Plugin> = Some(Plugin::Organization);
const PSK: Option<Plugin> = Some(Plugin::Passkey);

/// Flags: R required, U unique, I index, D default value, 7 only from 1.7.
pub const FIELDS: &[FieldDef] = &[
    f(CORE, "user", "name", S, "R"),
    f(CORE, "user", "email", S, "RU"),
    f(CORE, "user", "emailVerified", B, "RD"),
    f(CORE, "user", "image", S, ""),
    f(CORE, "user", "createdAt", T, "RD"),
    f(CORE, "user", "updatedAt", T, "RD"),
    f(TWO, "user", "twoFactorEnabled", B, "D"),
    f(ADM, "user", "role", S, ""),
    f(ADM, "user", "banned", B, "D"),
    f(ADM, "user", "banReason", S, ""),
    f(ADM, "user", "banExpires", T, ""),
    f(USR, "user", "username", S, "U"),
    f(USR, "user", "displayUsername", S, ""),
    f(CORE, "session", "expiresAt", T, "R"),
    f(CORE, "session", "token", S, "RU"),
    f(CORE, "session", "createdAt", T, "RD"),
    f(CORE, "session", "updatedAt", T, "R"),
    f(CORE, "session", "ipAddress", S, ""),
    f(CORE, "session", "userAgent", S, ""),
    r(f(CORE, "session", "userId", S, "RI"), "user"),
    f(ADM, "session", "impersonatedBy", S, ""),
    f(ORG, "session", "activeOrganizationId", S, ""),
    f(CORE, "account", "accountId", S, "R"),
    f(CORE, "account", "providerId", S, "R"),
    r(f(CORE, "account", "userId", S, "RI"), "user"),
    f(CORE, "account", "accessToken", S, ""),
    f(CORE, "account", "refreshToken", S, ""),
    f(CORE, "account", "idToken", S, ""),
    f(CORE, "account", "accessTokenExpiresAt", T, ""),
    f(CORE, "account", "refreshTokenExpiresAt", T, ""),
    f(CORE, "account", "scope", S, ""),
    f(CORE, "account", "password", S, ""),
    f(CORE, "account", "createdAt", T, "RD"),
    f(CORE, "account", "updatedAt", T, "R"),
    f(CORE, "verification", "identifier", S, "RI"),
    f(CORE, "verification", "value", S, "R"),
    f(CORE, "verification", "expiresAt", T, "R"),
    f(CORE, "verification", "createdAt", T, "RD"),
    f(CORE, "verification", "updatedAt", T, "RD"),
    f(JWT, "jwks", "publicKey", S, "R"),
    f(JWT, "jwks", "privateKey", S, "R"),
    f(JWT, "jwks", "createdAt", T, "R"),
    f(JWT, "jwks", "expiresAt", T, ""),
    f(JWT, "jwks", "alg", S, "7"),
    f(JWT, "jwks", "crv", S, "7"),
    f(TWO, "twoFactor", "secret", S, "RI"),
    f(TWO, "twoFactor", "backupCodes", S, "R"),
    r(f(TWO, "twoFactor", "userId", S, "RI"), "user"),
    f(TWO, "twoFactor", "verified", B, "D"),
    f(TWO, "twoFactor", "failedVerificationCount", N, "D"),
    f(TWO, "twoFactor", "lockedUntil", T, ""),
    f(ORG, "organization", "name", S, "R"),
    f(ORG, "organization", "slug", S, "RUI"),
    f(ORG, "organization", "logo", S, ""),
    f(ORG, "organization", "createdAt", T, "R"),
    f(ORG, "organization", "metadata", S, ""),
    r(f(ORG, "member", "organizationId", S, "RI"), "organization"),
    r(f(ORG, "member", "userId", S, "RI"), "user"),
    f(ORG, "member", "role", S, "RD"),
    f(ORG, "member", "createdAt", T, "R"),
    r(
        f(ORG, "invitation", "organizationId", S, "RI"),
        "organization",
    ),
    f(ORG, "invitation", "email", S, "RI"),
    f(ORG, "invitation", "role", S, ""),
    f(ORG, "invitation", "status", S, "RD"),
    f(ORG, "invitation", "expiresAt", T, "R"),
    f(ORG, "invitation", "createdAt", T, "RD"),
    r(f(ORG, "invitation", "inviterId", S, "R"), "user"),
    f(PSK, "passkey", "name", S, ""),
    f(PSK, "passkey", "publicKey", S, "R"),
    r(f(PSK, "passkey", "userId", S, "RI"), "user"),
    f(PSK, "passkey", "credentialID", S, "RI"),
    f(PSK, "passkey", "counter", N, "R"),
    f(PSK, "passkey", "deviceType", S, "R"),
    f(PSK, "passkey", "backedUp", B, "R"),
    f(PSK, "passkey", "transports", S, ""),
    f(PSK, "passkey", "createdAt", T, ""),
    f(PSK, "passkey", "aaguid", S, ""),
];

/// The core models, in the order Better Auth creates them.
pub const CORE_MODELS: [&str; 4] = ["user", "session", "account", "verification"];

/// Custom names, as in `auth.ts` (`user: { modelName, fields }`), plus `casing: "snake"` for
/// schemas whose columns were written in snake_case (Drizzle/Prisma `@map`).
///
/// ```json
/// { "casing": "snake",
///   "user": { "modelName": "users", "fields": { "emailVerified": "is_verified" } },
///   "session": { "modelName": "sessions" } }
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SchemaMap {
    /// `"camel"` (default: Better Auth's names) or `"snake"` (`emailVerified` → `email_verified`).
    #[serde(default)]
    pub casing: Option<String>,
    /// Per model: its `modelName` and field renames.
    #[serde(flatten)]
    pub models: BTreeMap<String, ModelMap>,
}

/// One model's names in a [`SchemaMap`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelMap {
    /// The table name.
    #[serde(default)]
    pub model_name: Option<String>,
    /// Field name → column name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

/// Bounds a `--schema-map` file.
pub const MAX_SCHEMA_MAP_BYTES: usize = 64 << 10;

impl SchemaMap {
    /// Parse the JSON of a `--schema-map` file.
    pub fn parse(json: &str) -> Result<SchemaMap> {
        if json.len() > MAX_SCHEMA_MAP_BYTES {
            return Err(Error::InvalidArgument(
                "the schema map is over 64 KiB".into(),
            ));
        }
        let m: SchemaMap = serde_json::from_str(json)
            .map_err(|e| Error::InvalidArgument(format!("schema map: {e}")))?;
        match m.casing.as_deref() {
            None | Some("camel") | Some("snake") => {}
            Some(c) => {
                return Err(Error::InvalidArgument(format!(
                    "schema map: casing {c:?} is not \"camel\" or \"snake\""
                )))
            }
        }
        for name in m.models.keys() {
            if !CORE_MODELS.contains(&name.as_str()) && !FIELDS.iter().any(|f| f.model == name) {
                return Err(Error::InvalidArgument(format!(
                    "schema map: unknown model {name:?}"
                )));
            }
        }
        Ok(m)
    }

    fn snake(&self) -> bool {
        self.casing.as_deref() == Some("snake")
    }

    /// The table a model is stored in.
    pub fn table(&self, model: &str) -> String {
        match self.models.get(model).and_then(|m| m.model_name.clone()) {
            Some(t) => t,
            None if self.snake() => snake_case(model),
            None => model.to_owned(),
        }
    }

    /// The column a field is stored in.
    pub fn column(&self, model: &str, field: &str) -> String {
        match self.models.get(model).and_then(|m| m.fields.get(field)) {
            Some(c) => c.clone(),
            None if self.snake() => snake_case(field),
            None => field.to_owned(),
        }
    }
}

/// `emailVerified` → `email_verified`.
pub fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The fields expected for `version` and `plugins`, in [`FIELDS`] order.
pub fn fields(
    version: BaVersion,
    plugins: &[Plugin],
) -> impl Iterator<Item = &'static FieldDef> + '_ {
    FIELDS
        .iter()
        .filter(move |f| f.since <= version && f.plugin.is_none_or(|p| plugins.contains(&p)))
}

/// The models expected for `plugins`, core first, in the order fields name them.
pub fn models(version: BaVersion, plugins: &[Plugin]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = CORE_MODELS.to_vec();
    for f in fields(version, plugins) {
        if !out.contains(&f.model) {
            out.push(f.model);
        }
    }
    out
}

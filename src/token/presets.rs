//! Ready-made [`VerifyOptions`] for the tokens a Better Auth / Convex deployment issues.
//! Combine them with a key set: `verify_jwt(token, &jwks, &presets::convex(site_url), now)`.

use super::alg::Algorithm;
use super::claims::VerifyOptions;

/// Audience of the tokens `@convex-dev/better-auth` mints (`applicationID` in auth config).
pub const CONVEX_AUDIENCE: &str = "convex";

/// Algorithms Better Auth's JWT plugin can be configured with (`keyPairConfig.alg`).
pub const BETTER_AUTH_JWT_ALGORITHMS: [Algorithm; 5] = [
    Algorithm::EdDSA,
    Algorithm::ES256,
    Algorithm::ES512,
    Algorithm::PS256,
    Algorithm::RS256,
];

/// Convex tokens from `@convex-dev/better-auth`'s `convex()` plugin: RS256 only, `iss` =
/// `CONVEX_SITE_URL` (exact string), `aud` = `"convex"`, `sub` required (the user `_id`).
pub fn convex(site_url: &str) -> VerifyOptions {
    VerifyOptions {
        algorithms: Some(vec![Algorithm::RS256]),
        issuer: Some(vec![site_url.to_owned()]),
        audience: Some(vec![CONVEX_AUDIENCE.to_owned()]),
        required_claims: vec!["sub".into(), "exp".into()],
        ..VerifyOptions::default()
    }
}

/// Tokens from Better Auth's JWT plugin (`/token`, `set-auth-jwt`): `iss` and `aud` default
/// to `baseURL` (pass the configured `jwt.issuer`/`jwt.audience` if they were changed with
/// [`better_auth_jwt_with`]), algorithms as [`BETTER_AUTH_JWT_ALGORITHMS`], `sub` required.
pub fn better_auth_jwt(base_url: &str) -> VerifyOptions {
    better_auth_jwt_with(base_url, base_url)
}

/// [`better_auth_jwt`] with an explicit issuer and audience.
pub fn better_auth_jwt_with(issuer: &str, audience: &str) -> VerifyOptions {
    VerifyOptions {
        algorithms: Some(BETTER_AUTH_JWT_ALGORITHMS.to_vec()),
        issuer: Some(vec![issuer.to_owned()]),
        audience: Some(vec![audience.to_owned()]),
        required_claims: vec!["sub".into(), "exp".into()],
        ..VerifyOptions::default()
    }
}

/// Better Auth email-verification tokens: HS256 with the raw secret (use
/// `Jwks::from_secret(secret.as_bytes())`), `email` and `exp` required.
pub fn better_auth_email_verification() -> VerifyOptions {
    VerifyOptions {
        algorithms: Some(vec![Algorithm::HS256]),
        required_claims: vec!["email".into(), "exp".into()],
        ..VerifyOptions::default()
    }
}

/// A preset by name, for the bindings and the CLI: `"convex"` (arg: the site URL),
/// `"better-auth-jwt"` (arg: baseURL; optional second arg: audience when it differs),
/// `"better-auth-email-verification"` (no arg).
pub fn by_name(
    name: &str,
    arg: Option<&str>,
    arg2: Option<&str>,
) -> crate::error::Result<VerifyOptions> {
    use crate::error::Error;
    // An unset BETTER_AUTH_URL / CONVEX_SITE_URL (undefined, or "") is a configuration error
    // at start-up, never a preset that silently skips the issuer check.
    let need = |a: Option<&str>| match a {
        Some(s) if !s.is_empty() => Ok(s.to_owned()),
        _ => Err(Error::ConfigBaseUrlMissing(format!("the {name:?} preset"))),
    };
    match name {
        "convex" => Ok(convex(&need(arg)?)),
        "better-auth-jwt" => {
            let iss = need(arg)?;
            Ok(better_auth_jwt_with(&iss, arg2.unwrap_or(&iss)))
        }
        "better-auth-email-verification" => Ok(better_auth_email_verification()),
        _ => Err(Error::InvalidArgument(format!("unknown preset {name:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unset_url_is_a_configuration_error() {
        for name in ["convex", "better-auth-jwt"] {
            for arg in [None, Some("")] {
                let e = by_name(name, arg, None).unwrap_err();
                assert_eq!(e.code(), "ERR_CONFIG_BASE_URL_MISSING", "{name} {arg:?}");
                assert!(e.to_string().contains("BETTER_AUTH_URL"));
            }
        }
        let p = by_name("better-auth-jwt", Some("https://a.example"), None).unwrap();
        assert_eq!(p.issuer, Some(vec!["https://a.example".to_string()]));
        assert_eq!(p.audience, p.issuer);
        assert!(p.required_claims.contains(&"exp".to_string()));
        assert!(by_name("better-auth-email-verification", None, None).is_ok());
    }
}

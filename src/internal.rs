//! INTERNAL REQUESTS: one service of an app calling another with a shared secret (a Next.js
//! route handler calling a Convex HTTP action, a worker calling an admin endpoint), signed
//! instead of sent as a plain bearer.
//!
//! The signer sends two headers:
//!
//! - `x-authcore-timestamp`: Unix time in seconds;
//! - `x-authcore-signature`: `v1=` and the base64url HMAC-SHA256, under the shared secret, of
//!   the canonical string
//!   `authcore-internal-v1\n<METHOD>\n<path?query>\n<timestamp>\n<hex SHA-256 of the body>`.
//!
//! The verifier recomputes it from the request it received and accepts it only when one of
//! its secrets gives the same MAC (constant-time comparison) and the timestamp is within
//! `max_skew` seconds of its clock, so a captured request cannot be replayed outside that
//! window, nor with another method, path, query or body. The host is not signed (proxies and
//! platforms rewrite it); a replay inside the window is possible, so make the receiving
//! endpoint idempotent or keep a nonce of your own.
//!
//! ```
//! use authcore::internal::{sign_internal_request, verify_internal_request, InternalRequest};
//! use authcore::Secrets;
//!
//! let secret = Secrets::single("a-32-byte-or-longer-internal-secret!");
//! let req = InternalRequest { method: "POST", url: "https://app.example/api/admin?x=1", body: b"{}" };
//! let now_ms = 1_767_225_600_000;
//! let headers = sign_internal_request(&req, &secret, now_ms).unwrap();
//! let received = InternalRequest { method: "POST", url: "/api/admin?x=1", body: b"{}" };
//! verify_internal_request(&received, headers.timestamp.as_str().into(), headers.signature.as_str().into(), &secret, Some(300), now_ms + 2_000).unwrap();
//! ```

use crate::crypto::{ct_eq, hmac_sha256, sha256, Secrets, B64URL};
use crate::error::{Error, Result};
use base64::Engine as _;

/// Header carrying the signing time (Unix seconds, decimal).
pub const TIMESTAMP_HEADER: &str = "x-authcore-timestamp";
/// Header carrying the signature (`v1=<base64url HMAC-SHA256>`).
pub const SIGNATURE_HEADER: &str = "x-authcore-signature";
/// How far, in seconds, a request's timestamp may be from the verifier's clock by default
/// (either way): five minutes, the tolerance webhook signatures commonly use, wide enough for
/// clock drift between platforms and narrow enough that a captured request soon stops working.
pub const DEFAULT_MAX_SKEW_SECONDS: u64 = 300;
/// Shortest shared secret accepted, in bytes: as Better Auth asks of `BETTER_AUTH_SECRET`.
pub const MIN_SECRET_BYTES: usize = 32;
/// Largest body signed or verified (its SHA-256 is computed in memory): 16 MiB.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Longest method accepted (HTTP methods are short tokens).
pub const MAX_METHOD_LEN: usize = 32;
/// Longest URL accepted (path and query are signed; browsers and servers stop near here too).
pub const MAX_URL_LEN: usize = 16 * 1024;
/// Largest `max_skew` accepted: one day. A wider window makes replays too easy to be useful.
pub const MAX_MAX_SKEW_SECONDS: u64 = 86_400;

const DOMAIN: &str = "authcore-internal-v1";
const VERSION_PREFIX: &str = "v1=";

/// The parts of a request that are signed.
#[derive(Debug, Clone, Copy)]
pub struct InternalRequest<'a> {
    /// The HTTP method, any case (`"post"` and `"POST"` sign the same).
    pub method: &'a str,
    /// The URL, absolute (`https://host/path?q`) or as a path (`/path?q`); the path and query
    /// are signed, the scheme, host and fragment are not.
    pub url: &'a str,
    /// The body bytes exactly as sent (empty for none).
    pub body: &'a [u8],
}

/// The headers to send with a signed request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InternalRequestHeaders {
    /// Value of [`TIMESTAMP_HEADER`].
    pub timestamp: String,
    /// Value of [`SIGNATURE_HEADER`].
    pub signature: String,
}

/// What a verified request was signed for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VerifiedInternalRequest {
    /// The method, upper-case.
    pub method: String,
    /// The path and query that were signed.
    pub path: String,
    /// When it was signed (Unix seconds).
    pub timestamp: i64,
}

/// The signed path and query of a URL: everything from the first `/` after the authority of an
/// absolute URL (`/` when it has no path, as WHATWG URL parsing gives), or the whole of a
/// relative one; never the fragment.
fn path_and_query(url: &str) -> Result<String> {
    if url.len() > MAX_URL_LEN {
        return Err(Error::InvalidArgument(format!(
            "url is longer than {MAX_URL_LEN} bytes"
        )));
    }
    let url = url.split('#').next().unwrap_or_default();
    let path = match url.find("://") {
        Some(i)
            if i > 0
                && url[..i]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) =>
        {
            let after = &url[i + 3..];
            match after.find(['/', '?']) {
                Some(j) if after.as_bytes()[j] == b'/' => after[j..].to_owned(),
                Some(j) => format!("/{}", &after[j..]),
                None => "/".to_owned(),
            }
        }
        _ => url.to_owned(),
    };
    if !path.starts_with('/') {
        return Err(Error::InvalidArgument(
            "url must be absolute (scheme://host/path) or a path starting with /".into(),
        ));
    }
    if path.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(Error::InvalidArgument(
            "url has spaces or control characters (percent-encode them)".into(),
        ));
    }
    Ok(path)
}

fn method(m: &str) -> Result<String> {
    if m.is_empty()
        || m.len() > MAX_METHOD_LEN
        || !m
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    {
        return Err(Error::InvalidArgument(
            "method must be an HTTP method token (GET, POST, …)".into(),
        ));
    }
    Ok(m.to_ascii_uppercase())
}

fn check_secrets(secrets: &Secrets) -> Result<()> {
    if secrets.0.is_empty() {
        return Err(Error::InvalidArgument("secret is required".into()));
    }
    if secrets.0.iter().any(|s| s.value.len() < MIN_SECRET_BYTES) {
        return Err(Error::InternalSecretWeak {
            min: MIN_SECRET_BYTES,
        });
    }
    Ok(())
}

/// The canonical string that is MACed, and the signed path.
fn canonical(req: &InternalRequest<'_>, timestamp: i64) -> Result<(String, String, String)> {
    let method = method(req.method)?;
    let path = path_and_query(req.url)?;
    if req.body.len() > MAX_BODY_BYTES {
        return Err(Error::InternalBodyTooLarge {
            max: MAX_BODY_BYTES,
        });
    }
    let digest = hex::encode(sha256(req.body));
    let text = format!("{DOMAIN}\n{method}\n{path}\n{timestamp}\n{digest}");
    Ok((text, method, path))
}

fn mac(secret: &str, text: &str) -> [u8; 32] {
    hmac_sha256(secret.as_bytes(), text.as_bytes())
}

/// Sign `req` with the current (first) secret at `now_ms` (Unix milliseconds): the two headers
/// to send.
///
/// # Errors
/// `ERR_INTERNAL_SECRET_WEAK` for a secret shorter than [`MIN_SECRET_BYTES`],
/// `ERR_INTERNAL_BODY_TOO_LARGE` past [`MAX_BODY_BYTES`], `ERR_INVALID_ARGUMENT` for a method
/// or URL that is not one.
pub fn sign_internal_request(
    req: &InternalRequest<'_>,
    secrets: &Secrets,
    now_ms: i64,
) -> Result<InternalRequestHeaders> {
    check_secrets(secrets)?;
    let timestamp = now_ms.div_euclid(1000);
    let (text, _, _) = canonical(req, timestamp)?;
    let tag = mac(&secrets.current()?.value, &text);
    Ok(InternalRequestHeaders {
        timestamp: timestamp.to_string(),
        signature: format!("{VERSION_PREFIX}{}", B64URL.encode(tag)),
    })
}

fn parse_timestamp(v: &str) -> Result<i64> {
    if v.is_empty() || v.len() > 12 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InternalSignatureInvalid(
            "the timestamp is not Unix seconds",
        ));
    }
    v.parse()
        .map_err(|_| Error::InternalSignatureInvalid("the timestamp is not Unix seconds"))
}

fn parse_signature(v: &str) -> Result<[u8; 32]> {
    let b64 = v
        .trim()
        .strip_prefix(VERSION_PREFIX)
        .ok_or(Error::InternalSignatureInvalid(
            "the signature is not v1=<base64url>",
        ))?;
    let bytes = if b64.len() == 43 {
        B64URL.decode(b64).ok()
    } else {
        None
    };
    bytes
        .and_then(|b| b.try_into().ok())
        .ok_or(Error::InternalSignatureInvalid(
            "the signature is not v1=<base64url>",
        ))
}

/// Verify a received request against its two headers (`None` when a header is absent) and
/// the verifier's secrets, at `now_ms`. Every listed secret is tried (current first), so both
/// services keep working while a new secret is rolled out; list one secret to accept only it.
///
/// # Errors
/// `ERR_INTERNAL_SIGNATURE_MISSING` (a header is absent), `ERR_INTERNAL_SIGNATURE_INVALID`
/// (malformed headers, or no secret gives this MAC: another secret, or the method, path, query,
/// body or timestamp was changed), `ERR_INTERNAL_REQUEST_EXPIRED` (signed more than
/// `max_skew_seconds` before or after `now_ms`, checked after the MAC; `None` is
/// [`DEFAULT_MAX_SKEW_SECONDS`]), and the errors of [`sign_internal_request`].
pub fn verify_internal_request(
    req: &InternalRequest<'_>,
    timestamp: Option<&str>,
    signature: Option<&str>,
    secrets: &Secrets,
    max_skew_seconds: Option<u64>,
    now_ms: i64,
) -> Result<VerifiedInternalRequest> {
    check_secrets(secrets)?;
    let max_skew_seconds = max_skew_seconds.unwrap_or(DEFAULT_MAX_SKEW_SECONDS);
    if max_skew_seconds > MAX_MAX_SKEW_SECONDS {
        return Err(Error::InvalidArgument(format!(
            "maxSkew must be at most {MAX_MAX_SKEW_SECONDS} seconds"
        )));
    }
    let (Some(ts), Some(sig)) = (timestamp, signature) else {
        return Err(Error::InternalSignatureMissing);
    };
    let ts = parse_timestamp(ts.trim())?;
    let tag = parse_signature(sig)?;
    let (text, method, path) = canonical(req, ts)?;
    let mut ok = false;
    for s in secrets.all() {
        ok |= ct_eq(&mac(&s.value, &text), &tag);
    }
    if !ok {
        return Err(Error::InternalSignatureInvalid(
            "no secret gives this signature for this method, path, body and time",
        ));
    }
    let now = now_ms.div_euclid(1000);
    if now.abs_diff(ts) > max_skew_seconds {
        return Err(Error::InternalRequestExpired {
            max_skew: max_skew_seconds,
        });
    }
    Ok(VerifiedInternalRequest {
        method,
        path,
        timestamp: ts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef-internal";
    const NOW: i64 = 1_767_225_600_123;

    fn req<'a>(method: &'a str, url: &'a str, body: &'a [u8]) -> InternalRequest<'a> {
        InternalRequest { method, url, body }
    }

    fn verify(
        r: &InternalRequest<'_>,
        h: &InternalRequestHeaders,
        secrets: &Secrets,
        now: i64,
    ) -> Result<VerifiedInternalRequest> {
        verify_internal_request(
            r,
            Some(&h.timestamp),
            Some(&h.signature),
            secrets,
            None,
            now,
        )
    }

    #[test]
    fn round_trip_and_every_tamper_is_refused() {
        let s = Secrets::single(SECRET);
        let signed = req(
            "post",
            "https://a.example:8443/api/x?b=2&a=1#frag",
            b"{\"a\":1}",
        );
        let h = sign_internal_request(&signed, &s, NOW).unwrap();
        assert_eq!(h.timestamp, "1767225600");
        assert!(h.signature.starts_with("v1=") && h.signature.len() == 46);
        let ok = verify(&req("POST", "/api/x?b=2&a=1", b"{\"a\":1}"), &h, &s, NOW).unwrap();
        assert_eq!(ok.method, "POST");
        assert_eq!(ok.path, "/api/x?b=2&a=1");
        let code = |r: &InternalRequest<'_>, now| verify(r, &h, &s, now).unwrap_err().code();
        let bad = "ERR_INTERNAL_SIGNATURE_INVALID";
        assert_eq!(code(&req("PUT", "/api/x?b=2&a=1", b"{\"a\":1}"), NOW), bad);
        assert_eq!(code(&req("POST", "/api/y?b=2&a=1", b"{\"a\":1}"), NOW), bad);
        assert_eq!(code(&req("POST", "/api/x?a=1&b=2", b"{\"a\":1}"), NOW), bad);
        assert_eq!(code(&req("POST", "/api/x", b"{\"a\":1}"), NOW), bad);
        assert_eq!(code(&req("POST", "/api/x?b=2&a=1", b"{\"a\":2}"), NOW), bad);
        assert_eq!(code(&req("POST", "/api/x?b=2&a=1", b""), NOW), bad);
        let same = req("POST", "/api/x?b=2&a=1", b"{\"a\":1}");
        assert_eq!(code(&same, NOW + 301_000), "ERR_INTERNAL_REQUEST_EXPIRED");
        assert_eq!(code(&same, NOW - 301_000), "ERR_INTERNAL_REQUEST_EXPIRED");
        assert!(verify(&same, &h, &s, NOW + 299_000).is_ok());
        // A changed timestamp header breaks the MAC (it is signed).
        let moved = InternalRequestHeaders {
            timestamp: (1_767_225_600i64 + 1).to_string(),
            signature: h.signature.clone(),
        };
        assert_eq!(verify(&same, &moved, &s, NOW).unwrap_err().code(), bad);
        // Another secret.
        let other = Secrets::single("another-secret-of-at-least-32-bytes!!");
        assert_eq!(verify(&same, &h, &other, NOW).unwrap_err().code(), bad);
        // Rotation: the verifier lists the new secret first and the old one after.
        let rotated = Secrets::list(["another-secret-of-at-least-32-bytes!!", SECRET]);
        assert!(verify(&same, &h, &rotated, NOW).is_ok());
    }

    #[test]
    fn headers_missing_or_malformed() {
        let s = Secrets::single(SECRET);
        let r = req("GET", "/x", b"");
        let h = sign_internal_request(&r, &s, NOW).unwrap();
        let v = |ts: Option<&str>, sig: Option<&str>| {
            verify_internal_request(&r, ts, sig, &s, Some(300), NOW)
                .unwrap_err()
                .code()
        };
        assert_eq!(
            v(None, Some(&h.signature)),
            "ERR_INTERNAL_SIGNATURE_MISSING"
        );
        assert_eq!(
            v(Some(&h.timestamp), None),
            "ERR_INTERNAL_SIGNATURE_MISSING"
        );
        for ts in ["", "-1", "1e9", "abc", "9999999999999", " 1 2"] {
            assert_eq!(
                v(Some(ts), Some(&h.signature)),
                "ERR_INTERNAL_SIGNATURE_INVALID"
            );
        }
        let long = "v1=".to_owned() + &"A".repeat(10_000);
        for sig in ["", "v1=", "v2=abc", &h.signature[3..], &long] {
            assert_eq!(
                v(Some(&h.timestamp), Some(sig)),
                "ERR_INTERNAL_SIGNATURE_INVALID"
            );
        }
    }

    #[test]
    fn configuration_and_input_errors() {
        let weak = Secrets::single("short");
        let r = req("GET", "/x", b"");
        assert_eq!(
            sign_internal_request(&r, &weak, NOW).unwrap_err().code(),
            "ERR_INTERNAL_SECRET_WEAK"
        );
        assert_eq!(
            sign_internal_request(&r, &Secrets(vec![]), NOW)
                .unwrap_err()
                .code(),
            "ERR_INVALID_ARGUMENT"
        );
        let s = Secrets::single(SECRET);
        for (m, u) in [
            ("", "/x"),
            ("GE T", "/x"),
            ("GET", "x"),
            ("GET", "/a b"),
            ("GET", ""),
        ] {
            assert_eq!(
                sign_internal_request(&req(m, u, b""), &s, NOW)
                    .unwrap_err()
                    .code(),
                "ERR_INVALID_ARGUMENT",
                "{m:?} {u:?}"
            );
        }
        let long_url = "/".repeat(MAX_URL_LEN + 1);
        assert!(sign_internal_request(&req("GET", &long_url, b""), &s, NOW).is_err());
        let big = vec![0u8; MAX_BODY_BYTES + 1];
        assert_eq!(
            sign_internal_request(&req("POST", "/x", &big), &s, NOW)
                .unwrap_err()
                .code(),
            "ERR_INTERNAL_BODY_TOO_LARGE"
        );
        let h = sign_internal_request(&r, &s, NOW).unwrap();
        assert_eq!(
            verify_internal_request(
                &r,
                Some(&h.timestamp),
                Some(&h.signature),
                &s,
                Some(86_401),
                NOW
            )
            .unwrap_err()
            .code(),
            "ERR_INVALID_ARGUMENT"
        );
    }

    #[test]
    fn absolute_and_relative_urls_sign_the_same_path() {
        let s = Secrets::single(SECRET);
        let a = sign_internal_request(&req("GET", "https://h.example/p?q=1", b""), &s, NOW);
        let b = sign_internal_request(&req("GET", "/p?q=1", b""), &s, NOW);
        assert_eq!(a.unwrap(), b.unwrap());
        let root = sign_internal_request(&req("GET", "https://h.example?q=1", b""), &s, NOW);
        let slash = sign_internal_request(&req("GET", "/?q=1", b""), &s, NOW);
        assert_eq!(root.unwrap(), slash.unwrap());
        let bare = sign_internal_request(&req("GET", "https://h.example", b""), &s, NOW);
        let one = sign_internal_request(&req("GET", "/", b""), &s, NOW);
        assert_eq!(bare.unwrap(), one.unwrap());
    }
}

//! BINDINGS (Python): the only module that names `pyo3`, built by maturin with
//! `--features python` (see `python/pyproject.toml`).
//!
//! The same recipe as `src/wasm.rs`: decode the arguments, call the core, encode the result,
//! map the error. No defaults, policy or logic here; those live in the core. The functions are
//! internal (`authcore_rs._authcore`); `python/authcore_rs/` wraps them into the public API.
//! Every argument arrives as a Python object and is checked here, so a caller that bypasses
//! the wrapper still gets an `AuthError` with a code for a wrong type, never a crash. Work that
//! can take milliseconds (scrypt, Argon2, bcrypt, PBKDF2, RSA/ECDSA/EdDSA) runs with the GIL
//! released.
#![allow(unsafe_code)] // the pyo3 macros expand to unsafe FFI glue

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyBytes, PyDict, PyInt, PyList, PyMapping, PySequence, PyString, PyTuple,
};

use crate::cookie::{self, CacheStrategy, CookieCacheOptions, SignCookieCacheOptions};
use crate::crypto::{Secret, Secrets, MAX_SECRETS};
use crate::error::Error;
use crate::password::{self, FirebaseParams, LegacyOptions, PasswordOptions};
use crate::token::{self as tok, Algorithm as TokAlg};

/// The Python `AuthError` class (defined in `authcore_rs/_errors.py`, registered at import).
static AUTH_ERROR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Register the `AuthError` class the bindings raise: `cls(code, message, claim=, reason=)`.
#[pyfunction]
fn _register_error(py: Python<'_>, cls: Bound<'_, PyAny>) -> PyResult<()> {
    let _ = AUTH_ERROR.set(py, cls.unbind());
    Ok(())
}

/// The core error as a Python `AuthError` (with jose's `claim` / `reason` for claim errors).
fn to_py(e: Error) -> PyErr {
    Python::attach(|py| {
        let Some(cls) = AUTH_ERROR.get(py) else {
            return PyValueError::new_err(format!("{}: {e}", e.code()));
        };
        let kwargs = PyDict::new(py);
        let build = || -> PyResult<PyErr> {
            if let Some(c) = e.claim() {
                kwargs.set_item("claim", c)?;
            }
            if let Some(r) = e.reason() {
                kwargs.set_item("reason", r)?;
            }
            let inst = cls
                .bind(py)
                .call((e.code(), e.to_string()), Some(&kwargs))?;
            Ok(PyErr::from_value(inst))
        };
        build().unwrap_or_else(|err| err)
    })
}

fn bad(what: impl Into<String>) -> Error {
    Error::InvalidArgument(what.into())
}

/// A `str` argument, borrowed (no copy of the text; a lone surrogate is an invalid argument).
fn text<'a>(v: &'a Bound<'_, PyAny>, name: &str) -> Result<std::borrow::Cow<'a, str>, Error> {
    let s = v
        .cast::<PyString>()
        .map_err(|_| bad(format!("{name} must be a str")))?;
    s.to_cow()
        .map_err(|_| bad(format!("{name} must be valid Unicode (no lone surrogates)")))
}

fn opt_text(v: Option<&Bound<'_, PyAny>>, name: &str) -> Result<Option<String>, Error> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => text(v, name).map(|s| Some(s.into_owned())),
    }
}

/// An integer argument that fits in an `i64` (`bool` is refused: it is not a count).
fn int(v: &Bound<'_, PyAny>, name: &str) -> Result<i64, Error> {
    if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() {
        return Err(bad(format!("{name} must be an int")));
    }
    v.extract::<i64>()
        .map_err(|_| bad(format!("{name} is out of range")))
}

fn opt_int(v: Option<&Bound<'_, PyAny>>, name: &str) -> Result<Option<i64>, Error> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => int(v, name).map(Some),
    }
}

/// Bytes from `bytes` or `str` (UTF-8).
fn bytes_or_text(v: &Bound<'_, PyAny>, name: &str) -> Result<Vec<u8>, Error> {
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if v.is_instance_of::<PyString>() {
        return Ok(text(v, name)?.as_bytes().to_vec());
    }
    Err(bad(format!("{name} must be str or bytes")))
}

/// Items of a list/tuple, at most `max` (a longer sequence is refused before it is read).
fn items<'py>(
    v: &Bound<'py, PyAny>,
    name: &str,
    max: usize,
) -> Result<Vec<Bound<'py, PyAny>>, Error> {
    if !(v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>()) {
        return Err(bad(format!("{name} must be a list or tuple")));
    }
    let seq = v
        .cast::<PySequence>()
        .map_err(|_| bad(format!("{name} must be a list or tuple")))?;
    let n = seq
        .len()
        .map_err(|_| bad(format!("{name} must be a list or tuple")))?;
    if n > max {
        return Err(bad(format!("{name} has more than {max} entries")));
    }
    (0..n)
        .map(|i| {
            seq.get_item(i)
                .map_err(|_| bad(format!("{name} changed while it was read")))
        })
        .collect()
}

/// `str | [str | {"version": int, "value": str} | (int, str)]`, checked by the core.
fn secrets(v: &Bound<'_, PyAny>) -> Result<Secrets, Error> {
    const SHAPE: &str =
        "secret must be a str or a list of str / {\"version\": int, \"value\": str}";
    // An unset environment variable (None) or an empty one: a configuration error, as in JS.
    if v.is_none()
        || v.cast::<PyString>()
            .is_ok_and(|t| t.to_cow().is_ok_and(|s| s.is_empty()))
    {
        return Err(Error::ConfigSecretMissing);
    }
    if v.is_instance_of::<PyString>() {
        return Secrets::checked(vec![Secret {
            version: None,
            value: text(v, "secret")?.into_owned(),
        }]);
    }
    let list = items(v, "secret", MAX_SECRETS).map_err(|_| bad(SHAPE))?;
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        if item.is_instance_of::<PyString>() {
            out.push(Secret {
                version: None,
                value: text(&item, "secret")?.into_owned(),
            });
        } else if let Ok(m) = item.cast::<PyMapping>() {
            let get = |k: &str| m.get_item(k).map_err(|_| bad(SHAPE));
            let version = int(&get("version")?, "secret version")?;
            let version = u32::try_from(version).map_err(|_| bad("secret version out of range"))?;
            out.push(Secret {
                version: Some(version),
                value: text(&get("value")?, "secret value")?.into_owned(),
            });
        } else if item.is_instance_of::<PyTuple>() {
            let pair = items(&item, "secret", 2)?;
            let [version, value] = pair.as_slice() else {
                return Err(bad(SHAPE));
            };
            let version = u32::try_from(int(version, "secret version")?)
                .map_err(|_| bad("secret version out of range"))?;
            out.push(Secret {
                version: Some(version),
                value: text(value, "secret value")?.into_owned(),
            });
        } else {
            return Err(bad(SHAPE));
        }
    }
    Secrets::checked(out)
}

fn strategy(v: Option<&Bound<'_, PyAny>>) -> Result<Option<CacheStrategy>, Error> {
    opt_text(v, "strategy")?
        .map(|s| CacheStrategy::parse(&s))
        .transpose()
}

fn json_text<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|e| bad(e.to_string()))
}

// ---- passwords ------------------------------------------------------------------------------

/// `legacy`: `None`/`False`, `True`, or `{"firebase": {"signer_key", "salt_separator",
/// "rounds", "mem_cost"}}` (base64 strings as in `firebase auth:export`).
fn password_options(
    max_password_length: Option<&Bound<'_, PyAny>>,
    legacy: Option<&Bound<'_, PyAny>>,
) -> Result<PasswordOptions, Error> {
    let mut out = PasswordOptions::default();
    if let Some(m) = opt_int(max_password_length, "max_password_length")? {
        if m < 1 {
            return Err(bad("max_password_length must be a positive integer"));
        }
        out.max_password_length = Some(usize::try_from(m).unwrap_or(usize::MAX));
    }
    out.validate()?;
    out.legacy = match legacy {
        None => None,
        Some(l) if l.is_none() => None,
        Some(l) if l.is_instance_of::<PyBool>() => {
            l.is_truthy().unwrap_or(false).then(LegacyOptions::default)
        }
        Some(l) => {
            let m = l
                .cast::<PyMapping>()
                .map_err(|_| bad("legacy must be a bool or {\"firebase\": {...}}"))?;
            let firebase = match m.get_item("firebase") {
                Err(_) => None,
                Ok(f) if f.is_none() => None,
                Ok(f) => {
                    let f = f
                        .cast::<PyMapping>()
                        .map_err(|_| bad("legacy[\"firebase\"] must be a mapping"))?
                        .clone();
                    let get = |k: &str| {
                        f.get_item(k)
                            .map_err(|_| bad(format!("legacy[\"firebase\"] needs {k:?}")))
                    };
                    let u = |k: &str| -> Result<u32, Error> {
                        u32::try_from(int(&get(k)?, k)?)
                            .map_err(|_| bad(format!("{k} out of range")))
                    };
                    Some(FirebaseParams::from_base64(
                        &text(&get("signer_key")?, "signer_key")?,
                        &text(&get("salt_separator")?, "salt_separator")?,
                        u("rounds")?,
                        u("mem_cost")?,
                    )?)
                }
            };
            Some(LegacyOptions { firebase })
        }
    };
    Ok(out)
}

#[pyfunction]
#[pyo3(signature = (password, max_password_length=None))]
fn password_hash(
    py: Python<'_>,
    password: &Bound<'_, PyAny>,
    max_password_length: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let run = || -> Result<String, Error> {
        let opts = password_options(max_password_length, None)?;
        let pw = text(password, "password")?;
        let pw: &str = &pw;
        py.detach(|| password::hash_password_opts(pw, &opts))
    };
    run().map_err(to_py)
}

#[pyfunction]
#[pyo3(signature = (password, salt, max_password_length=None))]
fn password_hash_with_salt(
    py: Python<'_>,
    password: &Bound<'_, PyAny>,
    salt: &Bound<'_, PyAny>,
    max_password_length: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let run = || -> Result<String, Error> {
        let opts = password_options(max_password_length, None)?;
        let pw = text(password, "password")?;
        let salt = text(salt, "salt")?;
        let (pw, salt): (&str, &str) = (&pw, &salt);
        py.detach(|| password::hash_password_with_salt_opts(pw, salt, &opts))
    };
    run().map_err(to_py)
}

#[pyfunction]
#[pyo3(signature = (hash, password, legacy=None, max_password_length=None))]
fn password_verify(
    py: Python<'_>,
    hash: &Bound<'_, PyAny>,
    password: &Bound<'_, PyAny>,
    legacy: Option<&Bound<'_, PyAny>>,
    max_password_length: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let run = || -> Result<bool, Error> {
        let opts = password_options(max_password_length, legacy)?;
        let hash = text(hash, "hash")?;
        let pw = text(password, "password")?;
        let (hash, pw): (&str, &str) = (&hash, &pw);
        py.detach(|| password::verify_password_opts(hash, pw, &opts))
    };
    run().map_err(to_py)
}

/// Validate password options once (`PasswordHasher(...)` checks them at creation).
#[pyfunction]
#[pyo3(signature = (max_password_length=None, legacy=None))]
fn password_check_options(
    max_password_length: Option<&Bound<'_, PyAny>>,
    legacy: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    password_options(max_password_length, legacy)
        .map(|_| ())
        .map_err(to_py)
}

/// JSON `{ algorithm, params, needsRehash }`.
#[pyfunction]
fn password_inspect(hash: &Bound<'_, PyAny>) -> PyResult<String> {
    (|| json_text(&password::inspect_password_hash(&text(hash, "hash")?)?))().map_err(to_py)
}

// ---- cookies --------------------------------------------------------------------------------

/// `secure` (explicit) or the request's URL scheme, resolved by the core.
fn secure_arg(
    secure: Option<&Bound<'_, PyAny>>,
    url: Option<&Bound<'_, PyAny>>,
) -> Result<Option<bool>, Error> {
    Ok(cookie::resolve_secure(
        opt_bool(secure, "secure")?,
        opt_text(url, "url")?.as_deref(),
    ))
}

/// A `bool` argument (`None` = unset); anything else is an invalid argument, not truthiness.
fn opt_bool(v: Option<&Bound<'_, PyAny>>, name: &str) -> Result<Option<bool>, Error> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if v.is_instance_of::<PyBool>() => Ok(Some(v.is_truthy().unwrap_or(false))),
        Some(_) => Err(bad(format!("{name} must be a bool"))),
    }
}

/// A lenient read's `(value, reason)`: the reason as `(code, message)`, or `None`.
type Outcome<T> = (Option<T>, Option<(String, String)>);

fn outcome<T, U>(
    o: cookie::ReadOutcome<T>,
    f: impl FnOnce(T) -> Result<U, Error>,
) -> Result<Outcome<U>, Error> {
    let reason = o.reason.map(|e| (e.code().to_string(), e.to_string()));
    Ok((o.value.map(f).transpose()?, reason))
}

/// `(token | None, (code, message) | None)`: `None` wherever Better Auth sees no session, with
/// the reason when a present cookie was refused; only configuration errors raise.
#[pyfunction]
#[pyo3(signature = (header, secret, cookie_prefix=None, secure=None, url=None, accept_previous_secrets=None))]
fn cookie_read_session_token(
    header: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    cookie_prefix: Option<&Bound<'_, PyAny>>,
    secure: Option<&Bound<'_, PyAny>>,
    url: Option<&Bound<'_, PyAny>>,
    accept_previous_secrets: Option<&Bound<'_, PyAny>>,
) -> PyResult<Outcome<String>> {
    (|| {
        let opts = cookie::SessionTokenOptions {
            secrets: secrets(secret)?,
            cookie_prefix: opt_text(cookie_prefix, "cookie_prefix")?,
            secure: secure_arg(secure, url)?,
            accept_previous_secrets: opt_bool(accept_previous_secrets, "accept_previous_secrets")?
                .unwrap_or(false),
        };
        outcome(
            cookie::read_session_token_lenient(&text(header, "cookie header")?, &opts)?,
            Ok,
        )
    })()
    .map_err(to_py)
}

#[pyfunction]
#[pyo3(signature = (value, secret, accept_previous_secrets=None))]
fn cookie_verify_signed_value(
    value: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    accept_previous_secrets: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    (|| {
        cookie::verify_signed_value_opts(
            &text(value, "value")?,
            &secrets(secret)?,
            opt_bool(accept_previous_secrets, "accept_previous_secrets")?.unwrap_or(false),
        )
    })()
    .map_err(to_py)
}

#[pyfunction]
fn cookie_sign_session_token(
    token: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
) -> PyResult<String> {
    (|| {
        let s = secrets(secret)?;
        Ok(cookie::sign_session_token(
            &text(token, "token")?,
            &s.current()?.value,
        ))
    })()
    .map_err(to_py)
}

/// `(JSON { session, user, updatedAt, version, expiresAt, strategy } | None, (code, message) |
/// None)`: `None` wherever Better Auth's `getCookieCache` gives null, with the reason when a
/// present cache was refused; only configuration errors raise.
#[pyfunction]
#[pyo3(signature = (header, secret, now_ms, cookie_prefix=None, strategy=None, jwks=None, secure=None, url=None, accept_previous_secrets=None, version=None))]
#[allow(clippy::too_many_arguments)]
fn cookie_read_cache(
    py: Python<'_>,
    header: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    now_ms: &Bound<'_, PyAny>,
    cookie_prefix: Option<&Bound<'_, PyAny>>,
    strategy: Option<&Bound<'_, PyAny>>,
    jwks: Option<&Bound<'_, PyAny>>,
    secure: Option<&Bound<'_, PyAny>>,
    url: Option<&Bound<'_, PyAny>>,
    accept_previous_secrets: Option<&Bound<'_, PyAny>>,
    version: Option<&Bound<'_, PyAny>>,
) -> PyResult<Outcome<String>> {
    let run = || -> Result<Outcome<String>, Error> {
        let opts = CookieCacheOptions {
            secrets: secrets(secret)?,
            cookie_prefix: opt_text(cookie_prefix, "cookie_prefix")?,
            strategy: self::strategy(strategy)?,
            jwks: opt_text(jwks, "jwks")?,
            now_ms: int(now_ms, "now")?,
            secure: secure_arg(secure, url)?,
            accept_previous_secrets: opt_bool(accept_previous_secrets, "accept_previous_secrets")?
                .unwrap_or(false),
            version: opt_text(version, "version")?,
        };
        let header = text(header, "cookie header")?;
        let header: &str = &header;
        // A JWKS-signed cache is an EdDSA/ES/RSA verification: no GIL needed.
        let o = py.detach(|| cookie::read_cookie_cache_lenient(header, &opts))?;
        outcome(o, |c| json_text(&c))
    };
    run().map_err(to_py)
}

/// `None` when a read cache's `version` matches `cookieCache.version` (a version function's
/// result), else the reason `(code, message)`.
#[pyfunction]
#[pyo3(signature = (cache_version, expected))]
fn cookie_cache_version_reason(
    cache_version: Option<&Bound<'_, PyAny>>,
    expected: &Bound<'_, PyAny>,
) -> PyResult<Option<(String, String)>> {
    (|| {
        let have = opt_text(cache_version, "cache version")?;
        let expected = text(expected, "the version function's result")?;
        Ok(cookie::check_cache_version(have.as_deref(), &expected)
            .err()
            .map(|e| (e.code().to_string(), e.to_string())))
    })()
    .map_err(to_py)
}

/// The cookie cache value Better Auth would set (`session_json` / `user_json`: JSON objects).
#[pyfunction]
#[pyo3(signature = (session_json, user_json, secret, now_ms, random, strategy=None, max_age=None, version=None))]
#[allow(clippy::too_many_arguments)]
fn cookie_sign_cache(
    session_json: &Bound<'_, PyAny>,
    user_json: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    now_ms: &Bound<'_, PyAny>,
    random: &Bound<'_, PyAny>,
    strategy: Option<&Bound<'_, PyAny>>,
    max_age: Option<&Bound<'_, PyAny>>,
    version: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    (|| {
        let random: [u8; 32] = random
            .cast::<PyBytes>()
            .ok()
            .and_then(|b| b.as_bytes().try_into().ok())
            .ok_or_else(|| bad("random must be 32 bytes"))?;
        let mut o = SignCookieCacheOptions::new(
            self::strategy(strategy)?.unwrap_or(CacheStrategy::Compact),
            secrets(secret)?,
            int(now_ms, "now")?,
            random,
        );
        if let Some(m) = opt_int(max_age, "max_age")? {
            o.max_age_s = m;
        }
        if let Some(v) = opt_text(version, "version")? {
            o.version = v;
        }
        let session = crate::jsjson::parse(&text(session_json, "session")?)?;
        let user = crate::jsjson::parse(&text(user_json, "user")?)?;
        cookie::sign_cookie_cache(&session, &user, &o)
    })()
    .map_err(to_py)
}

/// `[(name, value)]`: the cookies Better Auth would set for a cache value (chunked past 4 KB).
#[pyfunction]
fn cookie_chunk(
    name: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
    secure: bool,
    max_age: &Bound<'_, PyAny>,
) -> PyResult<Vec<(String, String)>> {
    (|| {
        let name = text(name, "name")?;
        let size = cookie::cookie_cache_chunk_size(&name, secure, int(max_age, "max_age")?);
        cookie::chunk_cookie_value(&name, &text(value, "value")?, size)
    })()
    .map_err(to_py)
}

#[pyfunction]
fn crypto_decrypt_private_key(
    stored: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
) -> PyResult<String> {
    (|| crate::crypto::decrypt_private_key(&text(stored, "private_key")?, &secrets(secret)?))()
        .map_err(to_py)
}

/// `[(version, value)]` from `BETTER_AUTH_SECRETS` ("2:new,1:old").
#[pyfunction]
fn secrets_parse_env(value: &Bound<'_, PyAny>) -> PyResult<Vec<(Option<u32>, String)>> {
    (|| {
        let s = Secrets::parse_env(&text(value, "BETTER_AUTH_SECRETS")?)?;
        Ok(s.0.iter().map(|x| (x.version, x.value.clone())).collect())
    })()
    .map_err(to_py)
}

/// Constant-time comparison of two shared secrets (`str` as UTF-8, or `bytes`).
#[pyfunction]
fn secrets_equal(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<bool> {
    (|| {
        Ok(crate::crypto::secrets_equal(
            &bytes_or_text(a, "a")?,
            &bytes_or_text(b, "b")?,
        ))
    })()
    .map_err(to_py)
}

/// JSON of `inspect_token` (kind, description, header, claims, parts …).
#[pyfunction]
fn token_inspect(value: &Bound<'_, PyAny>) -> PyResult<String> {
    (|| json_text(&cookie::inspect_token(&text(value, "value")?)?))().map_err(to_py)
}

/// JSON of `explain_token`: `{ info, valid, problems: [{ code, message }], notes }`.
#[pyfunction]
#[pyo3(signature = (value, now_ms, secret=None, jwks=None, issuer=None, audience=None, cookie_prefix=None, strategy=None))]
#[allow(clippy::too_many_arguments)]
fn token_explain(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    now_ms: &Bound<'_, PyAny>,
    secret: Option<&Bound<'_, PyAny>>,
    jwks: Option<&Bound<'_, PyAny>>,
    issuer: Option<&Bound<'_, PyAny>>,
    audience: Option<&Bound<'_, PyAny>>,
    cookie_prefix: Option<&Bound<'_, PyAny>>,
    strategy: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let run = || -> Result<String, Error> {
        let o = cookie::ExplainOptions {
            secrets: match secret {
                Some(s) if !s.is_none() => Some(secrets(s)?),
                _ => None,
            },
            jwks: opt_text(jwks, "jwks")?,
            issuer: opt_text(issuer, "issuer")?,
            audience: opt_text(audience, "audience")?,
            now_ms: int(now_ms, "now")?,
            cookie_prefix: opt_text(cookie_prefix, "cookie_prefix")?,
            strategy: self::strategy(strategy)?,
        };
        let value = text(value, "value")?;
        let value: &str = &value;
        json_text(&py.detach(|| cookie::explain_token(value, &o))?)
    };
    run().map_err(to_py)
}

// ---- tokens ---------------------------------------------------------------------------------

/// A key set parsed and imported once: a JWKS, one JWK, or an HMAC secret.
#[pyclass(module = "authcore_rs._authcore", frozen)]
struct Keys {
    inner: tok::Jwks,
}

#[pymethods]
impl Keys {
    /// Parse a JWKS or a single JWK from its JSON text.
    #[staticmethod]
    fn from_json(json: &Bound<'_, PyAny>) -> PyResult<Keys> {
        (|| tok::Jwks::from_json_any(&text(json, "jwks")?))()
            .map(|inner| Keys { inner })
            .map_err(to_py)
    }

    /// An HMAC secret (`str` as UTF-8, or `bytes`).
    #[staticmethod]
    fn from_secret(secret: &Bound<'_, PyAny>) -> PyResult<Keys> {
        let s = bytes_or_text(secret, "secret").map_err(to_py)?;
        if s.is_empty() {
            return Err(to_py(bad("secret must not be empty")));
        }
        Ok(Keys {
            inner: tok::Jwks::from_secret(&s),
        })
    }

    /// True when some key has this `kid` (`False` for anything but a `str`).
    fn has_kid(&self, kid: &Bound<'_, PyAny>) -> bool {
        text(kid, "kid").is_ok_and(|k| self.inner.has_kid(&k))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }
}

fn keys_arg<'a, 'py>(v: &'a Bound<'py, PyAny>) -> Result<PyRef<'py, Keys>, Error> {
    v.extract::<PyRef<'py, Keys>>()
        .map_err(|_| bad("jwks must be a key set (Keys)"))
}

fn algorithms(v: Option<&Bound<'_, PyAny>>) -> Result<Option<Vec<TokAlg>>, Error> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let list = if v.is_instance_of::<PyString>() {
        vec![v.clone()]
    } else {
        items(v, "algorithms", 32)?
    };
    list.iter()
        .map(|a| {
            let name = text(a, "algorithm")?;
            TokAlg::from_name(&name)
                .ok_or_else(|| bad(format!("unsupported algorithm {:?}", truncate(&name))))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(32) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `str | [str]` (at most 64 values).
fn one_or_many(v: Option<&Bound<'_, PyAny>>, name: &str) -> Result<Option<Vec<String>>, Error> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if v.is_instance_of::<PyString>() {
        return Ok(Some(vec![text(v, name)?.into_owned()]));
    }
    items(v, name, 64)?
        .iter()
        .map(|x| text(x, name).map(|s| s.into_owned()))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Seconds (`int`, `float` ≥ 0) or a jose time span (`"30s"`, `"15m"`).
fn span(v: Option<&Bound<'_, PyAny>>, name: &str) -> Result<Option<u64>, Error> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if v.is_instance_of::<PyString>() {
        return tok::parse_timespan(&text(v, name)?).map(Some);
    }
    if v.is_instance_of::<PyBool>() {
        return Err(bad(format!("{name} must be seconds or a time span")));
    }
    match v.extract::<f64>() {
        Ok(n) if (0.0..1e15).contains(&n) => Ok(Some(n.round() as u64)),
        _ => Err(bad(format!("{name} must be seconds >= 0 or a time span"))),
    }
}

/// Claim checks of `verify_jwt`, as keyword arguments.
#[allow(clippy::too_many_arguments)]
fn verify_options(
    algorithms: Option<&Bound<'_, PyAny>>,
    issuer: Option<&Bound<'_, PyAny>>,
    audience: Option<&Bound<'_, PyAny>>,
    subject: Option<&Bound<'_, PyAny>>,
    typ: Option<&Bound<'_, PyAny>>,
    required_claims: Option<&Bound<'_, PyAny>>,
    clock_tolerance: Option<&Bound<'_, PyAny>>,
    max_token_age: Option<&Bound<'_, PyAny>>,
) -> Result<tok::VerifyOptions, Error> {
    Ok(tok::VerifyOptions {
        algorithms: self::algorithms(algorithms)?,
        issuer: one_or_many(issuer, "issuer")?,
        audience: one_or_many(audience, "audience")?,
        subject: opt_text(subject, "subject")?,
        typ: opt_text(typ, "typ")?,
        required_claims: one_or_many(required_claims, "required_claims")?.unwrap_or_default(),
        clock_tolerance_secs: span(clock_tolerance, "clock_tolerance")?.unwrap_or(0),
        max_token_age_secs: span(max_token_age, "max_token_age")?,
    })
}

/// The token as `&str`; anything but a `str` is `ERR_JWS_INVALID` (as in JS).
fn token_text<'a>(v: &'a Bound<'_, PyAny>) -> Result<std::borrow::Cow<'a, str>, Error> {
    text(v, "token").map_err(|_| Error::JwsInvalid("the token must be a str"))
}

/// `(header_json, payload_json)`.
#[pyfunction]
#[pyo3(signature = (token, keys, now_ms, algorithms=None, issuer=None, audience=None, subject=None, typ=None, required_claims=None, clock_tolerance=None, max_token_age=None))]
#[allow(clippy::too_many_arguments)]
fn token_verify_jwt(
    py: Python<'_>,
    token: &Bound<'_, PyAny>,
    keys: &Bound<'_, PyAny>,
    now_ms: &Bound<'_, PyAny>,
    algorithms: Option<&Bound<'_, PyAny>>,
    issuer: Option<&Bound<'_, PyAny>>,
    audience: Option<&Bound<'_, PyAny>>,
    subject: Option<&Bound<'_, PyAny>>,
    typ: Option<&Bound<'_, PyAny>>,
    required_claims: Option<&Bound<'_, PyAny>>,
    clock_tolerance: Option<&Bound<'_, PyAny>>,
    max_token_age: Option<&Bound<'_, PyAny>>,
) -> PyResult<(String, String)> {
    let run = || -> Result<(String, String), Error> {
        let token = token_text(token)?;
        let keys = keys_arg(keys)?;
        let opts = verify_options(
            algorithms,
            issuer,
            audience,
            subject,
            typ,
            required_claims,
            clock_tolerance,
            max_token_age,
        )?;
        let now = int(now_ms, "now")?;
        let (token, jwks): (&str, &tok::Jwks) = (&token, &keys.inner);
        let v = py.detach(|| tok::verify_jwt(token, jwks, &opts, now))?;
        Ok((
            v.header.to_json(),
            String::from_utf8_lossy(&v.payload).into_owned(),
        ))
    };
    run().map_err(to_py)
}

/// `(header_json, payload_bytes)`.
#[pyfunction]
#[pyo3(signature = (token, keys, algorithms=None))]
fn token_verify_jws<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
    keys: &Bound<'py, PyAny>,
    algorithms: Option<&Bound<'py, PyAny>>,
) -> PyResult<(String, Bound<'py, PyBytes>)> {
    let run = || -> Result<(String, Vec<u8>), Error> {
        let token = token_text(token)?;
        let keys = keys_arg(keys)?;
        let algs = self::algorithms(algorithms)?;
        let (token, jwks): (&str, &tok::Jwks) = (&token, &keys.inner);
        let v = py.detach(|| tok::verify_jws(token, jwks, algs.as_deref()))?;
        Ok((v.header.to_json(), v.payload))
    };
    let (h, p) = run().map_err(to_py)?;
    Ok((h, PyBytes::new(py, &p)))
}

/// The protected header (JSON), checked for shape but not verified.
#[pyfunction]
fn token_decode_header(token: &Bound<'_, PyAny>) -> PyResult<String> {
    (|| Ok(tok::decode_header(&token_text(token)?)?.to_json()))().map_err(to_py)
}

/// Sign a JWT (`claims_json`: a JSON object; `jwk_json`: a private JWK).
#[pyfunction]
#[pyo3(signature = (claims_json, jwk_json, now_ms, alg=None, kid=None, typ=None, issuer=None, audience=None, subject=None, jti=None, expires_in=None, not_before=None, iat=true))]
#[allow(clippy::too_many_arguments)]
fn token_sign_jwt(
    claims_json: &Bound<'_, PyAny>,
    jwk_json: &Bound<'_, PyAny>,
    now_ms: &Bound<'_, PyAny>,
    alg: Option<&Bound<'_, PyAny>>,
    kid: Option<&Bound<'_, PyAny>>,
    typ: Option<&Bound<'_, PyAny>>,
    issuer: Option<&Bound<'_, PyAny>>,
    audience: Option<&Bound<'_, PyAny>>,
    subject: Option<&Bound<'_, PyAny>>,
    jti: Option<&Bound<'_, PyAny>>,
    expires_in: Option<&Bound<'_, PyAny>>,
    not_before: Option<&Bound<'_, PyAny>>,
    iat: bool,
) -> PyResult<String> {
    (|| {
        let claims: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text(claims_json, "claims")?)
                .map_err(|_| bad("claims must be a JSON object"))?;
        let key = tok::Jwk::from_json(&text(jwk_json, "private_jwk")?)?;
        let alg = opt_text(alg, "alg")?
            .map(|a| {
                TokAlg::from_name(&a).ok_or(Error::JoseNotSupported("unsupported \"alg\" value"))
            })
            .transpose()?;
        let o = tok::SignOptions {
            header: tok::JwsSignHeader {
                alg,
                kid: opt_text(kid, "kid")?,
                typ: opt_text(typ, "typ")?,
                extra: Default::default(),
            },
            issued_at: iat,
            expires_in_secs: span(expires_in, "expires_in")?,
            not_before_in_secs: span(not_before, "not_before")?,
            issuer: opt_text(issuer, "issuer")?,
            audience: one_or_many(audience, "audience")?,
            subject: opt_text(subject, "subject")?,
            jwt_id: opt_text(jti, "jti")?,
        };
        tok::sign_jwt(
            &claims,
            &key,
            &o,
            int(now_ms, "now")?,
            &mut crate::rng::OsRng,
        )
    })()
    .map_err(to_py)
}

/// `(public_jwk_json, private_jwk_json)`.
#[pyfunction]
fn token_generate_key_pair(py: Python<'_>, alg: &Bound<'_, PyAny>) -> PyResult<(String, String)> {
    let run = || -> Result<(String, String), Error> {
        let name = text(alg, "alg")?;
        let alg =
            TokAlg::from_name(&name).ok_or(Error::JoseNotSupported("unsupported \"alg\" value"))?;
        let pair = py.detach(|| tok::generate_key_pair(alg, &mut crate::rng::OsRng))?;
        Ok((pair.public_jwk.to_json(), pair.private_jwk.to_json()))
    };
    run().map_err(to_py)
}

#[pyfunction]
fn token_jwk_thumbprint(jwk_json: &Bound<'_, PyAny>) -> PyResult<String> {
    (|| tok::jwk_thumbprint(&tok::Jwk::from_json(&text(jwk_json, "jwk")?)?))().map_err(to_py)
}

/// A preset as keyword arguments for `verify_jwt`: `{algorithms, issuer?, audience?,
/// required_claims}`.
#[pyfunction]
#[pyo3(signature = (name, arg=None, arg2=None))]
fn token_preset<'py>(
    py: Python<'py>,
    name: &Bound<'py, PyAny>,
    arg: Option<&Bound<'py, PyAny>>,
    arg2: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let p = (|| {
        tok::presets::by_name(
            &text(name, "preset")?,
            opt_text(arg, "url")?.as_deref(),
            opt_text(arg2, "audience")?.as_deref(),
        )
    })()
    .map_err(to_py)?;
    let d = PyDict::new(py);
    if let Some(a) = &p.algorithms {
        let names: Vec<&str> = a.iter().map(|x| x.as_str()).collect();
        d.set_item("algorithms", names)?;
    }
    if let Some(i) = &p.issuer {
        d.set_item("issuer", i.clone())?;
    }
    if let Some(a) = &p.audience {
        d.set_item("audience", a.clone())?;
    }
    d.set_item("required_claims", p.required_claims.clone())?;
    Ok(d)
}

/// `"fetch" | "use_cached" | "cooling_down"`: the core's remote JWKS refresh decision.
#[pyfunction]
#[pyo3(signature = (fetched_at_ms, now_ms, kid_found, cooldown_ms=None, cache_max_age_ms=None))]
fn token_jwks_refresh_decision(
    fetched_at_ms: Option<i64>,
    now_ms: i64,
    kid_found: Option<bool>,
    cooldown_ms: Option<u64>,
    cache_max_age_ms: Option<u64>,
) -> &'static str {
    let state = tok::JwksCacheState { fetched_at_ms };
    let policy = tok::JwksCachePolicy {
        cooldown_ms: cooldown_ms.unwrap_or(tok::DEFAULT_JWKS_COOLDOWN_MS),
        cache_max_age_ms: cache_max_age_ms.unwrap_or(tok::DEFAULT_JWKS_CACHE_MAX_AGE_MS),
    };
    match tok::jwks_refresh_decision(&state, &policy, now_ms, kid_found) {
        tok::JwksRefresh::Fetch => "fetch",
        tok::JwksRefresh::UseCached => "use_cached",
        tok::JwksRefresh::CoolingDown => "cooling_down",
    }
}

/// The extension module `authcore_rs._authcore`.
#[pymodule]
fn _authcore(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_register_error, m)?)?;
    m.add_function(wrap_pyfunction!(password_hash, m)?)?;
    m.add_function(wrap_pyfunction!(password_hash_with_salt, m)?)?;
    m.add_function(wrap_pyfunction!(password_verify, m)?)?;
    m.add_function(wrap_pyfunction!(password_check_options, m)?)?;
    m.add_function(wrap_pyfunction!(password_inspect, m)?)?;
    m.add_function(wrap_pyfunction!(cookie_read_session_token, m)?)?;
    m.add_function(wrap_pyfunction!(cookie_verify_signed_value, m)?)?;
    m.add_function(wrap_pyfunction!(cookie_sign_session_token, m)?)?;
    m.add_function(wrap_pyfunction!(cookie_read_cache, m)?)?;
    m.add_function(wrap_pyfunction!(cookie_cache_version_reason, m)?)?;
    m.add_function(wrap_pyfunction!(cookie_sign_cache, m)?)?;
    m.add_function(wrap_pyfunction!(cookie_chunk, m)?)?;
    m.add_function(wrap_pyfunction!(crypto_decrypt_private_key, m)?)?;
    m.add_function(wrap_pyfunction!(secrets_parse_env, m)?)?;
    m.add_function(wrap_pyfunction!(secrets_equal, m)?)?;
    m.add_function(wrap_pyfunction!(token_inspect, m)?)?;
    m.add_function(wrap_pyfunction!(token_explain, m)?)?;
    m.add_function(wrap_pyfunction!(token_verify_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(token_verify_jws, m)?)?;
    m.add_function(wrap_pyfunction!(token_decode_header, m)?)?;
    m.add_function(wrap_pyfunction!(token_sign_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(token_generate_key_pair, m)?)?;
    m.add_function(wrap_pyfunction!(token_jwk_thumbprint, m)?)?;
    m.add_function(wrap_pyfunction!(token_preset, m)?)?;
    m.add_function(wrap_pyfunction!(token_jwks_refresh_decision, m)?)?;
    m.add_class::<Keys>()?;
    m.add("DEFAULT_JWKS_COOLDOWN_MS", tok::DEFAULT_JWKS_COOLDOWN_MS)?;
    m.add(
        "DEFAULT_JWKS_CACHE_MAX_AGE_MS",
        tok::DEFAULT_JWKS_CACHE_MAX_AGE_MS,
    )?;
    m.add(
        "DEFAULT_MAX_PASSWORD_LENGTH",
        password::DEFAULT_MAX_PASSWORD_LENGTH,
    )?;
    m.add("MAX_PASSWORD_BYTES", password::MAX_PASSWORD_BYTES)?;
    m.add("DEFAULT_COOKIE_PREFIX", cookie::DEFAULT_COOKIE_PREFIX)?;
    m.add("MAX_COOKIE_HEADER_BYTES", cookie::MAX_COOKIE_HEADER_BYTES)?;
    m.add("MAX_TOKEN_BYTES", tok::MAX_TOKEN_BYTES)?;
    m.add("MAX_JWKS_BYTES", tok::MAX_JWKS_BYTES)?;
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

//! The refresh decision behind a remote JWKS cache (the JS `createRemoteJwks` performs the
//! fetch; this pure function decides when).

/// Default minimum time between two refetches triggered by an unknown `kid`, in
/// milliseconds: 30 s, as jose's `cooldownDuration` (bounds fetches an attacker can cause).
pub const DEFAULT_JWKS_COOLDOWN_MS: u64 = 30_000;
/// Default maximum age of a cached JWKS, in milliseconds: 10 min, as jose's `cacheMaxAge`.
pub const DEFAULT_JWKS_CACHE_MAX_AGE_MS: u64 = 600_000;

/// What the cache knows about its last fetch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JwksCacheState {
    /// When the cached set was fetched (epoch ms); `None` if nothing is cached yet.
    pub fetched_at_ms: Option<i64>,
}

/// Cache timing policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JwksCachePolicy {
    /// Minimum time between refetches caused by an unknown `kid`. Defaults to
    /// [`DEFAULT_JWKS_COOLDOWN_MS`].
    pub cooldown_ms: u64,
    /// Refetch when the cached set is older than this. Defaults to
    /// [`DEFAULT_JWKS_CACHE_MAX_AGE_MS`].
    pub cache_max_age_ms: u64,
}

impl Default for JwksCachePolicy {
    fn default() -> Self {
        JwksCachePolicy {
            cooldown_ms: DEFAULT_JWKS_COOLDOWN_MS,
            cache_max_age_ms: DEFAULT_JWKS_CACHE_MAX_AGE_MS,
        }
    }
}

/// The decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwksRefresh {
    /// Fetch the set now (nothing cached, cache too old, or an unknown `kid` after the cooldown).
    Fetch,
    /// Use the cached set.
    UseCached,
    /// The `kid` is unknown but the cooldown has not elapsed: use the cached set (verification
    /// will fail with `ERR_JWKS_NO_MATCHING_KEY`) without fetching.
    CoolingDown,
}

/// Decide whether to refetch. `kid_found` is `None` before the cached set was consulted (or
/// when the token has no `kid`), `Some(false)` when the token's `kid` is not in the cached set.
pub fn jwks_refresh_decision(
    state: &JwksCacheState,
    policy: &JwksCachePolicy,
    now_ms: i64,
    kid_found: Option<bool>,
) -> JwksRefresh {
    let Some(at) = state.fetched_at_ms else {
        return JwksRefresh::Fetch;
    };
    let age = now_ms.saturating_sub(at);
    let older_than = |ms: u64| age < 0 || age as u64 >= ms;
    if older_than(policy.cache_max_age_ms) {
        return JwksRefresh::Fetch;
    }
    if kid_found == Some(false) {
        if older_than(policy.cooldown_ms) {
            JwksRefresh::Fetch
        } else {
            JwksRefresh::CoolingDown
        }
    } else {
        JwksRefresh::UseCached
    }
}

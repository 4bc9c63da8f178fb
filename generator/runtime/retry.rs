//! Retry policy, backoff and the pluggable sleep used between attempts.

use std::{
    collections::hash_map::RandomState,
    hash::BuildHasher,
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use futures::future::BoxFuture;
use http::{HeaderValue, Method, StatusCode};

/// When and how often a failed request is retried.
///
/// # What is retried
///
/// | failure | methods retried |
/// |---|---|
/// | `429 Too Many Requests` | **all**, including `POST` — a rate-limited request was not executed (idempotent only if [`RetryPolicy::retry_rate_limited_non_idempotent`] is off) |
/// | `500`, `502`, `503`, `504` | idempotent |
/// | connection could not be established (DNS, refused, connect timeout, TLS handshake) | **all**, including `POST` — the request never reached the server |
/// | timeout or I/O error after the request was sent, unreadable response body | idempotent |
/// | any other status, an undecodable body, an invalid request | none |
///
/// Idempotent methods are `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS` and
/// `TRACE`. `POST` and `PATCH` are only resent when the request provably
/// never reached the server or was refused with `429`, unless
/// [`RetryPolicy::retry_non_idempotent`] is set, in which case they are
/// retried like the others.
///
/// A `401 Unauthorized` is not a retry: with a
/// [`TokenSource`](super::TokenSource) the client refreshes the token and
/// sends the request once more, whatever this policy says.
///
/// # How long to wait
///
/// If the response carries `Retry-After` (delay in seconds or an HTTP date)
/// and [`RetryPolicy::honor_retry_after`] is set, the client waits exactly
/// that long — it is not capped by `max_backoff`, because retrying earlier
/// would only be rejected again. Otherwise retry number `n` (1 for the first
/// retry) waits up to `initial_backoff * 2^(n-1)`, capped at `max_backoff`;
/// with `jitter` the wait is drawn uniformly from the upper half of that
/// range ("equal jitter": at least half the backoff, so clients spread out
/// without ever retrying immediately).
///
/// # When to stop
///
/// After `max_attempts` attempts in total, or when the next wait would bring
/// the total time spent waiting above `max_total_wait` (for example a
/// `Retry-After` longer than the remaining budget). The error returned is
/// always the one from the last attempt.
///
/// Fields can be set directly or with the `with_*` methods:
/// `RetryPolicy::default().with_max_attempts(5)`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Total number of attempts, including the first one. `0` is treated as
    /// `1`. Default: 3.
    pub max_attempts: u32,
    /// Backoff before the first retry. Default: 500 ms.
    pub initial_backoff: Duration,
    /// Upper bound of one computed backoff (not of a `Retry-After` wait).
    /// Default: 30 s.
    pub max_backoff: Duration,
    /// Upper bound of the total time spent waiting between the attempts of
    /// one call. Default: 60 s.
    pub max_total_wait: Duration,
    /// Randomize backoffs ("equal jitter", see above). Default: `true`.
    pub jitter: bool,
    /// Also retry `POST` and `PATCH` requests on statuses and on failures
    /// after sending. Only enable this when the API makes such requests
    /// idempotent (for example with idempotency keys). Default: `false`.
    pub retry_non_idempotent: bool,
    /// Retry `POST` and `PATCH` requests refused with `429 Too Many
    /// Requests`: the server did not execute them, so sending them again
    /// cannot apply them twice. Turn it off for an API that may act on a
    /// request before rate limiting it. Default: `true`.
    pub retry_rate_limited_non_idempotent: bool,
    /// Wait for the duration given by a `Retry-After` response header instead
    /// of the computed backoff. Default: `true`.
    pub honor_retry_after: bool,
}

impl Default for RetryPolicy {
    /// Three attempts, 500 ms initial backoff doubling up to 30 s, at most
    /// 60 s of waiting in total, jitter on, `Retry-After` honoured,
    /// non-idempotent requests retried after a `429` but not after anything
    /// else they may have been received with.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_total_wait: Duration::from_secs(60),
            jitter: true,
            retry_non_idempotent: false,
            retry_rate_limited_non_idempotent: true,
            honor_retry_after: true,
        }
    }
}

impl RetryPolicy {
    /// Never retry: one attempt per call.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The default number of attempts, but without waiting between them:
    /// zero backoff, no jitter, and `Retry-After` ignored. Meant for tests.
    pub fn no_delay() -> Self {
        Self {
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            jitter: false,
            honor_retry_after: false,
            ..Self::default()
        }
    }

    /// Sets [`RetryPolicy::max_attempts`].
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets [`RetryPolicy::initial_backoff`].
    #[must_use]
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets [`RetryPolicy::max_backoff`].
    #[must_use]
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Sets [`RetryPolicy::max_total_wait`].
    #[must_use]
    pub fn with_max_total_wait(mut self, max_total_wait: Duration) -> Self {
        self.max_total_wait = max_total_wait;
        self
    }

    /// Sets [`RetryPolicy::jitter`].
    #[must_use]
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Sets [`RetryPolicy::retry_non_idempotent`].
    #[must_use]
    pub fn with_retry_non_idempotent(mut self, retry_non_idempotent: bool) -> Self {
        self.retry_non_idempotent = retry_non_idempotent;
        self
    }

    /// Sets [`RetryPolicy::retry_rate_limited_non_idempotent`].
    #[must_use]
    pub fn with_retry_rate_limited_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_rate_limited_non_idempotent = retry;
        self
    }

    /// Sets [`RetryPolicy::honor_retry_after`].
    #[must_use]
    pub fn with_honor_retry_after(mut self, honor_retry_after: bool) -> Self {
        self.honor_retry_after = honor_retry_after;
        self
    }

    /// The backoff ceiling before retry number `retry` (1 for the first
    /// retry): `initial_backoff * 2^(retry-1)`, capped at `max_backoff`.
    /// With jitter the actual wait lies between half of this and this.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// The total number of attempts allowed (at least 1).
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts.max(1)
    }

    /// Whether a request with `method` that got `status` (one of the
    /// retryable statuses) may be sent again.
    pub(crate) fn may_resend(&self, method: &Method, status: StatusCode) -> bool {
        is_idempotent(method)
            || self.retry_non_idempotent
            || (status == StatusCode::TOO_MANY_REQUESTS && self.retry_rate_limited_non_idempotent)
    }

    /// The wait before retry number `retry`, jitter applied.
    pub(crate) fn jittered_backoff(&self, retry: u32) -> Duration {
        let ceiling = self.backoff(retry);
        if !self.jitter || ceiling.is_zero() {
            return ceiling;
        }
        let half = ceiling / 2;
        half + (ceiling - half).mul_f64(random_unit())
    }
}

/// Whether `method` may be sent again without changing the outcome.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// Whether a response with this status is worth retrying.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::INTERNAL_SERVER_ERROR
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// Parses a `Retry-After` value: a number of seconds, or an HTTP date
/// (IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`) from which the delay
/// to now is computed (zero if it is in the past).
pub(crate) fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    parse_retry_after_at(value.to_str().ok()?, SystemTime::now())
}

fn parse_retry_after_at(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_imf_fixdate(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_imf_fixdate(value: &str) -> Option<SystemTime> {
    let mut parts = value.split_ascii_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: u32 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut time = parts.next()?.split(':');
    let hour: u64 = time.next()?.parse().ok()?;
    let minute: u64 = time.next()?.parse().ok()?;
    let second: u64 = time.next()?.parse().ok()?;
    if parts.next()? != "GMT"
        || parts.next().is_some()
        || time.next().is_some()
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = u64::try_from(days_from_civil(year, month, day)).ok()?;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A uniformly distributed number in `[0, 1)`.
///
/// Jitter needs no cryptographic quality, so instead of depending on a random
/// number crate this hashes a counter and the clock with the randomly keyed
/// SipHash that `std` uses for `HashMap`.
fn random_unit() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let bits = RandomState::new().hash_one((count, nanos));
    // The top 53 bits, as a fraction of 2^53.
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Waits between retry attempts.
///
/// The client sleeps through this trait so that tests (and unusual runtimes)
/// can replace the clock: a test can record the requested durations and
/// return immediately. The default is [`TokioSleep`].
pub trait Sleep: Send + Sync {
    /// Returns a future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// Sleeps with [`tokio::time::sleep`] (requires a Tokio runtime with the
/// time driver enabled, as `#[tokio::main]` provides).
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

impl<S: Sleep + ?Sized> Sleep for std::sync::Arc<S> {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        (**self).sleep(duration)
    }
}

impl<S: Sleep + ?Sized> Sleep for Box<S> {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        (**self).sleep(duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds() {
        assert_eq!(
            parse_retry_after_at(" 120 ", UNIX_EPOCH),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after_at("-1", UNIX_EPOCH), None);
        assert_eq!(parse_retry_after_at("soon", UNIX_EPOCH), None);
    }

    #[test]
    fn retry_after_http_date() {
        // 1994-11-06T08:49:37Z is 784111777 s after the epoch.
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777 - 30);
        assert_eq!(
            parse_retry_after_at(date, now),
            Some(Duration::from_secs(30))
        );
        let later = UNIX_EPOCH + Duration::from_secs(784_111_777 + 30);
        assert_eq!(parse_retry_after_at(date, later), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after_at("Sun, 06 Nov 1994 08:49:37 PST", now),
            None
        );
        assert_eq!(
            parse_retry_after_at("Sunday, 06-Nov-94 08:49:37 GMT", now),
            None
        );
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        assert_eq!(policy.backoff(1), Duration::from_millis(100));
        assert_eq!(policy.backoff(2), Duration::from_millis(200));
        assert_eq!(policy.backoff(3), Duration::from_millis(350));
        assert_eq!(policy.backoff(100), Duration::from_millis(350));
    }

    #[test]
    fn equal_jitter_stays_in_upper_half() {
        let policy = RetryPolicy::default().with_initial_backoff(Duration::from_millis(1000));
        for _ in 0..1000 {
            let wait = policy.jittered_backoff(1);
            assert!(wait >= Duration::from_millis(500) && wait <= Duration::from_millis(1000));
        }
    }
}

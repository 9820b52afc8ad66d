//! Limits on what one connection or one computer may ask: a student's connection sends at most
//! a steady number of messages a second (with a burst for a fast typist or a resend after a
//! drop), and a computer that gets join codes or the teacher secret wrong too often is made to
//! wait — so a join code cannot be guessed in practice.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Messages a second a student's connection may send, steadily.
pub const MESSAGES_PER_SECOND: f64 = 20.0;
/// Messages a student's connection may send at once (a resend of moves made offline).
pub const MESSAGE_BURST: f64 = 200.0;
/// Wrong join codes or teacher secrets one computer may try in [`FAILURE_WINDOW`].
pub const FAILURES_ALLOWED: u32 = 20;
/// The window in which [`FAILURES_ALLOWED`] are counted.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(60);

/// A token bucket: `rate` a second, up to `burst` at once.
#[derive(Debug, Clone)]
pub struct Bucket {
    tokens: f64,
    last: Instant,
    rate: f64,
    burst: f64,
}

impl Bucket {
    /// A full bucket.
    pub fn new(rate: f64, burst: f64, now: Instant) -> Bucket {
        Bucket {
            tokens: burst,
            last: now,
            rate,
            burst,
        }
    }

    /// A bucket for a student's connection.
    pub fn for_student(now: Instant) -> Bucket {
        Bucket::new(MESSAGES_PER_SECOND, MESSAGE_BURST, now)
    }

    /// Takes a token if there is one.
    pub fn take(&mut self, now: Instant) -> bool {
        let dt = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + dt * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Failed attempts (wrong join codes, wrong teacher secrets) by computer.
#[derive(Debug, Default)]
pub struct Failures {
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl Failures {
    /// `None` when `ip` may try again; otherwise how long it must wait.
    pub fn wait(&self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (since, n) = seen.get(&ip).copied()?;
        let over = now.saturating_duration_since(since);
        (n >= FAILURES_ALLOWED && over < FAILURE_WINDOW).then(|| FAILURE_WINDOW - over)
    }

    /// Counts a failed attempt from `ip`.
    pub fn failed(&self, ip: IpAddr, now: Instant) {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.saturating_duration_since(entry.0) >= FAILURE_WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        // Forget computers whose window is over, so the table stays small.
        if seen.len() > 10_000 {
            seen.retain(|_, (since, _)| now.saturating_duration_since(*since) < FAILURE_WINDOW);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_a_burst_then_its_rate() {
        let t0 = Instant::now();
        let mut b = Bucket::new(10.0, 3.0, t0);
        assert!(b.take(t0) && b.take(t0) && b.take(t0));
        assert!(!b.take(t0), "the burst is spent");
        assert!(
            b.take(t0 + Duration::from_millis(100)),
            "one more after a tenth of a second"
        );
        assert!(!b.take(t0 + Duration::from_millis(100)));
    }

    #[test]
    fn a_computer_that_guesses_codes_waits() {
        let f = Failures::default();
        let ip: IpAddr = [10, 0, 0, 7].into();
        let t0 = Instant::now();
        for _ in 0..FAILURES_ALLOWED {
            assert!(f.wait(ip, t0).is_none());
            f.failed(ip, t0);
        }
        assert!(f.wait(ip, t0).is_some());
        assert!(
            f.wait([10, 0, 0, 8].into(), t0).is_none(),
            "only that computer"
        );
        assert!(
            f.wait(ip, t0 + FAILURE_WINDOW).is_none(),
            "and only for a minute"
        );
    }
}

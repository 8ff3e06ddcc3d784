//! When to send again, from what the answer says: the seconds in its body (`resets_in_seconds`
//! of an upstream's usage limit, `reset_seconds` of a model's cooldown) or its `Retry-After`
//! header (seconds, or an HTTP-date). Shown two ways, because a wait of hours is planned by the
//! clock: "in 3 h 17 min (at 17:43 local time)".
//!
//! "Now" is passed in, never read here: `send` takes it from the system clock in the local time
//! zone (or from `OPEN1_SNIP_NOW`, see [`now`]), and tests pass a fixed one.

use jiff::{RoundMode, Timestamp, Unit, Zoned, ZonedRound, tz::TimeZone};

/// The environment variable that fixes `send`'s clock, for output that must not change with the
/// time it is run (the README's session, snapshot tests).
pub const NOW_ENV: &str = "OPEN1_SNIP_NOW";

/// Now, in the local time zone (`TZ`, else the system's): the instant in [`NOW_ENV`] when it is
/// set (an RFC 3339 instant such as `2026-11-25T14:26:00Z`), else the system clock.
pub fn now() -> Result<Zoned, String> {
    let zone = TimeZone::system();
    match std::env::var(NOW_ENV) {
        Err(std::env::VarError::NotPresent) => Ok(Zoned::now().with_time_zone(zone)),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(format!("{NOW_ENV} is not valid UTF-8: give an instant such as {NOW_ENV}=2026-11-25T14:26:00Z, or unset it"))
        }
        Ok(text) => text
            .trim()
            .parse::<Timestamp>()
            .map(|instant| instant.to_zoned(zone))
            .map_err(|error| {
                format!("{NOW_ENV}={text} is not an instant ({error}): give one such as {NOW_ENV}=2026-11-25T14:26:00Z, or unset it")
            }),
    }
}

/// The longest wait taken as meant: beyond it a number is garbage, not a reset time.
const MAX_SECONDS: f64 = 366.0 * 24.0 * 3600.0;

/// `seconds` after `now`; `None` for a negative, absurd or not finite number.
pub fn after_seconds(seconds: f64, now: &Zoned) -> Option<Zoned> {
    if !(0.0..=MAX_SECONDS).contains(&seconds) {
        return None;
    }
    let span = jiff::SignedDuration::from_secs_f64(seconds.ceil());
    now.checked_add(span).ok()
}

/// The time a `Retry-After` value names: a number of seconds after `now`, or an HTTP-date (the
/// IMF-fixdate `Wed, 25 Nov 2026 17:42:13 GMT`, which RFC 2822's grammar covers).
pub fn retry_after(value: &str, now: &Zoned) -> Option<Zoned> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return after_seconds(value.parse::<f64>().ok()?, now);
    }
    let instant = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    Some(instant.to_zoned(now.time_zone().clone()))
}

/// "in 41 s (at 14:26:41 local time)", "in 3 h 17 min (at 17:43 local time)", or "now" when
/// the time has passed. Waits of two minutes and more are rounded up to the minute, the clock
/// time with them, so that retrying at the time shown is never early.
pub fn describe(at: &Zoned, now: &Zoned) -> String {
    let seconds = at.timestamp().as_second() - now.timestamp().as_second()
        + i64::from(at.timestamp().subsec_nanosecond() > now.timestamp().subsec_nanosecond());
    if seconds <= 0 {
        return format!(
            "now: the time it gave ({} local time) has passed",
            clock(at, now, true)
        );
    }
    if seconds < 120 {
        return format!("in {seconds} s (at {} local time)", clock(at, now, true));
    }
    let minutes = (seconds + 59) / 60;
    let wait = match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    };
    let rounded = at
        .round(
            ZonedRound::new()
                .smallest(Unit::Minute)
                .mode(RoundMode::Ceil),
        )
        .unwrap_or_else(|_| at.clone());
    format!("in {wait} (at {} local time)", clock(&rounded, now, false))
}

/// The clock time of `at`, with its date when it is not today's.
fn clock(at: &Zoned, now: &Zoned, with_seconds: bool) -> String {
    let time = match with_seconds {
        true => "%H:%M:%S",
        false => "%H:%M",
    };
    match at.date() == now.date() {
        true => at.strftime(time).to_string(),
        false => at.strftime(&format!("%Y-%m-%d {time}")).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Zoned {
        "2026-11-25T14:26:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .to_zoned(TimeZone::UTC)
    }

    #[test]
    fn waits_are_a_duration_and_a_clock_time() {
        let now = now();
        let cases = [
            (41.0, "in 41 s (at 14:26:41 local time)"),
            (0.2, "in 1 s (at 14:26:01 local time)"),
            (120.0, "in 2 min (at 14:28 local time)"),
            (11773.0, "in 3 h 17 min (at 17:43 local time)"),
            (7200.0, "in 2 h (at 16:26 local time)"),
            (86400.0, "in 24 h (at 2026-11-26 14:26 local time)"),
        ];
        for (seconds, expected) in cases {
            let at = after_seconds(seconds, &now).unwrap();
            assert_eq!(describe(&at, &now), expected, "{seconds}");
        }
        assert_eq!(after_seconds(-1.0, &now), None);
        assert_eq!(after_seconds(f64::NAN, &now), None);
        assert_eq!(after_seconds(1e12, &now), None);
    }

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        let now = now();
        let shown = |value: &str| retry_after(value, &now).map(|at| describe(&at, &now));
        assert_eq!(
            shown("30").as_deref(),
            Some("in 30 s (at 14:26:30 local time)")
        );
        assert_eq!(
            shown("Wed, 25 Nov 2026 17:42:13 GMT").as_deref(),
            Some("in 3 h 17 min (at 17:43 local time)")
        );
        assert_eq!(
            shown("Wed, 25 Nov 2026 14:00:00 GMT").as_deref(),
            Some("now: the time it gave (14:00:00 local time) has passed")
        );
        assert_eq!(shown("-5"), None);
        assert_eq!(shown("soon"), None);
        assert_eq!(shown(""), None);
    }

    #[test]
    fn the_clock_is_the_local_zone() {
        let now = now().with_time_zone(TimeZone::get("Asia/Shanghai").unwrap());
        let at = after_seconds(11773.0, &now).unwrap();
        assert_eq!(
            describe(&at, &now),
            "in 3 h 17 min (at 2026-11-26 01:43 local time)"
        );
    }
}

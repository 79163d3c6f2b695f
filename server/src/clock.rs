//! Today's date where the users are: Asia/Shanghai (UTC+8, no daylight saving).

use app::domain::calendar::CalendarDate;
use chrono::{Datelike, TimeDelta, Utc};

pub fn shanghai_today() -> CalendarDate {
    let now = Utc::now() + TimeDelta::hours(8);
    let (Ok(year), Ok(month), Ok(day)) = (
        u16::try_from(now.year()),
        u8::try_from(now.month()),
        u8::try_from(now.day()),
    ) else {
        unreachable!("the current date fits the calendar types")
    };
    CalendarDate::new(year, month, day).unwrap_or_else(|_| unreachable!("chrono dates are valid"))
}

//! Authentication: password hashing, server-side sessions, login rate limits and the middleware
//! that tells every request who is calling.

pub mod middleware;
pub mod password;
pub mod rate_limit;
pub mod sessions;

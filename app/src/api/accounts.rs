//! Sign-in, sign-out and the current user, as server functions for the UI. The JSON API in the
//! server calls the same [`AccountDesk`](super::context::AccountDesk) service.

use super::error::AppError;
use crate::domain::access::SessionUser;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::RequestContext;
use super::types::UserSummary;

/// Signs in with a username and password. Access: public (rate-limited per IP and per account).
///
/// Without JavaScript the browser posts the form and gets a redirect: home on success, back to
/// `/login?error=…&field=…` on failure. Once hydrated the UI gets the user back and navigates
/// itself, without a reload.
#[server(prefix = "/sfn", endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<SessionUser, AppError> {
    use crate::domain::credentials::LoginAttempt;

    let ctx = RequestContext::current()?;
    ctx.authorize("login").await?;
    let plain_form = ctx.is_plain_form_post();
    let outcome = match LoginAttempt::parse(&username, &password) {
        Ok(attempt) => {
            ctx.services
                .accounts
                .login(
                    attempt,
                    ctx.identity.session_id.clone(),
                    ctx.identity.client_ip,
                )
                .await
        }
        Err(field_error) => Err(field_error.into()),
    };
    match outcome {
        Ok(success) => {
            ctx.set_cookie(&ctx.services.session_cookie.set(&success.session_token));
            if plain_form {
                leptos_axum::redirect("/");
            }
            Ok(success.user)
        }
        Err(error) => {
            let error = ctx.fail(error);
            if plain_form {
                let field = error.field.as_deref().unwrap_or("");
                leptos_axum::redirect(&format!(
                    "/login?error={}&field={field}",
                    error.code.as_str()
                ));
            }
            Err(error)
        }
    }
}

/// Ends the caller's session and clears the cookie. Access: public (a no-op when signed out).
#[server(prefix = "/sfn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("logout").await?;
    ctx.services.accounts.logout(&ctx.identity).await?;
    ctx.set_cookie(&ctx.services.session_cookie.clear());
    if ctx.is_plain_form_post() {
        leptos_axum::redirect("/");
    }
    Ok(())
}

/// The signed-in user, or `None`. Access: public.
#[server(prefix = "/sfn", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("current_user").await?;
    Ok(ctx.identity.user)
}

/// Every account. Access: admins.
#[server(prefix = "/sfn", endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("list_users").await?;
    let actor = ctx.user()?;
    ctx.services
        .accounts
        .list_users(actor)
        .await
        .map_err(|e| ctx.fail(e))
}

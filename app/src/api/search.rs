//! Server functions of the search pages: search, a worker's profile for employers, shortlists,
//! saved searches and the promoters' unmet-demand list.

use super::error::AppError;
use super::types::{SavedSearchView, SearchHit, SearchResults, ShortlistView, UnmetSearchView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::RequestContext;

/// Searches published workers. `query` is the search page's URL query string (q=…&county=…),
/// so the page, its links and saved searches all speak one format. Access: employers,
/// promoters, admins.
#[server(prefix = "/sfn", endpoint = "search_workers")]
pub async fn search_workers(query: String) -> Result<SearchResults, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("search_workers").await?;
    let params = serde_urlencoded::from_str(query.trim_start_matches('?'))
        .map_err(|_| ctx.fail(AppError::invalid("query", "搜索条件的格式不对")))?;
    ctx.services
        .search
        .search(&ctx.identity, &params)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One published worker as employers see them. Access: employers, promoters, admins.
#[server(prefix = "/sfn", endpoint = "worker_profile")]
pub async fn worker_profile(id: i32) -> Result<SearchHit, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("worker_profile").await?;
    ctx.services
        .search
        .profile(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The caller's shortlists. Access: employers, promoters, admins.
#[server(prefix = "/sfn", endpoint = "shortlists")]
pub async fn shortlists() -> Result<Vec<ShortlistView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("shortlists").await?;
    ctx.services
        .search
        .shortlists(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Creates a shortlist. Access: employers, promoters, admins.
#[server(prefix = "/sfn", endpoint = "create_shortlist")]
pub async fn create_shortlist(name: String) -> Result<ShortlistView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("create_shortlist").await?;
    let result = ctx
        .services
        .search
        .create_shortlist(&ctx.identity, &name)
        .await;
    ctx.answer_form(result, "/shortlists")
}

/// Deletes one of the caller's shortlists.
#[server(prefix = "/sfn", endpoint = "delete_shortlist")]
pub async fn delete_shortlist(id: i32) -> Result<(), AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("delete_shortlist").await?;
    let result = ctx
        .services
        .search
        .delete_shortlist(&ctx.identity, id)
        .await;
    ctx.answer_form(result, "/shortlists")
}

/// Only local paths: a plain form's `back` must not send the user to another site.
#[cfg(feature = "ssr")]
fn local_path(back: Option<String>, default: &str) -> String {
    back.filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| default.to_string())
}

/// Adds a worker to one of the caller's shortlists; `back` is the page to return to.
#[server(prefix = "/sfn", endpoint = "shortlist_worker")]
pub async fn shortlist_worker(
    shortlist_id: i32,
    worker_id: i32,
    back: Option<String>,
) -> Result<ShortlistView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("shortlist_worker").await?;
    let result = ctx
        .services
        .search
        .shortlist_worker(&ctx.identity, shortlist_id, worker_id)
        .await;
    ctx.answer_form(result, &local_path(back, "/shortlists"))
}

/// Removes a worker from one of the caller's shortlists.
#[server(prefix = "/sfn", endpoint = "unshortlist_worker")]
pub async fn unshortlist_worker(
    shortlist_id: i32,
    worker_id: i32,
) -> Result<ShortlistView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("unshortlist_worker").await?;
    let result = ctx
        .services
        .search
        .unshortlist_worker(&ctx.identity, shortlist_id, worker_id)
        .await;
    ctx.answer_form(result, "/shortlists")
}

/// The caller's saved searches with their "new since last visit" counts.
#[server(prefix = "/sfn", endpoint = "saved_searches")]
pub async fn saved_searches() -> Result<Vec<SavedSearchView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("saved_searches").await?;
    ctx.services
        .search
        .saved_searches(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Saves the search whose URL query string is `query_string` under `name`.
#[server(prefix = "/sfn", endpoint = "save_search")]
pub async fn save_search(name: String, query_string: String) -> Result<SavedSearchView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("save_search").await?;
    let result = ctx
        .services
        .search
        .save_search(&ctx.identity, &name, &query_string)
        .await;
    ctx.answer_form(result, "/saved-searches")
}

#[server(prefix = "/sfn", endpoint = "delete_saved_search")]
pub async fn delete_saved_search(id: i32) -> Result<(), AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("delete_saved_search").await?;
    let result = ctx
        .services
        .search
        .delete_saved_search(&ctx.identity, id)
        .await;
    ctx.answer_form(result, "/saved-searches")
}

/// Opens a saved search: marks it seen and sends the browser to its results.
#[server(prefix = "/sfn", endpoint = "visit_saved_search")]
pub async fn visit_saved_search(id: i32) -> Result<String, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("visit_saved_search").await?;
    let query_string = ctx
        .services
        .search
        .visit_saved_search(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    leptos_axum::redirect(&format!("/search?{query_string}"));
    Ok(query_string)
}

/// Searches that found nobody, for the promoter's county. Access: promoters, admins.
#[server(prefix = "/sfn", endpoint = "unmet_demand")]
pub async fn unmet_demand() -> Result<Vec<UnmetSearchView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("unmet_demand").await?;
    ctx.services
        .search
        .unmet_demand(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

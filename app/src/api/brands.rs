//! Public reads of the brand catalogue.

use super::error::AppError;
use super::types::BrandCard;
use leptos::prelude::*;

/// The labour brands shown on the home page. Access: public; carries no personal data.
#[server(prefix = "/sfn", endpoint = "featured_brands")]
pub async fn featured_brands() -> Result<Vec<BrandCard>, AppError> {
    let ctx = super::context::RequestContext::current()?;
    ctx.authorize("featured_brands").await?;
    ctx.services
        .brands
        .featured_brands()
        .await
        .map_err(|e| ctx.fail(e))
}

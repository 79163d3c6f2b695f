//! The public brand catalogue.

use super::unexpected;
use crate::db::entities::brand;
use app::api::AppError;
use app::api::context::BrandCatalogue;
use app::api::types::BrandCard;
use async_trait::async_trait;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

pub struct BrandService {
    db: DatabaseConnection,
}

impl BrandService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl BrandCatalogue for BrandService {
    async fn featured_brands(&self) -> Result<Vec<BrandCard>, AppError> {
        let fail = |e| unexpected("listing brands", e);
        let counties = super::county_names(&self.db).await.map_err(fail)?;
        let brands = brand::Entity::find()
            .order_by_asc(brand::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        Ok(brands
            .into_iter()
            .map(|b| BrandCard {
                county_name: b
                    .county_code
                    .as_ref()
                    .and_then(|code| counties.get(code).cloned())
                    .unwrap_or_else(|| "临汾市".to_string()),
                occupations: b
                    .occupations
                    .split('、')
                    .filter(|o| !o.is_empty())
                    .map(str::to_string)
                    .collect(),
                slug: b.slug,
                name: b.name,
            })
            .collect())
    }
}

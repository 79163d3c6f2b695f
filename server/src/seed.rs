//! Demo data: the brands the policy names, one organisation of each kind and one user per role.
//! Loaded on the first start of a new database when `demo_data` is on, or by `laowu seed`.
//! Idempotent: what exists already is left alone.

use crate::db::entities::{brand, company, employer};
use crate::services::accounts::{AccountService, NewAccount};
use crate::services::unexpected;
use app::api::AppError;
use app::domain::role::{Role, Scope};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

/// (slug, name, home county or None for city-wide, occupations, tier)
const BRANDS: [(&str, &str, Option<&str>, &str, &str); 6] = [
    (
        "fushan-chushi",
        "浮山厨师",
        Some("141027"),
        "中式烹调师、中式面点师",
        "city",
    ),
    (
        "quwo-yangtang",
        "曲沃羊汤",
        Some("141021"),
        "中式烹调师",
        "county",
    ),
    (
        "xiangfen-shaobing",
        "襄汾烧饼",
        Some("141023"),
        "中式面点师",
        "city",
    ),
    (
        "yicheng-shitoubing",
        "翼城石头饼",
        Some("141022"),
        "中式面点师",
        "county",
    ),
    (
        "xiangning-kongxin-yuebing",
        "乡宁空心月饼",
        Some("141029"),
        "中式面点师",
        "county",
    ),
    (
        "lvliangshan-jiazheng-hugong",
        "吕梁山家政护工",
        None,
        "家政服务员、养老护理员、母婴护理员",
        "province",
    ),
];

pub const DEMO_COMPANY: &str = "浮山县鑫厨劳务有限公司";
/// A made-up but well-formed 统一社会信用代码 (GB 32100 check character).
pub const DEMO_COMPANY_CREDIT_CODE: &str = "91141027MA0LW8XC2U";
pub const DEMO_EMPLOYER: &str = "北京京味楼餐饮有限公司";

/// (username, display name, role, password). Listed in the README; demo only.
pub const DEMO_USERS: [(&str, &str, Role, &str); 4] = [
    ("admin", "市人社局管理员", Role::Admin, "laowu-admin-2026"),
    (
        "fushan",
        "浮山县人社局",
        Role::Promoter,
        "laowu-promoter-2026",
    ),
    ("xinchu", "鑫厨劳务", Role::Company, "laowu-company-2026"),
    (
        "jingweilou",
        "京味楼人事部",
        Role::Employer,
        "laowu-employer-2026",
    ),
];

/// Seeds the demo data.
///
/// # Errors
/// When the database fails.
pub async fn seed_demo(db: &DatabaseConnection, accounts: &AccountService) -> Result<(), AppError> {
    let fail = |e| unexpected("seeding demo data", e);
    let now = Utc::now();
    for (slug, name, county, occupations, tier) in BRANDS {
        let exists = brand::Entity::find()
            .filter(brand::Column::Slug.eq(slug))
            .one(db)
            .await
            .map_err(fail)?
            .is_some();
        if !exists {
            brand::ActiveModel {
                slug: Set(slug.into()),
                name: Set(name.into()),
                county_code: Set(county.map(str::to_string)),
                occupations: Set(occupations.into()),
                tier: Set(tier.into()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(fail)?;
        }
    }

    let company_id = match company::Entity::find()
        .filter(company::Column::Name.eq(DEMO_COMPANY))
        .one(db)
        .await
        .map_err(fail)?
    {
        Some(c) => c.id,
        None => {
            company::ActiveModel {
                name: Set(DEMO_COMPANY.into()),
                county_code: Set("141027".into()),
                credit_code: Set(Some(DEMO_COMPANY_CREDIT_CODE.into())),
                contact_name: Set(Some("王经理".into())),
                contact_phone: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(fail)?
            .id
        }
    };
    let employer_id = match employer::Entity::find()
        .filter(employer::Column::Name.eq(DEMO_EMPLOYER))
        .one(db)
        .await
        .map_err(fail)?
    {
        Some(e) => e.id,
        None => {
            employer::ActiveModel {
                name: Set(DEMO_EMPLOYER.into()),
                region_code: Set("110000".into()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(fail)?
            .id
        }
    };

    for (username, display_name, role, password) in DEMO_USERS {
        let scope = match role {
            Role::Admin => Scope::City,
            Role::Promoter => Scope::County {
                code: "141027".into(),
            },
            Role::Company => Scope::Company { id: company_id },
            Role::Employer => Scope::Employer { id: employer_id },
        };
        let created = accounts
            .create_user(NewAccount {
                username: username.into(),
                display_name: display_name.into(),
                role,
                scope,
                password: password.into(),
            })
            .await;
        match created {
            Ok(_) => {}
            // Already there from an earlier seed.
            Err(e) if e.field.as_deref() == Some("username") => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

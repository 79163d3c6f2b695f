//! Demo data: the brands the policy names, one organisation of each kind and one user per role.
//! Loaded on the first start of a new database when `demo_data` is on, or by `laowu seed`.
//! Idempotent: what exists already is left alone.

use crate::db::entities::{brand, brand_membership, company, employer};
use crate::services::accounts::{AccountService, NewAccount};
use crate::services::unexpected;
use app::api::AppError;
use app::domain::brand::MembershipStatus;
use app::domain::role::{Role, Scope};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

/// (slug, name, home county or None for city-wide, occupations, tier)
pub(crate) type BrandSeed = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

const BRANDS: [BrandSeed; 6] = [
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

/// Creates the brands whose slugs are not there yet.
///
/// # Errors
/// Database errors.
pub(crate) async fn ensure_brands(
    db: &DatabaseConnection,
    brands: &[BrandSeed],
) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    for (slug, name, county, occupations, tier) in brands {
        let exists = brand::Entity::find()
            .filter(brand::Column::Slug.eq(*slug))
            .one(db)
            .await?
            .is_some();
        if !exists {
            brand::ActiveModel {
                slug: Set((*slug).into()),
                name: Set((*name).into()),
                county_code: Set(county.map(str::to_string)),
                occupations: Set((*occupations).into()),
                tier: Set((*tier).into()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Seeds the demo data.
///
/// # Errors
/// When the database fails.
pub async fn seed_demo(db: &DatabaseConnection, accounts: &AccountService) -> Result<(), AppError> {
    let fail = |e| unexpected("seeding demo data", e);
    let now = Utc::now();
    ensure_brands(db, &BRANDS).await.map_err(fail)?;

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
                // Set up by the city: approved from the start.
                approved_at: Set(Some(now)),
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
                city_code: Set(Some("110100".into())),
                city_name: Set(Some("北京市".into())),
                industry: Set(Some("餐饮".into())),
                contact_name: Set(Some("李经理".into())),
                created_at: Set(now),
                // Set up by the city: verified from the start.
                verified_at: Set(Some(now)),
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

    // The demo company is an approved member of 浮山厨师, so the brand page has a member.
    if let Some(fushan) = brand::Entity::find()
        .filter(brand::Column::Slug.eq("fushan-chushi"))
        .one(db)
        .await
        .map_err(fail)?
    {
        let member = brand_membership::Entity::find()
            .filter(brand_membership::Column::BrandId.eq(fushan.id))
            .filter(brand_membership::Column::CompanyId.eq(company_id))
            .one(db)
            .await
            .map_err(fail)?;
        if member.is_none() {
            brand_membership::ActiveModel {
                brand_id: Set(fushan.id),
                company_id: Set(company_id),
                status: Set(MembershipStatus::Approved.code().to_string()),
                applied_at: Set(now),
                decided_at: Set(Some(now)),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(fail)?;
        }
    }
    Ok(())
}

/// Demo workers' surnames and given names (common in southern Shanxi).
const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "郭", "贾", "薛", "卫", "段", "申",
    "史", "范", "阎", "梁",
];
const GIVEN_NAMES: [&str; 24] = [
    "建国", "秀英", "海平", "桂兰", "志强", "红梅", "晓东", "丽娜", "永刚", "春燕", "文军", "小红",
    "国庆", "玉珍", "宏伟", "翠萍", "俊峰", "淑芬", "卫东", "彩霞", "鹏飞", "慧敏", "振华", "月娥",
];

/// (occupations, certificate issuer, bio) that fit each brand's trade.
const TRADES: [(&str, &str); 6] = [
    (
        "中式烹调师",
        "浮山厨师出身，擅长过油肉、糖醋鲤鱼和晋南家常菜，可做大锅菜",
    ),
    (
        "中式烹调师",
        "曲沃羊汤传人，会熬羊汤、做羊杂割，熟悉后厨卫生管理",
    ),
    (
        "中式面点师",
        "襄汾烧饼师傅，会打晋襄酥烧饼，能独立负责面点档口",
    ),
    ("中式面点师", "翼城石头饼手艺人，懂和面、火候，能带徒弟"),
    ("中式面点师", "乡宁空心月饼制作多年，擅长节令糕点"),
    (
        "养老护理员、家政服务员",
        "吕梁山护工培训结业，会老人护理、月子护理和家务整理",
    ),
];
const REGIONS: [&str; 11] = [
    "北京",
    "上海",
    "天津",
    "江苏",
    "浙江",
    "广东",
    "新疆",
    "内蒙古",
    "陕西",
    "河北",
    "山西",
];
const COUNTY_CODES: [&str; 17] = [
    "141002", "141021", "141022", "141023", "141024", "141025", "141026", "141027", "141028",
    "141029", "141030", "141031", "141032", "141033", "141034", "141081", "141082",
];
const LEVELS: [&str; 5] = [
    "五级/初级工",
    "四级/中级工",
    "三级/高级工",
    "二级/技师",
    "一级/高级技师",
];

/// Schooling of demo workers, weighted towards 初中 as in rural Shanxi.
const EDUCATION: [&str; 6] = ["初中", "初中", "高中", "中专/技校", "初中", "大专"];

/// A deterministic ledger of `count` realistic workers (the same every time), for demos and
/// benchmarks. Generated as a CSV ledger so it goes through the same checks as a real import.
pub fn demo_ledger(count: usize) -> String {
    use app::domain::id_number::with_check_char;
    use app::domain::roster::LedgerColumn;
    use std::fmt::Write;

    let mut state: u64 = 0x2017_0052_1410_2700;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let headers: Vec<&str> = LedgerColumn::ALL.iter().map(|c| c.chinese()).collect();
    let mut out = headers.join(",");
    out.push('\n');
    for n in 0..count {
        let county = COUNTY_CODES[next(COUNTY_CODES.len())];
        // Birth date and sequence number are a function of n, so every generated person is
        // distinct (up to 13 million rows) and even a small demo spans many ages.
        let b = n % 13_440;
        let birth = format!(
            "{}{:02}{:02}",
            1966 + b % 40,
            1 + (b / 40) % 12,
            1 + (b / 480) % 28
        );
        let sequence = (n / 13_440) % 1000;
        let Some(id) = with_check_char(&format!("{county}{birth}{sequence:03}")) else {
            continue;
        };
        let (occupations, bio) = TRADES[next(TRADES.len())];
        // One in five is from a registered (建档立卡) household; neighbours in the sequence
        // sometimes share one.
        let registered = next(5) == 0;
        let (household, status) = if registered {
            (
                format!("{county}{:06}", n / 2),
                // One status per household.
                ["贫困户", "已脱贫", "已脱贫", "监测户"][(n / 2) % 4],
            )
        } else {
            (String::new(), "")
        };
        let level = LEVELS[next(3)];
        let regions = format!(
            "{}、{}",
            REGIONS[next(REGIONS.len())],
            REGIONS[next(REGIONS.len())]
        );
        let _ = writeln!(
            out,
            "{}{},{id},1{}{:09},{county},{},{occupations},{level},S{:012},临汾市职业技能鉴定指导中心,20{:02}-0{}-15,{},{},{regions},2027-0{}-01,{bio},{},{},{},{household},{status}",
            SURNAMES[next(SURNAMES.len())],
            GIVEN_NAMES[next(GIVEN_NAMES.len())],
            3 + next(7),
            n,
            if registered { "是" } else { "否" },
            n,
            10 + next(15),
            1 + next(9),
            1 + next(25),
            4000 + 500 * next(12),
            1 + next(9),
            EDUCATION[next(EDUCATION.len())],
            if next(3) == 0 { "是" } else { "否" },
            if next(6) == 0 { "否" } else { "是" },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_ledger_is_deterministic_and_every_row_passes_the_ledger_check() {
        use app::domain::calendar::CalendarDate;
        use app::domain::roster::{LedgerColumn, ReferenceData, check_row, map_headers};
        use std::collections::HashMap;

        let ledger = demo_ledger(2500);
        assert_eq!(ledger, demo_ledger(2500));
        let mut lines = ledger.lines();
        let headers: Vec<String> = lines
            .next()
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect();
        let columns = map_headers(&headers).unwrap();
        let reference = ReferenceData::new(
            COUNTY_CODES.iter().map(|c| (*c, *c)),
            REGIONS.iter().map(|r| (*r, *r, *r)),
        );
        let today = CalendarDate::new(2026, 11, 28).unwrap();
        let mut ids = std::collections::HashSet::new();
        for line in lines {
            let cells: HashMap<LedgerColumn, String> = columns
                .iter()
                .zip(line.split(','))
                .filter_map(|(c, v)| c.map(|c| (c, v.to_string())))
                .collect();
            let record =
                check_row(&cells, &reference, today).unwrap_or_else(|e| panic!("{line}: {e:?}"));
            assert!(
                ids.insert(record.id_number.as_str().to_string()),
                "duplicate ID"
            );
        }
        assert_eq!(ids.len(), 2500);
    }
}

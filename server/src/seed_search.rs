//! Searchable demo workers: a small, hand-written cast of cooks, bakers, carers, weavers and
//! welders across brand companies, consented and mostly verified, so the search page has
//! something true to show on a new demo, and so the relevance tests have a fixed set of people
//! whose right answers are known. Loaded when `demo_workers` is on (`make run` has it on).

use crate::db::entities::{app_user, brand, brand_membership, company, worker};
use crate::search::change_log::{self, ChangeReason};
use crate::services::ledger_file::LedgerInput;
use crate::services::roster::{Actor, ImportMode, RosterService};
use app::api::AppError;
use app::domain::brand::{CertificateStatus, MembershipStatus};
use app::domain::id_number::with_check_char;
use app::domain::roster::{CertificateLevel, LedgerColumn};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use std::sync::Arc;

/// Brands the cast needs beyond the six of the policy text: 蒲县's willow weaving (from its
/// 杞柳编织 contest) and a cultivating welders' brand for 侯马.
const EXTRA_BRANDS: [crate::seed::BrandSeed; 2] = [
    (
        "puxian-qiliu-bianzhi",
        "蒲县杞柳编",
        Some("141033"),
        "编织工",
        "cultivating",
    ),
    (
        "houma-hangong",
        "侯马焊工",
        Some("141081"),
        "焊工",
        "cultivating",
    ),
];

/// (company, county, brand slug or none): the last is deliberately in no brand, so its workers
/// must never be searchable.
/// A demo account for the first cast company, so the hiring flow can be tried from both sides
/// (the employer `jingweilou` asks for a 浮山 cook; this company answers and signs).
pub const CAST_COMPANY_USER: (&str, &str) = ("chuyi-hezuoshe", "laowu-company-2026");

const COMPANIES: [(&str, &str, Option<&str>); 8] = [
    ("浮山县厨艺劳务合作社", "141027", Some("fushan-chushi")),
    ("曲沃县羊汤劳务有限公司", "141021", Some("quwo-yangtang")),
    (
        "襄汾县晋襄酥劳务有限公司",
        "141023",
        Some("xiangfen-shaobing"),
    ),
    (
        "翼城县石头饼劳务服务部",
        "141022",
        Some("yicheng-shitoubing"),
    ),
    (
        "吕梁山家政服务有限公司",
        "141028",
        Some("lvliangshan-jiazheng-hugong"),
    ),
    (
        "蒲县杞柳编织专业合作社",
        "141033",
        Some("puxian-qiliu-bianzhi"),
    ),
    ("侯马市技工劳务有限公司", "141081", Some("houma-hangong")),
    ("洪洞县劳务输出服务中心", "141024", None),
];

/// One cast member.
pub struct CastMember {
    pub company: usize,
    pub name: &'static str,
    pub birth: &'static str,
    pub male: bool,
    pub occupation: &'static str,
    /// 1–5, or 0 for no certificate.
    pub level: u8,
    pub verified: bool,
    pub years: u8,
    pub wage: u32,
    pub regions: &'static str,
    pub available: &'static str,
    pub bio: &'static str,
    pub consented: bool,
}

/// A cast member in one line each (the table below reads like the ledger it becomes).
#[allow(clippy::too_many_arguments)]
const fn m(
    company: usize,
    name: &'static str,
    birth: &'static str,
    male: bool,
    occupation: &'static str,
    (level, verified): (u8, bool),
    (years, wage): (u8, u32),
    regions: &'static str,
    available: &'static str,
    bio: &'static str,
) -> CastMember {
    CastMember {
        company,
        name,
        birth,
        male,
        occupation,
        level,
        verified,
        years,
        wage,
        regions,
        available,
        bio,
        consented: true,
    }
}

/// The cast. Names are unique so tests can find people by name.
pub const CAST: [CastMember; 33] = [
    m(
        0,
        "王建国",
        "19750312",
        true,
        "中式烹调师",
        (2, true),
        (22, 9000),
        "北京、天津",
        "",
        "浮山厨师，擅长过油肉、糖醋鲤鱼，做过北京晋菜馆主厨，能带后厨团队",
    ),
    m(
        0,
        "张志强",
        "19820521",
        true,
        "中式烹调师",
        (3, true),
        (15, 8000),
        "北京",
        "",
        "浮山大厨，晋南家常菜、大锅菜都拿手，也会做羊汤",
    ),
    m(
        0,
        "李红梅",
        "19880203",
        false,
        "中式面点师",
        (3, true),
        (10, 6500),
        "北京、河北",
        "",
        "面点师，会做花馍、刀削面和各式面食",
    ),
    m(
        0,
        "赵海平",
        "19790817",
        true,
        "中式烹调师",
        (1, false),
        (25, 12000),
        "上海",
        "",
        "高级技师，擅长晋菜宴席，曾任酒店行政总厨",
    ),
    m(
        0,
        "刘永刚",
        "19900609",
        true,
        "中式烹调师",
        (4, true),
        (6, 6000),
        "新疆、北京",
        "",
        "年轻厨师，能吃苦，炒菜快，愿去新疆",
    ),
    m(
        0,
        "孙晓东",
        "19851120",
        true,
        "中式烹调师",
        (3, true),
        (12, 7500),
        "北京",
        "",
        "厨子出身，会做过油肉、红烧肉",
    ),
    m(
        0,
        "郑丽娜",
        "19920714",
        false,
        "中式烹调师",
        (5, false),
        (3, 5000),
        "浙江",
        "",
        "学徒出身，会做家常菜",
    ),
    CastMember {
        consented: false,
        ..m(
            0,
            "冯国庆",
            "19781001",
            true,
            "中式烹调师",
            (3, true),
            (18, 8500),
            "北京",
            "",
            "独门绝技蟹黄汤包，多年酒楼经验",
        )
    },
    m(
        1,
        "韩振华",
        "19760405",
        true,
        "中式烹调师",
        (2, true),
        (20, 9500),
        "北京、内蒙古",
        "",
        "曲沃羊汤传人，会熬羊汤、做羊杂割",
    ),
    m(
        1,
        "杨玉珍",
        "19830918",
        false,
        "中式烹调师",
        (3, true),
        (13, 7000),
        "陕西",
        "",
        "羊汤馆帮厨十年，熬汤火候好，会做羊肉泡馍",
    ),
    m(
        1,
        "何鹏飞",
        "19910222",
        true,
        "中式烹调师",
        (4, false),
        (5, 6000),
        "新疆",
        "",
        "会做羊汤和羊肉串，愿去新疆",
    ),
    m(
        2,
        "马宏伟",
        "19840713",
        true,
        "中式面点师",
        (3, true),
        (12, 7000),
        "北京、江苏",
        "",
        "襄汾烧饼师傅，会打晋襄酥烧饼",
    ),
    m(
        2,
        "朱淑芬",
        "19860130",
        false,
        "中式面点师",
        (4, true),
        (9, 6000),
        "天津",
        "",
        "会做烧饼、油旋、千层饼",
    ),
    m(
        2,
        "胡俊峰",
        "19930508",
        true,
        "中式面点师",
        (5, false),
        (2, 5000),
        "江苏",
        "",
        "烧饼学徒，肯学肯干",
    ),
    m(
        3,
        "郭彩霞",
        "19810611",
        false,
        "中式面点师",
        (3, true),
        (15, 6500),
        "北京",
        "",
        "翼城石头饼手艺人，懂和面、火候，能带徒弟",
    ),
    m(
        3,
        "林卫东",
        "19771125",
        true,
        "中式面点师",
        (2, true),
        (20, 8000),
        "广东",
        "",
        "石头饼、空心月饼都会做，做过食品厂面点主管",
    ),
    m(
        4,
        "高秀英",
        "19720902",
        false,
        "养老护理员",
        (3, true),
        (12, 6500),
        "北京",
        "",
        "养老院护工，会老人护理、翻身、鼻饲，照顾失能老人",
    ),
    m(
        4,
        "罗桂兰",
        "19750420",
        false,
        "养老护理员",
        (2, true),
        (16, 7500),
        "北京、天津",
        "",
        "养老护理技师，带过护理班组，擅长失智老人照护",
    ),
    m(
        4,
        "梁春燕",
        "19850116",
        false,
        "母婴护理员",
        (3, true),
        (8, 12000),
        "北京、上海",
        "",
        "金牌月嫂，会月子护理、新生儿护理和月子餐",
    ),
    m(
        4,
        "宋月娥",
        "19800305",
        false,
        "母婴护理员",
        (4, true),
        (10, 10000),
        "上海",
        "",
        "擅长产妇护理、催乳和月子餐",
    ),
    m(
        4,
        "唐翠萍",
        "19780727",
        false,
        "家政服务员",
        (4, true),
        (10, 6000),
        "北京",
        "2027-03-01",
        "保姆，会做饭、打扫、照顾老人",
    ),
    m(
        4,
        "许慧敏",
        "19901012",
        false,
        "家政服务员",
        (5, false),
        (3, 5500),
        "浙江",
        "",
        "家政阿姨，收纳整理、做家常菜",
    ),
    m(
        4,
        "韩小红",
        "19870819",
        false,
        "养老护理员",
        (4, false),
        (5, 5500),
        "江苏",
        "",
        "医院陪护经验，会照顾术后病人",
    ),
    m(
        5,
        "范海平",
        "19700228",
        true,
        "编织工",
        (3, true),
        (25, 5000),
        "山西、河北",
        "",
        "杞柳编织手艺人，会编筐、编篮，参加过蒲伊杯杞柳编织大赛",
    ),
    m(
        5,
        "阎玉珍",
        "19800614",
        false,
        "编织工",
        (4, true),
        (12, 4500),
        "山西",
        "",
        "柳编工艺品，会编果篮和收纳筐",
    ),
    m(
        5,
        "史国庆",
        "19650109",
        true,
        "编织工",
        (2, false),
        (35, 5500),
        "北京",
        "",
        "柳编老艺人，能带徒",
    ),
    m(
        6,
        "梁永刚",
        "19840310",
        true,
        "焊工",
        (2, true),
        (15, 11000),
        "新疆、内蒙古",
        "",
        "电焊工，会氩弧焊、二保焊，做过管道和钢结构",
    ),
    m(
        6,
        "曹志强",
        "19880427",
        true,
        "焊工",
        (3, true),
        (10, 9000),
        "新疆",
        "",
        "持特种作业证，做过石化项目",
    ),
    m(
        6,
        "董建国",
        "19920915",
        true,
        "焊工",
        (4, true),
        (5, 7500),
        "陕西",
        "",
        "二保焊、手工焊，能吃苦",
    ),
    m(
        6,
        "袁晓东",
        "19790601",
        true,
        "焊工",
        (2, false),
        (20, 10000),
        "新疆、北京",
        "",
        "焊接技师，带过焊工班",
    ),
    m(
        7,
        "彭文军",
        "19850403",
        true,
        "中式烹调师",
        (3, true),
        (12, 8000),
        "北京",
        "",
        "洪洞大厨，做过县城饭店主厨",
    ),
    m(
        0,
        "谢文静",
        "19890921",
        false,
        "中式面点师",
        (4, true),
        (7, 6000),
        "北京",
        "2027-02-01",
        "会做花卷、包子和北方面食",
    ),
    m(
        4,
        "潘丽华",
        "19820111",
        false,
        "养老护理员",
        (3, true),
        (11, 7000),
        "天津",
        "",
        "护理员，会康复训练和老人照护",
    ),
];

/// The ID and phone number of cast member `index` (deterministic, so other demo data can name
/// a cast member in a ledger). The 17th digit's parity is the sex (odd: male).
pub fn cast_identity(index: usize) -> Option<(String, String)> {
    let c = CAST.get(index)?;
    let county = COMPANIES.get(c.company)?.1;
    let sequence = 100 + 2 * index + usize::from(c.male);
    let id = with_check_char(&format!("{county}{}{sequence:03}", c.birth))?;
    Some((id, format!("1380357{index:04}")))
}

/// The cast companies: (name, county code, brand slug).
pub fn cast_company(index: usize) -> Option<(&'static str, &'static str)> {
    COMPANIES
        .get(index)
        .map(|(name, county, _)| (*name, *county))
}

/// The cast as one company's ledger (the same checks as any import).
fn ledger_for(company: usize) -> String {
    let headers: Vec<&str> = LedgerColumn::ALL.iter().map(|c| c.chinese()).collect();
    let mut out = headers.join(",");
    out.push('\n');
    let county = COMPANIES[company].1;
    for (i, c) in CAST
        .iter()
        .enumerate()
        .filter(|(_, c)| c.company == company)
    {
        let Some((id, phone)) = cast_identity(i) else {
            continue;
        };
        let level = CertificateLevel::from_code(&c.level.to_string())
            .map(|l| l.label())
            .unwrap_or("");
        let certificate = if level.is_empty() {
            ",,".to_string()
        } else {
            format!("S2026{i:07},临汾市职业技能鉴定指导中心,2021-06-15")
        };
        out.push_str(&format!(
            "{},{id},{phone},{county},否,{},{level},{certificate},{},{},{},{},{},初中,是,是,,\n",
            c.name, c.occupation, c.years, c.wage, c.regions, c.available, c.bio
        ));
    }
    out
}

/// Loads the cast once: brands, companies, memberships, ledgers, consent and certificate checks.
///
/// # Errors
/// Database errors, or a cast ledger that fails its checks (a bug in this file).
pub async fn seed_search_demo(
    db: &DatabaseConnection,
    roster: &RosterService,
) -> Result<(), AppError> {
    let fail = |e| crate::services::unexpected("seeding the search demo", e);
    if company::Entity::find()
        .filter(company::Column::Name.eq(COMPANIES[0].0))
        .one(db)
        .await
        .map_err(fail)?
        .is_some()
    {
        return Ok(());
    }
    let now = Utc::now();
    crate::seed::ensure_brands(db, &EXTRA_BRANDS)
        .await
        .map_err(fail)?;
    let actor = Actor {
        user_id: None,
        role: Some("seed".to_string()),
        client_ip: None,
    };
    for (index, (name, county, brand_slug)) in COMPANIES.iter().enumerate() {
        let company = company::ActiveModel {
            name: Set((*name).into()),
            county_code: Set((*county).into()),
            created_at: Set(now),
            approved_at: Set(Some(now)),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(fail)?;
        if let Some(slug) = brand_slug
            && let Some(b) = brand::Entity::find()
                .filter(brand::Column::Slug.eq(*slug))
                .one(db)
                .await
                .map_err(fail)?
        {
            brand_membership::ActiveModel {
                brand_id: Set(b.id),
                company_id: Set(company.id),
                status: Set(MembershipStatus::Approved.code().to_string()),
                applied_at: Set(now),
                decided_at: Set(Some(now)),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(fail)?;
        }
        if index == 0 {
            let password_hash = crate::auth::password::hash(CAST_COMPANY_USER.1.to_string())
                .await
                .map_err(|e| crate::services::unexpected("hashing a demo password", e))?;
            app_user::ActiveModel {
                username: Set(CAST_COMPANY_USER.0.to_string()),
                display_name: Set("厨艺合作社".to_string()),
                password_hash: Set(password_hash),
                role: Set(app::domain::role::Role::Company.code().to_string()),
                company_id: Set(Some(company.id)),
                active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(fail)?;
        }
        let ledger = ledger_for(index);
        let (_, report) = roster
            .import_ledger_file(
                company.id,
                &actor,
                LedgerInput::Bytes(Arc::from(ledger.into_bytes())),
                Some("cast.csv"),
                ImportMode::AllOrNothing,
                false,
                &|_| {},
            )
            .await?;
        if !report.written {
            return Err(AppError::with_message(
                app::api::ErrorCode::Internal,
                format!(
                    "the demo cast of {name} failed its ledger check: {:?}",
                    report.rejected
                ),
            ));
        }
    }
    // Consent and certificate checks, as the companies and promoters would record them.
    let txn = db.begin().await.map_err(fail)?;
    let named = |pick: fn(&CastMember) -> bool| -> Vec<&'static str> {
        CAST.iter().filter(|c| pick(c)).map(|c| c.name).collect()
    };
    worker::Entity::update_many()
        .col_expr(worker::Column::ConsentAt, Expr::value(now))
        .col_expr(worker::Column::ConsentMethod, Expr::value("书面同意书"))
        .col_expr(
            worker::Column::ConsentScope,
            Expr::value("向用工单位展示求职信息"),
        )
        .filter(worker::Column::Name.is_in(named(|c| c.consented)))
        .exec(&txn)
        .await
        .map_err(fail)?;
    worker::Entity::update_many()
        .col_expr(
            worker::Column::CertificateStatus,
            Expr::value(CertificateStatus::Verified.code()),
        )
        .col_expr(worker::Column::CertificateCheckedAt, Expr::value(now))
        .filter(worker::Column::Name.is_in(named(|c| c.verified && c.level > 0)))
        .exec(&txn)
        .await
        .map_err(fail)?;
    let ids: Vec<i32> = worker::Entity::find()
        .filter(worker::Column::Name.is_in(named(|_| true)))
        .all(&txn)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|w| w.id)
        .collect();
    change_log::log_workers(&txn, &ids, ChangeReason::Consent)
        .await
        .map_err(fail)?;
    txn.commit().await.map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cast_ledger_passes_the_ledger_check() {
        use app::domain::roster::{ReferenceData, check_row, map_headers};
        let counties: Vec<(&str, &str)> = COMPANIES.iter().map(|(_, c, _)| (*c, *c)).collect();
        let regions = [
            ("110000", "北京市", "北京"),
            ("120000", "天津市", "天津"),
            ("130000", "河北省", "河北"),
            ("140000", "山西省", "山西"),
            ("150000", "内蒙古自治区", "内蒙古"),
            ("310000", "上海市", "上海"),
            ("320000", "江苏省", "江苏"),
            ("330000", "浙江省", "浙江"),
            ("440000", "广东省", "广东"),
            ("610000", "陕西省", "陕西"),
            ("650000", "新疆维吾尔自治区", "新疆"),
        ];
        let reference = ReferenceData::new(counties, regions);
        let today = app::domain::calendar::CalendarDate::new(2026, 11, 29).unwrap();
        let mut rows = 0;
        for company in 0..COMPANIES.len() {
            let ledger = ledger_for(company);
            let mut lines = ledger.lines();
            let headers: Vec<String> = lines
                .next()
                .unwrap()
                .split(',')
                .map(str::to_string)
                .collect();
            let columns = map_headers(&headers).unwrap();
            for line in lines {
                let cells = columns
                    .iter()
                    .zip(line.split(','))
                    .filter_map(|(c, v)| c.map(|c| (c, v.to_string())))
                    .collect();
                if let Err(errors) = check_row(&cells, &reference, today) {
                    panic!("{line}: {errors:?}");
                }
                rows += 1;
            }
        }
        assert_eq!(rows, CAST.len());
    }
}

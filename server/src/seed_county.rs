//! The county desk's demo, loaded once on top of the demo cast (`demo_county`, on with
//! `make run`): 建档立卡 households of 浮山县 and 襄汾县 from ledgers, some of their members on
//! the rosters (cast members and further workers), local jobs, three placements through the
//! real hiring and contract flow, and this year's targets — so the dashboard shows a real
//! picture on first start: some households employed, some still waiting.
//!
//! Everything goes through the services and their checks, as a county and its companies would
//! enter it.

use crate::db::entities::{app_user, company, household, worker};
use crate::seed_search::{CAST, cast_company, cast_identity};
use crate::services::contracts::ContractService;
use crate::services::dashboard::DashboardService;
use crate::services::hiring::HiringService;
use crate::services::households::HouseholdService;
use crate::services::ledger_file::LedgerInput;
use crate::services::local_jobs::LocalJobService;
use crate::services::roster::{Actor, ImportMode, RosterService};
use crate::services::unexpected;
use app::api::context::{ContractDesk, HiringDesk, RequestIdentity};
use app::api::county_context::{DashboardDesk, LocalJobDesk};
use app::api::types::{ConsentInput, WorkerChange};
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::calendar::CalendarDate;
use app::domain::dashboard::TargetsForm;
use app::domain::id_number::with_check_char;
use app::domain::local_job::LocalJobForm;
use app::domain::role::{Role, Scope};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::json;
use std::sync::Arc;

const FUSHAN: &str = "141027";
const XIANGFEN: &str = "141023";

/// (township, its villages) of each county's demo ledger.
const FUSHAN_AREAS: [(&str, &[&str]); 4] = [
    ("天坛镇", &["北王村", "南坡村", "天坛村"]),
    ("响水河镇", &["响水河村", "东坡村"]),
    ("张庄乡", &["张庄村", "西河村"]),
    ("北韩乡", &["北韩村"]),
];
const XIANGFEN_AREAS: [(&str, &[&str]); 4] = [
    ("汾城镇", &["汾城村", "古城村"]),
    ("新城镇", &["新城村", "丁村"]),
    ("襄陵镇", &["襄陵村", "北柴村"]),
    ("陶寺乡", &["陶寺村"]),
];
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "杨", "赵", "郭", "贾", "薛", "卫", "段", "史",
];
const GIVEN: [&str; 12] = [
    "满仓", "有福", "秋生", "来顺", "春旺", "保国", "金锁", "二虎", "平安", "东升", "守业", "长青",
];

/// The households of one county as its ledger: numbers `{county}{township}{village}{n}`, a
/// mix of statuses, and one household in seven without a member who wants work.
fn household_ledger(county: &str, areas: &[(&str, &[&str])], per_village: usize) -> String {
    let mut out = String::from("户编号,户主姓名,乡镇,村,脱贫状态,劳动力人数,有就业意愿人数\n");
    let mut n = 0usize;
    for (t, (township, villages)) in areas.iter().enumerate() {
        for (v, village) in villages.iter().enumerate() {
            for k in 0..per_village {
                n += 1;
                let status = match n % 5 {
                    0 => "贫困户",
                    3 => "监测户",
                    _ => "已脱贫",
                };
                let labour = 1 + n % 3;
                let willing = if n.is_multiple_of(7) {
                    0
                } else {
                    1 + n % labour
                };
                out.push_str(&format!(
                    "{},{}{},{township},{village},{status},{labour},{willing}\n",
                    household_number(county, t, v, k),
                    SURNAMES[n % SURNAMES.len()],
                    GIVEN[(n * 7 + n / GIVEN.len()) % GIVEN.len()],
                ));
            }
        }
    }
    out
}

fn household_number(county: &str, township: usize, village: usize, k: usize) -> String {
    format!("{county}{:02}{:02}{:03}", township + 1, village + 1, k + 1)
}

/// A demo worker not in the cast: (name, birth YYYYMMDD, man, household, occupation, level,
/// training wish, employment wish).
type Member = (
    &'static str,
    &'static str,
    bool,
    (usize, usize, usize),
    &'static str,
    &'static str,
    bool,
    bool,
);

/// 浮山 households' members on 鑫厨劳务's roster.
const FUSHAN_MEMBERS: [Member; 10] = [
    (
        "李满仓",
        "19780214",
        true,
        (0, 0, 0),
        "中式烹调师",
        "四级/中级工",
        true,
        true,
    ),
    (
        "李小军",
        "20010903",
        true,
        (0, 0, 0),
        "中式烹调师",
        "",
        true,
        true,
    ),
    (
        "王秋菊",
        "19820611",
        false,
        (0, 1, 1),
        "中式面点师",
        "",
        true,
        true,
    ),
    (
        "张有福",
        "19750302",
        true,
        (1, 0, 2),
        "中式烹调师",
        "三级/高级工",
        false,
        true,
    ),
    (
        "张二虎",
        "19960720",
        true,
        (1, 0, 2),
        "中式面点师",
        "",
        true,
        true,
    ),
    (
        "刘春旺",
        "19880115",
        true,
        (2, 1, 0),
        "中式烹调师",
        "",
        true,
        true,
    ),
    (
        "杨桂香",
        "19700808",
        false,
        (2, 0, 1),
        "家政服务员",
        "",
        true,
        true,
    ),
    (
        "赵保国",
        "19630505",
        true,
        (3, 0, 2),
        "中式烹调师",
        "",
        true,
        false,
    ),
    (
        "郭金锁",
        "19920228",
        true,
        (0, 2, 2),
        "中式烹调师",
        "五级/初级工",
        true,
        true,
    ),
    (
        "郭翠萍",
        "19940416",
        false,
        (0, 2, 2),
        "养老护理员",
        "",
        true,
        true,
    ),
];

/// 襄汾 households' members on 晋襄酥劳务's roster.
const XIANGFEN_MEMBERS: [Member; 5] = [
    (
        "贾东升",
        "19850919",
        true,
        (0, 0, 0),
        "中式面点师",
        "四级/中级工",
        true,
        true,
    ),
    (
        "薛平安",
        "19990101",
        true,
        (1, 1, 1),
        "中式面点师",
        "",
        true,
        true,
    ),
    (
        "卫长青",
        "19800612",
        false,
        (2, 0, 2),
        "家政服务员",
        "",
        true,
        true,
    ),
    (
        "段守业",
        "19720306",
        true,
        (0, 1, 0),
        "中式面点师",
        "",
        false,
        true,
    ),
    (
        "史来顺",
        "19900723",
        true,
        (3, 0, 1),
        "中式面点师",
        "",
        true,
        true,
    ),
];

fn members_ledger(county: &str, members: &[Member], first_sequence: usize) -> String {
    let mut out = String::from(
        "姓名,身份证号,手机号,户籍区县,是否建档立卡,建档立卡户编号,脱贫状态,技能工种,职业技能等级,证书编号,发证机构,发证日期,培训意愿,就业意愿,意向地区\n",
    );
    for (i, (name, birth, man, (t, v, k), occupation, level, training, employment)) in
        members.iter().enumerate()
    {
        let sequence = first_sequence + 2 * i + usize::from(*man);
        let Some(id) = with_check_char(&format!("{county}{birth}{sequence:03}")) else {
            continue;
        };
        let certificate = if level.is_empty() {
            ",,".to_string()
        } else {
            format!("SX{county}{sequence:04},临汾市职业技能鉴定指导中心,2022-09-01")
        };
        let yes = |b: &bool| if *b { "是" } else { "否" };
        out.push_str(&format!(
            "{name},{id},1390357{sequence:04},{county},是,{},已脱贫,{occupation},{level},{certificate},{},{},北京、天津\n",
            household_number(county, *t, *v, *k),
            yes(training),
            yes(employment),
        ));
    }
    out
}

/// Cast members who belong to a demo household: (cast name, township, village, k).
const CAST_HOUSEHOLDS: [(&str, (usize, usize, usize)); 4] = [
    ("张志强", (0, 1, 0)),
    ("李红梅", (0, 0, 2)),
    ("马宏伟", (1, 1, 1)),
    ("朱淑芬", (2, 1, 0)),
];

/// Links cast members to their households with a ledger that names only who they are and
/// their household (a ledger without other columns leaves the rest as it was).
fn cast_links(company_index: usize, county: &str) -> Option<String> {
    let mut out = String::from("姓名,身份证号,手机号,是否建档立卡,建档立卡户编号,脱贫状态\n");
    let mut any = false;
    for (name, (t, v, k)) in CAST_HOUSEHOLDS {
        let Some(index) = CAST
            .iter()
            .position(|c| c.name == name && c.company == company_index)
        else {
            continue;
        };
        let (id, phone) = cast_identity(index)?;
        out.push_str(&format!(
            "{name},{id},{phone},是,{},已脱贫\n",
            household_number(county, t, v, k)
        ));
        any = true;
    }
    any.then_some(out)
}

/// The services the demo goes through.
pub struct CountyDemo<'a> {
    pub db: &'a DatabaseConnection,
    pub roster: &'a RosterService,
    pub households: &'a HouseholdService,
    pub local_jobs: &'a LocalJobService,
    pub hiring: &'a HiringService,
    pub contracts: &'a ContractService,
    pub dashboard: &'a DashboardService,
}

pub(crate) fn seed_actor() -> Actor {
    Actor {
        user_id: None,
        role: Some("seed".to_string()),
        client_ip: None,
    }
}

/// A demo account acting as itself, as if signed in.
pub(crate) async fn as_user(
    db: &DatabaseConnection,
    username: &str,
) -> Result<RequestIdentity, AppError> {
    let user = app_user::Entity::find()
        .filter(app_user::Column::Username.eq(username))
        .one(db)
        .await
        .map_err(|e| unexpected("loading a demo account", e))?
        .ok_or_else(|| demo_error(format!("the demo account {username} is missing")))?;
    let role: Role = user
        .role
        .parse()
        .map_err(|e: app::domain::role::UnknownRole| demo_error(e.to_string()))?;
    let scope = match role {
        Role::Admin => Scope::City,
        Role::Promoter => Scope::County {
            code: user.county_code.clone().unwrap_or_default(),
        },
        Role::Company => Scope::Company {
            id: user.company_id.unwrap_or_default(),
        },
        Role::Employer => Scope::Employer {
            id: user.employer_id.unwrap_or_default(),
        },
    };
    Ok(RequestIdentity {
        user: Some(SessionUser {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            role,
            scope,
            scope_label: None,
        }),
        session_id: None,
        client_ip: std::net::IpAddr::from([127, 0, 0, 1]),
    })
}

pub(crate) fn demo_error(message: impl Into<String>) -> AppError {
    AppError::with_message(ErrorCode::Internal, message)
}

async fn company_id(db: &DatabaseConnection, name: &str) -> Result<i32, AppError> {
    company::Entity::find()
        .filter(company::Column::Name.eq(name))
        .one(db)
        .await
        .map_err(|e| unexpected("loading a demo company", e))?
        .map(|c| c.id)
        .ok_or_else(|| demo_error(format!("the demo company {name} is missing")))
}

pub(crate) async fn worker_named(
    db: &DatabaseConnection,
    name: &str,
) -> Result<worker::Model, AppError> {
    worker::Entity::find()
        .filter(worker::Column::Name.eq(name))
        .one(db)
        .await
        .map_err(|e| unexpected("loading a demo worker", e))?
        .ok_or_else(|| demo_error(format!("the demo worker {name} is missing")))
}

/// A day of this year, or today if it has not come yet.
pub(crate) fn this_year(today: CalendarDate, month: u8, day: u8) -> CalendarDate {
    CalendarDate::new(today.year(), month, day)
        .ok()
        .filter(|d| *d <= today)
        .unwrap_or(today)
}

impl CountyDemo<'_> {
    /// Loads the demo once (nothing happens when 浮山县 has households already).
    ///
    /// # Errors
    /// Database errors, or demo data that fails its own checks (a bug in this file).
    pub async fn seed(&self) -> Result<(), AppError> {
        let loaded = household::Entity::find()
            .filter(household::Column::CountyCode.eq(FUSHAN))
            .one(self.db)
            .await
            .map_err(|e| unexpected("checking the county demo", e))?
            .is_some();
        if loaded {
            return Ok(());
        }
        self.households_and_members().await?;
        self.local_jobs().await?;
        self.placements().await?;
        self.targets().await
    }

    async fn import_households(&self, county: &str, ledger: String) -> Result<(), AppError> {
        let (_, report) = self
            .households
            .import_file(
                &seed_actor(),
                county,
                LedgerInput::Bytes(Arc::from(ledger.into_bytes())),
                Some("households.csv"),
                ImportMode::AllOrNothing,
                false,
            )
            .await?;
        if report.written {
            Ok(())
        } else {
            Err(demo_error(format!(
                "demo households refused: {:?}",
                report.rejected
            )))
        }
    }

    async fn import_roster(&self, company: i32, ledger: String) -> Result<(), AppError> {
        let (_, report) = self
            .roster
            .import_ledger_file(
                company,
                &seed_actor(),
                LedgerInput::Bytes(Arc::from(ledger.into_bytes())),
                Some("members.csv"),
                ImportMode::AllOrNothing,
                false,
                &|_| {},
            )
            .await?;
        if report.written {
            Ok(())
        } else {
            Err(demo_error(format!(
                "demo members refused: {:?}",
                report.rejected
            )))
        }
    }

    async fn households_and_members(&self) -> Result<(), AppError> {
        self.import_households(FUSHAN, household_ledger(FUSHAN, &FUSHAN_AREAS, 4))
            .await?;
        self.import_households(XIANGFEN, household_ledger(XIANGFEN, &XIANGFEN_AREAS, 3))
            .await?;
        let xinchu = company_id(self.db, crate::seed::DEMO_COMPANY).await?;
        self.import_roster(xinchu, members_ledger(FUSHAN, &FUSHAN_MEMBERS, 600))
            .await?;
        let (jinxiangsu_name, _) = cast_company(2).ok_or_else(|| demo_error("no cast company"))?;
        let jinxiangsu = company_id(self.db, jinxiangsu_name).await?;
        self.import_roster(jinxiangsu, members_ledger(XIANGFEN, &XIANGFEN_MEMBERS, 600))
            .await?;
        for (index, county) in [(0, FUSHAN), (2, XIANGFEN)] {
            let (name, _) = cast_company(index).ok_or_else(|| demo_error("no cast company"))?;
            if let Some(ledger) = cast_links(index, county) {
                self.import_roster(company_id(self.db, name).await?, ledger)
                    .await?;
            }
        }
        Ok(())
    }

    async fn local_jobs(&self) -> Result<(), AppError> {
        let today = crate::clock::shanghai_today();
        let fushan = as_user(self.db, "fushan").await?;
        let admin = as_user(self.db, "admin").await?;
        let jobs = [
            (
                &fushan,
                "杨桂香",
                "public_welfare",
                "天坛镇公益性保洁岗位",
                (2, 1),
                None,
            ),
            (
                &fushan,
                "王秋菊",
                "poverty_workshop",
                "天坛镇面点扶贫车间",
                (3, 10),
                None,
            ),
            (
                &fushan,
                "郭翠萍",
                "local_enterprise",
                "浮山县康宁养老院",
                (5, 6),
                None,
            ),
            (
                &fushan,
                "刘春旺",
                "key_project",
                "浮山县乡村道路改造工程",
                (4, 1),
                Some((9, 30)),
            ),
            (
                &admin,
                "卫长青",
                "cooperative",
                "襄陵镇家政服务合作社",
                (3, 1),
                None,
            ),
            (
                &admin,
                "史来顺",
                "self_employed",
                "陶寺乡烧饼铺",
                (6, 18),
                None,
            ),
        ];
        for (who, name, kind, employer, (month, day), end) in jobs {
            let worker = worker_named(self.db, name).await?;
            let form = LocalJobForm {
                worker_id: worker.id,
                kind: kind.to_string(),
                employer_name: employer.to_string(),
                starts_on: this_year(today, month, day).to_string(),
                ends_on: end.map(|(m, d)| this_year(today, m, d).to_string()),
            };
            self.local_jobs.record_local_job(who, &form).await?;
        }
        Ok(())
    }

    /// Three of 鑫厨's cooks go through the whole hire with 京味楼: two to Beijing, one to its
    /// Taiyuan branch (in the province).
    async fn placements(&self) -> Result<(), AppError> {
        let today = crate::clock::shanghai_today();
        let employer = as_user(self.db, "jingweilou").await?;
        let company = as_user(self.db, "xinchu").await?;
        let Some(Scope::Company { id: company_id }) =
            company.user.as_ref().map(|u| u.scope.clone())
        else {
            return Err(demo_error("xinchu is not a company user"));
        };
        let proposed_start = format!("{}-01-15", today.year() + 1);
        let hires = [
            ("李满仓", "110000", "北京市朝阳区京味楼总店", (3, 1)),
            ("郭金锁", "110000", "北京市海淀区京味楼中关村店", (5, 15)),
            ("张二虎", "140000", "太原市小店区京味楼太原店", (8, 1)),
        ];
        for (name, region, place, (month, day)) in hires {
            let worker = worker_named(self.db, name).await?;
            self.roster
                .change_worker(
                    company_id,
                    worker.id,
                    WorkerChange::GiveConsent(ConsentInput {
                        method: "书面签字".to_string(),
                        scope: "向认证用工单位展示技能、等级、求职意向和简介".to_string(),
                    }),
                    &seed_actor(),
                )
                .await?;
            let request = serde_json::from_value(json!({
                "worker_ids": [worker.id],
                "terms": {
                    "position": "中餐厨师", "place": place, "region_code": region,
                    "monthly_wage_yuan": "7500", "start_date": proposed_start,
                    "term_months": "24", "conditions": "包吃住", "message": "",
                }
            }))
            .map_err(|e| demo_error(e.to_string()))?;
            let sent = self.hiring.send_hire_request(&employer, &request).await?;
            let line = sent
                .first()
                .and_then(|r| r.lines.first())
                .ok_or_else(|| demo_error("a demo hire request has no line"))?;
            let answer =
                serde_json::from_value(json!({"version": line.version, "action": "accept"}))
                    .map_err(|e| demo_error(e.to_string()))?;
            self.hiring
                .answer_hire_line(&company, line.id, &answer)
                .await?;
            let draft = self
                .contracts
                .contracts(&employer)
                .await?
                .into_iter()
                .find(|c| c.hire_line_id == line.id)
                .ok_or_else(|| demo_error("the demo contract was not drafted"))?;
            let start = this_year(today, month, day);
            let drafted =
                serde_json::to_value(&draft.terms).map_err(|e| demo_error(e.to_string()))?;
            let edit = serde_json::from_value(json!({
                "row_version": draft.row_version,
                "terms": {
                    "kind": "direct", "term_kind": "fixed",
                    "start_date": start.to_string(),
                    "end_date": format!("{}-{:02}-{:02}", start.year() + 2, start.month(), start.day().min(28)),
                    "probation_months": "1", "position": drafted["position"], "place": drafted["place"],
                    "monthly_wage_yuan": "7500", "pay_day": "10", "hours_system": "standard",
                    "flexible_hours": false, "negotiated_pay": false, "rotation": false,
                    "clauses": drafted["clauses"],
                }
            }))
            .map_err(|e| demo_error(e.to_string()))?;
            let edited = self
                .contracts
                .edit_contract(&company, draft.id, &edit)
                .await?;
            let signing = serde_json::from_value(json!({"row_version": edited.row_version}))
                .map_err(|e| demo_error(e.to_string()))?;
            let once = self
                .contracts
                .sign_contract(&employer, edited.id, &signing)
                .await?;
            let signing = serde_json::from_value(json!({
                "row_version": once.row_version,
                "worker_confirmation": {"method": "当面签字确认", "confirmed_on": start.to_string()},
            }))
            .map_err(|e| demo_error(e.to_string()))?;
            self.contracts
                .sign_contract(&company, once.id, &signing)
                .await?;
        }
        Ok(())
    }

    async fn targets(&self) -> Result<(), AppError> {
        let year = i32::from(crate::clock::shanghai_today().year());
        let fushan = as_user(self.db, "fushan").await?;
        let admin = as_user(self.db, "admin").await?;
        for (who, county, households, train, export) in [
            (&fushan, FUSHAN, "30", "25", "12"),
            (&admin, XIANGFEN, "18", "15", "8"),
        ] {
            let form = TargetsForm {
                households_to_employ: households.to_string(),
                workers_to_train: train.to_string(),
                workers_to_export: export.to_string(),
            };
            self.dashboard
                .save_targets(who, county, year, 0, &form)
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::household::{HouseholdColumn, check_household_row, map_household_headers};
    use std::collections::HashMap;

    #[test]
    fn every_demo_household_passes_the_ledger_check_and_most_want_work() {
        let ledger = household_ledger(FUSHAN, &FUSHAN_AREAS, 4);
        let mut lines = ledger.lines();
        let headers: Vec<String> = lines
            .next()
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect();
        let columns = map_household_headers(&headers).unwrap();
        let (mut rows, mut willing) = (0, 0);
        for line in lines {
            let cells: HashMap<HouseholdColumn, String> = columns
                .iter()
                .zip(line.split(','))
                .filter_map(|(c, v)| c.map(|c| (c, v.to_string())))
                .collect();
            let record = check_household_row(&cells, &HashMap::new()).unwrap();
            rows += 1;
            willing += usize::from(record.has_willing_member());
        }
        assert_eq!(rows, 32);
        assert!(
            willing > rows * 3 / 4 && willing < rows,
            "{willing} of {rows}"
        );
    }

    #[test]
    fn demo_members_and_cast_links_name_demo_households() {
        let numbers = household_ledger(FUSHAN, &FUSHAN_AREAS, 4);
        for member in FUSHAN_MEMBERS {
            let (t, v, k) = member.3;
            assert!(
                numbers.contains(&household_number(FUSHAN, t, v, k)),
                "{}",
                member.0
            );
        }
        let links = cast_links(0, FUSHAN).unwrap();
        assert!(links.lines().count() > 1, "{links}");
        for line in links.lines().skip(1) {
            let number = line.split(',').nth(4).unwrap();
            assert!(numbers.contains(number), "{line}");
        }
    }
}

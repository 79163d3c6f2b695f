//! Employer search over the demo cast (server::seed_search): relevance, chips, facets and
//! filters, ranking ties and paging, who may search, and how changes reach the index.

use laowu_tests::{
    ADMIN, COMPANY, EMPLOYER, PROMOTER, TestApp, on_both_databases_with_cast, send_json,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use server::db::entities::worker;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

on_both_databases_with_cast!(
    only_employers_promoters_and_admins_search,
    bad_parameters_get_400_naming_the_parameter,
    the_relevance_set_finds_the_right_workers_first,
    every_facet_count_is_what_choosing_it_returns,
    equal_scores_are_ordered_by_verified_level_experience_and_recency,
    paging_is_stable_and_complete,
    results_never_carry_id_phone_or_poverty_status,
    withdrawn_consent_and_deactivation_leave_results_within_two_seconds,
    a_verified_certificate_and_a_suspended_membership_reach_search,
    shortlists_keep_workers_for_their_owner_only,
    saved_searches_count_new_workers_since_the_last_visit,
    searches_that_find_nobody_are_unmet_demand_for_the_county,
    a_word_nobody_has_is_set_aside_instead_of_answering_nobody,
    a_few_full_matches_come_first_then_workers_with_most_of_the_words,
    a_city_stands_for_its_province,
    pinyin_finds_words_the_dictionary_does_not_know,
    a_group_of_provinces_stands_for_each_of_them,
    work_described_in_words_is_searched_as_its_occupations,
);

/// Cast members employers can find: all but 冯国庆 (no consent) and 彭文军 (his company is in
/// no brand).
const SEARCHABLE_CAST: u64 = 31;
/// The promise for withdrawn consent and deactivation.
const REMOVAL_DEADLINE: Duration = Duration::from_secs(2);
/// Other changes only need to arrive soon; the suite runs many servers on two cores.
const CATCH_UP_DEADLINE: Duration = Duration::from_secs(10);

async fn search(client: &reqwest::Client, app: &TestApp, params: &[(&str, &str)]) -> Value {
    let response = client
        .get(app.url("/api/v1/workers/search"))
        .query(params)
        .send()
        .await
        .expect("GET search");
    assert_eq!(response.status(), StatusCode::OK, "search {params:?}");
    response.json().await.expect("JSON")
}

/// The search page as the server renders it, for `q`.
async fn search_page(client: &reqwest::Client, app: &TestApp, q: &str) -> String {
    let response = client
        .get(app.url("/search"))
        .query(&[("q", q)])
        .send()
        .await
        .expect("GET /search");
    assert_eq!(response.status(), StatusCode::OK, "the page for {q}");
    response.text().await.expect("the page")
}

/// Asserts that promoters see `query` among the unmet demand.
async fn assert_recorded_as_unmet(app: &TestApp, query: &str) {
    let promoter = app.client_for(PROMOTER).await;
    let rows = send_json(promoter.get(app.url("/api/v1/unmet-demand"))).await;
    assert!(
        rows.as_array().unwrap().iter().any(|r| r["query"] == query),
        "{rows}"
    );
}

/// An employer's client, once the index holds the whole cast.
async fn employer_when_indexed(app: &TestApp) -> reqwest::Client {
    let client = app.client_for(EMPLOYER).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let total = search(&client, app, &[]).await["total"].as_u64().unwrap();
        if total == SEARCHABLE_CAST {
            return client;
        }
        assert!(
            Instant::now() < deadline,
            "the cast was not indexed: {total}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn ids_by_name(app: &TestApp) -> HashMap<String, i64> {
    worker::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|w| (w.name, i64::from(w.id)))
        .collect()
}

fn hit_ids(page: &Value) -> Vec<i64> {
    page["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_i64().unwrap())
        .collect()
}

/// Polls until `done(search result)` or the deadline; returns how long it took.
async fn within(
    deadline: Duration,
    client: &reqwest::Client,
    app: &TestApp,
    params: &[(&str, &str)],
    done: impl Fn(&Value) -> bool,
) -> Duration {
    let started = Instant::now();
    loop {
        let page = search(client, app, params).await;
        if done(&page) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < deadline,
            "not within {deadline:?}: {params:?} → {page}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn only_employers_promoters_and_admins_search(app: TestApp) {
    // Arrange
    let anonymous = app.new_client();
    let company = app.client_for(COMPANY).await;
    // Act / Assert
    let response = anonymous
        .get(app.url("/api/v1/workers/search?q=厨师"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = company
        .get(app.url("/api/v1/workers/search?q=厨师"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "a company cannot look through other companies' workers"
    );
    let response = company
        .get(app.url("/api/v1/profiles/1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    employer_when_indexed(&app).await;
    for account in [PROMOTER, ADMIN] {
        let client = app.client_for(account).await;
        let page = search(&client, &app, &[("q", "厨师")]).await;
        assert!(page["total"].as_u64().unwrap() > 0, "{}", account.0);
    }
}

async fn bad_parameters_get_400_naming_the_parameter(app: TestApp) {
    let client = app.client_for(EMPLOYER).await;
    let cases: [(&[(&str, &str)], &str); 9] = [
        (&[("level", "特级")], "level"),
        (&[("wage_min", "8000"), ("wage_max", "5000")], "wage_min"),
        (&[("per_page", "101")], "per_page"),
        (&[("available_by", "2026-02-30")], "available_by"),
        (&[("available_by", "next week")], "available_by"),
        (&[("age_min", "abc")], "age_min"),
        (&[("county", "不存在县")], "county"),
        (&[("region", "火星")], "region"),
        (&[("brand", "no-such-brand")], "brand"),
    ];
    for (params, field) in cases {
        let response = client
            .get(app.url("/api/v1/workers/search"))
            .query(params)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{params:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "bad_parameter", "{params:?}");
        assert_eq!(
            body["error"]["details"]["field"], field,
            "{params:?}: {body}"
        );
    }
    // Query syntax in the text is just text: no error, no injection.
    for q in ["name:王*", "\"厨师\" OR (", "bio:* AND -", "厨师^100", "*"] {
        let page = search(&client, &app, &[("q", q)]).await;
        assert!(page["hits"].is_array(), "{q}");
    }
}

/// One relevance case: the first hits must be exactly `first` (in any order), `includes`
/// must be among the results, `excludes` must not, and `total` when given.
struct Case {
    params: &'static [(&'static str, &'static str)],
    first: &'static [&'static str],
    includes: &'static [&'static str],
    excludes: &'static [&'static str],
    total: Option<u64>,
    chips: &'static [&'static str],
}

const fn case(params: &'static [(&'static str, &'static str)]) -> Case {
    Case {
        params,
        first: &[],
        includes: &[],
        excludes: &[],
        total: None,
        chips: &[],
    }
}

fn relevance_cases() -> Vec<Case> {
    vec![
        Case {
            first: &["孙晓东", "刘永刚", "张志强", "王建国"],
            excludes: &["赵海平", "郑丽娜", "韩振华"],
            chips: &["county", "region"],
            ..case(&[("q", "浮山 厨师 北京")])
        },
        Case {
            first: &["韩振华", "杨玉珍", "何鹏飞"],
            includes: &["张志强"],
            total: Some(4),
            ..case(&[("q", "会做羊汤的师傅")])
        },
        Case {
            first: &["高秀英", "罗桂兰", "潘丽华", "韩小红"],
            excludes: &["王建国", "范海平"],
            ..case(&[("q", "hugong")])
        },
        Case {
            total: Some(8),
            includes: &["王建国", "谢文静"],
            excludes: &["冯国庆", "韩振华"],
            chips: &["brand"],
            ..case(&[("q", "fscs")])
        },
        Case {
            first: &["梁永刚", "袁晓东"],
            total: Some(2),
            chips: &["level", "region"],
            ..case(&[("q", "焊工 二级 新疆")])
        },
        Case {
            first: &["梁春燕", "宋月娥"],
            total: Some(2),
            ..case(&[("q", "月子护理")])
        },
        Case {
            first: &["范海平", "阎玉珍", "史国庆"],
            total: Some(3),
            ..case(&[("q", "柳编")])
        },
        Case {
            includes: &["张志强", "刘永刚"],
            excludes: &["赵海平", "王建国", "韩振华"],
            chips: &["wage_max"],
            ..case(&[("q", "厨师 8000以内")])
        },
        Case {
            first: &["高秀英", "罗桂兰", "潘丽华"],
            excludes: &["韩小红", "唐翠萍"],
            chips: &["level"],
            ..case(&[("q", "养老护理 高级")])
        },
        Case {
            includes: &["王建国", "韩振华"],
            excludes: &["高秀英", "范海平"],
            ..case(&[("q", "chushi")])
        },
        Case {
            includes: &["王建国", "韩振华", "张志强"],
            excludes: &["高秀英", "梁永刚"],
            ..case(&[("q", "大厨")])
        },
        Case {
            includes: &["孙晓东", "韩振华"],
            excludes: &["高秀英"],
            ..case(&[("q", "厨子")])
        },
        Case {
            first: &["唐翠萍", "许慧敏"],
            excludes: &["王建国"],
            ..case(&[("q", "保姆")])
        },
        Case {
            first: &["许慧敏", "唐翠萍"],
            ..case(&[("q", "阿姨")])
        },
        Case {
            first: &["梁春燕", "宋月娥"],
            total: Some(2),
            ..case(&[("q", "月嫂")])
        },
        Case {
            first: &["高秀英", "罗桂兰", "潘丽华", "韩小红"],
            ..case(&[("q", "陪护")])
        },
        Case {
            total: Some(3),
            includes: &["马宏伟", "朱淑芬", "胡俊峰"],
            chips: &["brand"],
            ..case(&[("q", "襄汾烧饼")])
        },
        Case {
            first: &["郭彩霞", "林卫东"],
            total: Some(2),
            ..case(&[("q", "石头饼")])
        },
        Case {
            first: &["王建国", "孙晓东"],
            total: Some(2),
            ..case(&[("q", "过油肉")])
        },
        Case {
            includes: &["朱淑芬"],
            excludes: &["李红梅", "马宏伟"],
            chips: &["region"],
            ..case(&[("q", "面点师 天津")])
        },
        Case {
            first: &["梁永刚", "曹志强", "董建国", "袁晓东"],
            total: Some(4),
            ..case(&[("q", "电焊")])
        },
        Case {
            includes: &["刘永刚", "杨玉珍", "郑丽娜"],
            excludes: &["孙晓东", "张志强", "王建国"],
            chips: &["wage_min", "wage_max"],
            ..case(&[("q", "厨师 5000-7000")])
        },
        Case {
            first: &["梁春燕", "宋月娥"],
            total: Some(2),
            chips: &["region"],
            ..case(&[("q", "上海 月嫂")])
        },
        Case {
            total: Some(8),
            includes: &["高秀英", "梁春燕", "唐翠萍"],
            chips: &["brand"],
            ..case(&[("q", "吕梁山家政护工")])
        },
        Case {
            total: Some(0),
            chips: &["county"],
            ..case(&[("q", "乡宁")])
        },
        Case {
            total: Some(0),
            ..case(&[("q", "蟹黄汤包")])
        },
        Case {
            total: Some(0),
            chips: &["county"],
            ..case(&[("q", "洪洞 大厨")])
        },
        Case {
            includes: &["王建国", "张志强"],
            excludes: &["赵海平", "郑丽娜", "何鹏飞"],
            chips: &["verified"],
            ..case(&[("q", "厨师"), ("verified", "true")])
        },
        Case {
            first: &["赵海平"],
            total: Some(1),
            ..case(&[("q", "中式烹调师"), ("level", "1")])
        },
        Case {
            includes: &["许慧敏"],
            excludes: &["唐翠萍"],
            chips: &["available_by"],
            ..case(&[("q", "保姆"), ("available_by", "2026-12-31")])
        },
        Case {
            total: Some(2),
            includes: &["郭彩霞", "林卫东"],
            chips: &["county"],
            ..case(&[("q", "翼城")])
        },
        Case {
            first: &["梁永刚", "曹志强", "袁晓东"],
            total: Some(3),
            excludes: &["董建国"],
            ..case(&[("q", "新疆 焊工")])
        },
        Case {
            total: Some(3),
            includes: &["马宏伟", "胡俊峰", "林卫东"],
            chips: &["sex", "occupation"],
            ..case(&[("sex", "男"), ("occupation", "中式面点师")])
        },
        Case {
            total: Some(3),
            chips: &["brand"],
            ..case(&[("q", "xfsb")])
        },
    ]
}

async fn the_relevance_set_finds_the_right_workers_first(app: TestApp) {
    let client = employer_when_indexed(&app).await;
    let ids = ids_by_name(&app).await;
    let id = |name: &str| {
        *ids.get(name)
            .unwrap_or_else(|| panic!("{name} is in the cast"))
    };
    let cases = relevance_cases();
    assert!(cases.len() >= 30, "at least 30 queries");
    for c in cases {
        let mut params = c.params.to_vec();
        params.push(("per_page", "100"));
        let page = search(&client, &app, &params).await;
        let found = hit_ids(&page);
        let label = format!("{:?} → {}", c.params, page["hits"]);
        if let Some(total) = c.total {
            assert_eq!(page["total"].as_u64(), Some(total), "{label}");
        }
        let first: HashSet<i64> = c.first.iter().map(|n| id(n)).collect();
        let top: HashSet<i64> = found.iter().take(first.len()).copied().collect();
        assert_eq!(top, first, "first {:?}: {label}", c.first);
        for name in c.includes {
            assert!(found.contains(&id(name)), "{name} included: {label}");
        }
        for name in c.excludes {
            assert!(!found.contains(&id(name)), "{name} excluded: {label}");
        }
        let chips: HashSet<&str> = page["chips"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["param"].as_str().unwrap())
            .collect();
        for chip in c.chips {
            assert!(
                chips.contains(chip),
                "chip {chip}: {label} {}",
                page["chips"]
            );
        }
    }
}

async fn every_facet_count_is_what_choosing_it_returns(app: TestApp) {
    let client = employer_when_indexed(&app).await;
    for q in ["", "厨师", "护理"] {
        let page = search(&client, &app, &[("q", q)]).await;
        let total = page["total"].as_u64().unwrap();
        for facet in ["county", "brand", "occupation", "level", "region", "sex"] {
            let values = page["facets"][facet].as_array().unwrap();
            if q.is_empty() {
                assert!(!values.is_empty(), "{facet} has values");
            }
            for value in values {
                let count = value["count"].as_u64().unwrap();
                assert!(count <= total, "{facet} {value}");
                let chosen = value["value"].as_str().unwrap();
                let narrowed = search(&client, &app, &[("q", q), (facet, chosen)]).await;
                if facet == "level" {
                    // Choosing a level means that level or higher.
                    assert!(
                        narrowed["total"].as_u64().unwrap() >= count,
                        "{q} {facet}={chosen}"
                    );
                } else {
                    assert_eq!(
                        narrowed["total"].as_u64().unwrap(),
                        count,
                        "{q} {facet}={chosen}"
                    );
                }
            }
        }
    }
    // Each remaining filter narrows to workers that satisfy it.
    let page = search(&client, &app, &[("wage_min", "9000"), ("per_page", "100")]).await;
    assert!(page["total"].as_u64().unwrap() > 0);
    for hit in page["hits"].as_array().unwrap() {
        assert!(hit["expected_wage_yuan"].as_i64().unwrap() >= 9000, "{hit}");
    }
    let page = search(&client, &app, &[("age_min", "50"), ("per_page", "100")]).await;
    assert!(page["total"].as_u64().unwrap() > 0);
    for hit in page["hits"].as_array().unwrap() {
        assert!(hit["age"].as_u64().unwrap() >= 50, "{hit}");
    }
    let page = search(&client, &app, &[("age_max", "40"), ("per_page", "100")]).await;
    assert!(page["total"].as_u64().unwrap() > 0);
    for hit in page["hits"].as_array().unwrap() {
        assert!(hit["age"].as_u64().unwrap() <= 40, "{hit}");
    }
    let page = search(&client, &app, &[("sex", "女"), ("per_page", "100")]).await;
    for hit in page["hits"].as_array().unwrap() {
        assert_eq!(hit["sex"], "女", "{hit}");
    }
    let page = search(&client, &app, &[("verified", "true"), ("per_page", "100")]).await;
    for hit in page["hits"].as_array().unwrap() {
        assert_eq!(hit["verified"], true, "{hit}");
    }
    let page = search(
        &client,
        &app,
        &[("available_by", "2026-12-31"), ("per_page", "100")],
    )
    .await;
    for hit in page["hits"].as_array().unwrap() {
        assert!(
            hit["available_from"].is_null() || hit["available_from"].as_str() <= Some("2026-12-31"),
            "{hit}"
        );
    }
}

fn level_rank(label: &Value) -> u64 {
    match label.as_str() {
        Some(l) if l.starts_with("一级") => 5,
        Some(l) if l.starts_with("二级") => 4,
        Some(l) if l.starts_with("三级") => 3,
        Some(l) if l.starts_with("四级") => 2,
        Some(l) if l.starts_with("五级") => 1,
        _ => 0,
    }
}

async fn equal_scores_are_ordered_by_verified_level_experience_and_recency(app: TestApp) {
    let client = employer_when_indexed(&app).await;
    // Recency is compared to the second, as the index keeps it.
    let updated: HashMap<i64, i64> = worker::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|w| (i64::from(w.id), w.updated_at.timestamp()))
        .collect();
    // Without words every score is equal: the order is the tie-break alone.
    for params in [
        &[][..],
        &[("brand", "fushan-chushi")][..],
        &[("q", "fscs")][..],
    ] {
        let mut all = params.to_vec();
        all.push(("per_page", "100"));
        let page = search(&client, &app, &all).await;
        let hits = page["hits"].as_array().unwrap();
        let key = |h: &Value| {
            let verified_rank = if h["verified"] == true {
                level_rank(&h["certificate_level"])
            } else {
                0
            };
            let id = h["id"].as_i64().unwrap();
            (
                verified_rank,
                h["experience_years"].as_i64().unwrap_or(0),
                updated[&id],
                -id,
            )
        };
        for pair in hits.windows(2) {
            assert!(
                key(&pair[0]) > key(&pair[1]),
                "{params:?}: {} before {}",
                pair[0],
                pair[1]
            );
        }
    }
    // Text matches come before the tie-break: a bio mention never outranks a trade.
    let page = search(&client, &app, &[("q", "羊汤")]).await;
    let first = &page["hits"][0];
    assert_eq!(first["brand"], "曲沃羊汤", "{page}");
}

async fn paging_is_stable_and_complete(app: TestApp) {
    let client = employer_when_indexed(&app).await;
    for q in ["", "护理", "厨师"] {
        let all = hit_ids(&search(&client, &app, &[("q", q), ("per_page", "100")]).await);
        let mut paged = Vec::new();
        for page in 1..=20 {
            let page = page.to_string();
            let ids = hit_ids(
                &search(
                    &client,
                    &app,
                    &[("q", q), ("per_page", "4"), ("page", &page)],
                )
                .await,
            );
            if ids.is_empty() {
                break;
            }
            paged.extend(ids);
        }
        assert_eq!(
            paged, all,
            "{q}: pages concatenate to the whole, in the same order"
        );
        let again = hit_ids(&search(&client, &app, &[("q", q), ("per_page", "100")]).await);
        assert_eq!(again, all, "{q}: the same search gives the same order");
    }
}

async fn results_never_carry_id_phone_or_poverty_status(app: TestApp) {
    let client = employer_when_indexed(&app).await;
    let page = search(&client, &app, &[("per_page", "100")]).await;
    let text = page.to_string();
    for forbidden in ["id_number", "phone", "poverty", "household", "1380357"] {
        assert!(!text.contains(forbidden), "{forbidden} in {text}");
    }
    for hit in page["hits"].as_array().unwrap() {
        let name = hit["display_name"].as_str().unwrap();
        assert!(name.chars().skip(1).all(|c| c == '*'), "masked: {name}");
        let profile =
            send_json(client.get(app.url(&format!("/api/v1/profiles/{}", hit["id"])))).await;
        assert_eq!(profile["display_name"], hit["display_name"]);
        assert!(!profile.to_string().contains("1380357"));
    }
    // The page itself, rendered on the server, shows the same masked cards.
    let html = search_page(&client, &app, "厨师").await;
    assert!(
        html.contains("data-testid=\"hit\""),
        "results render without JavaScript"
    );
    assert!(!html.contains("王建国") && !html.contains("1380357"));
}

/// A company user for the cast company of `worker_name`.
async fn cast_company_user(app: &TestApp, worker_name: &str, username: &str) -> reqwest::Client {
    let w = worker::Entity::find()
        .filter(worker::Column::Name.eq(worker_name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    app.create_user(
        app::domain::role::Role::Company,
        app::domain::role::Scope::Company { id: w.company_id },
        username,
        "cast-company-2026",
    )
    .await;
    app.client_for((username, "cast-company-2026")).await
}

async fn withdrawn_consent_and_deactivation_leave_results_within_two_seconds(app: TestApp) {
    // Arrange
    let employer = employer_when_indexed(&app).await;
    let company = cast_company_user(&app, "王建国", "cast-fushan").await;
    let ids = ids_by_name(&app).await;
    let (wang, sun) = (ids["王建国"], ids["孙晓东"]);
    let has = |id: i64| move |page: &Value| hit_ids(page).contains(&id);
    let lacks = |id: i64| move |page: &Value| !hit_ids(page).contains(&id);
    let everyone = [("per_page", "100")];
    // Asked once before and again after each change: the server keeps recent answers, and
    // must never serve one from before a change.
    assert!(has(wang)(&search(&employer, &app, &everyone).await));
    assert!(has(wang)(&search(&employer, &app, &everyone).await));
    // Act: withdraw consent.
    let response = company
        .delete(app.url(&format!("/api/v1/workers/{wang}/consent")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // Assert
    let took = within(REMOVAL_DEADLINE, &employer, &app, &everyone, lacks(wang)).await;
    eprintln!("withdrawn consent left results in {took:?}");
    let profile = employer
        .get(app.url(&format!("/api/v1/profiles/{wang}")))
        .send()
        .await
        .unwrap();
    assert_eq!(profile.status(), StatusCode::NOT_FOUND);
    // Deactivation likewise.
    let response = company
        .post(app.url(&format!("/api/v1/workers/{sun}/deactivate")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    within(REMOVAL_DEADLINE, &employer, &app, &everyone, lacks(sun)).await;
    // Consent given again brings the worker back.
    let response = company
        .post(app.url(&format!("/api/v1/workers/{wang}/consent")))
        .json(&serde_json::json!({ "method": "书面同意书", "scope": "向用工单位展示求职信息" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{:?}",
        response.text().await
    );
    within(REMOVAL_DEADLINE, &employer, &app, &everyone, has(wang)).await;
}

async fn a_verified_certificate_and_a_suspended_membership_reach_search(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    let promoter = app.client_for(PROMOTER).await;
    let ids = ids_by_name(&app).await;
    let zhao = ids["赵海平"];
    // 赵海平's 一级 certificate is unverified: a promoter of 浮山 verifies it.
    let detail = send_json(promoter.get(app.url("/api/v1/certificates?status=unverified"))).await;
    let row = detail
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["worker_id"].as_i64() == Some(zhao))
        .unwrap_or_else(|| panic!("赵海平 is listed: {detail}"))
        .clone();
    let response = promoter
        .post(app.url(&format!("/api/v1/certificates/{zhao}/decision")))
        .json(&serde_json::json!({ "decision": "verify", "version": row["version"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{:?}",
        response.text().await
    );
    within(
        CATCH_UP_DEADLINE,
        &employer,
        &app,
        &[("q", "中式烹调师"), ("level", "1"), ("verified", "true")],
        |page| hit_ids(page) == vec![zhao],
    )
    .await;
    // Suspending the 浮山 cast company's membership takes its workers out of search.
    let memberships = send_json(promoter.get(app.url("/api/v1/memberships?status=approved"))).await;
    let membership = memberships
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["company_name"] == "浮山县厨艺劳务合作社")
        .unwrap_or_else(|| panic!("the cast company's membership: {memberships}"))
        .clone();
    let response = promoter
        .post(app.url(&format!(
            "/api/v1/memberships/{}/decision",
            membership["id"]
        )))
        .json(&serde_json::json!({ "decision": "suspend", "reason": "服务投诉待核查" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{:?}",
        response.text().await
    );
    within(
        CATCH_UP_DEADLINE,
        &employer,
        &app,
        &[("q", "fscs")],
        |page| page["total"] == 0,
    )
    .await;
}

async fn shortlists_keep_workers_for_their_owner_only(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    let ids = ids_by_name(&app).await;
    let created = employer
        .post(app.url("/api/v1/shortlists"))
        .json(&serde_json::json!({ "name": "北京店厨师" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let list: Value = created.json().await.unwrap();
    let list_id = list["id"].as_i64().unwrap();
    let other = send_json(
        employer
            .post(app.url("/api/v1/shortlists"))
            .json(&serde_json::json!({ "name": "新疆工地焊工" })),
    )
    .await;
    assert!(other["id"].is_i64());
    let duplicate = employer
        .post(app.url("/api/v1/shortlists"))
        .json(&serde_json::json!({ "name": "北京店厨师" }))
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    let empty = employer
        .post(app.url("/api/v1/shortlists"))
        .json(&serde_json::json!({ "name": "  " }))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for name in ["王建国", "张志强", "王建国"] {
        let response = employer
            .put(app.url(&format!(
                "/api/v1/shortlists/{list_id}/workers/{}",
                ids[name]
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    // Not searchable: cannot be shortlisted.
    let response = employer
        .put(app.url(&format!(
            "/api/v1/shortlists/{list_id}/workers/{}",
            ids["冯国庆"]
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let lists = send_json(employer.get(app.url("/api/v1/shortlists"))).await;
    assert_eq!(lists.as_array().unwrap().len(), 2);
    let kept = &lists[0];
    assert_eq!(kept["name"], "北京店厨师");
    assert_eq!(
        kept["workers"].as_array().unwrap().len(),
        2,
        "adding twice keeps one"
    );
    let response = employer
        .delete(app.url(&format!(
            "/api/v1/shortlists/{list_id}/workers/{}",
            ids["张志强"]
        )))
        .send()
        .await
        .unwrap();
    let after: Value = response.json().await.unwrap();
    assert_eq!(
        hit_ids(&serde_json::json!({ "hits": after["workers"] })),
        vec![ids["王建国"]]
    );
    // Someone else's shortlist is not found; their list of lists is empty.
    let promoter = app.client_for(PROMOTER).await;
    let response = promoter
        .put(app.url(&format!(
            "/api/v1/shortlists/{list_id}/workers/{}",
            ids["孙晓东"]
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        send_json(promoter.get(app.url("/api/v1/shortlists"))).await,
        serde_json::json!([])
    );
    let response = employer
        .delete(app.url(&format!("/api/v1/shortlists/{list_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        send_json(employer.get(app.url("/api/v1/shortlists")))
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn saved_searches_count_new_workers_since_the_last_visit(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    let ids = ids_by_name(&app).await;
    let saved = employer
        .post(app.url("/api/v1/saved-searches"))
        .json(&serde_json::json!({ "name": "浮山厨师", "query_string": "q=fscs" }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::CREATED);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["total"], 8);
    assert_eq!(saved["new_since_last_visit"], 0);
    let bad = employer
        .post(app.url("/api/v1/saved-searches"))
        .json(&serde_json::json!({ "name": "坏的", "query_string": "per_page=1000" }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad: Value = bad.json().await.unwrap();
    assert_eq!(bad["error"]["details"]["field"], "query_string");
    assert!(
        bad["error"]["message"]
            .as_str()
            .unwrap()
            .contains("per_page"),
        "{bad}"
    );
    // 冯国庆 consents: a new worker for the saved search.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let company = cast_company_user(&app, "冯国庆", "cast-fushan-2").await;
    let response = company
        .post(app.url(&format!("/api/v1/workers/{}/consent", ids["冯国庆"])))
        .json(&serde_json::json!({ "method": "书面同意书", "scope": "向用工单位展示求职信息" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let deadline = Instant::now() + CATCH_UP_DEADLINE;
    loop {
        let list = send_json(employer.get(app.url("/api/v1/saved-searches"))).await;
        if list[0]["new_since_last_visit"] == 1 {
            assert_eq!(list[0]["total"], 9);
            break;
        }
        assert!(Instant::now() < deadline, "{list}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let visited =
        send_json(employer.post(app.url(&format!("/api/v1/saved-searches/{}/visit", saved["id"]))))
            .await;
    assert_eq!(visited["query_string"], "q=fscs");
    let list = send_json(employer.get(app.url("/api/v1/saved-searches"))).await;
    assert_eq!(list[0]["new_since_last_visit"], 0, "seen now");
    let promoter = app.client_for(PROMOTER).await;
    let response = promoter
        .post(app.url(&format!("/api/v1/saved-searches/{}/visit", saved["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "only its owner opens it"
    );
}

async fn searches_that_find_nobody_are_unmet_demand_for_the_county(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    assert_eq!(
        search(&employer, &app, &[("q", "浮山 蟹黄汤包")]).await["total"],
        0
    );
    assert_eq!(
        search(&employer, &app, &[("q", "钢琴调音")]).await["total"],
        0
    );
    assert_eq!(
        search(&employer, &app, &[("q", "乡宁 厨师")]).await["total"],
        0
    );
    let promoter = app.client_for(PROMOTER).await;
    let rows = send_json(promoter.get(app.url("/api/v1/unmet-demand"))).await;
    let queries: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["query"].as_str().unwrap())
        .collect();
    assert!(queries.contains(&"浮山 蟹黄汤包"), "{rows}");
    assert!(
        queries.contains(&"钢琴调音"),
        "no county: every county sees it: {rows}"
    );
    assert!(
        !queries.contains(&"乡宁 厨师"),
        "another county's demand: {rows}"
    );
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["query"] == "浮山 蟹黄汤包")
        .unwrap();
    assert_eq!(row["county"], "浮山县");
    assert_eq!(row["employer_region"], "北京");
    let admin = app.client_for(ADMIN).await;
    let all = send_json(admin.get(app.url("/api/v1/unmet-demand"))).await;
    assert_eq!(
        all.as_array().unwrap().len(),
        3,
        "admins see every county's"
    );
    let response = employer
        .get(app.url("/api/v1/unmet-demand"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

async fn a_word_nobody_has_is_set_aside_instead_of_answering_nobody(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    let ids = ids_by_name(&app).await;

    // Every cook has 厨师; nobody has 蟹黄汤包: the cooks, saying what was set aside.
    let page = search(&employer, &app, &[("q", "厨师 蟹黄汤包")]).await;
    let cooks = search(&employer, &app, &[("q", "厨师")]).await;
    assert_eq!(page["total"], cooks["total"], "{page}");
    assert!(hit_ids(&page).contains(&ids["王建国"]), "{page}");
    let aside: Vec<&str> = page["set_aside"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(!aside.is_empty() && !aside.contains(&"厨师"), "{page}");

    // Two words that match different workers, never one: the rarer is set aside.
    let weavers = search(&employer, &app, &[("q", "柳编")]).await["total"]
        .as_u64()
        .unwrap();
    assert!(weavers < cooks["total"].as_u64().unwrap());
    let page = search(&employer, &app, &[("q", "厨师 柳编")]).await;
    assert_eq!(page["set_aside"], serde_json::json!(["柳编"]), "{page}");
    assert_eq!(page["total"], cooks["total"]);

    // All words together: nothing set aside. Filters are never relaxed.
    let page = search(&employer, &app, &[("q", "浮山 厨师 北京")]).await;
    assert_eq!(page["set_aside"], serde_json::json!([]));
    let page = search(&employer, &app, &[("q", "洪洞 大厨 面点")]).await;
    assert_eq!(page["total"], 0, "洪洞 has no cooks: {page}");
    assert_eq!(page["set_aside"], serde_json::json!([]));

    // The page says so.
    let html = search_page(&employer, &app, "厨师 柳编").await;
    assert!(html.contains("已放宽：柳编"), "the chip on the page");

    // What was only found by setting words aside is still demand nobody met.
    assert_recorded_as_unmet(&app, "厨师 柳编").await;
}

async fn a_few_full_matches_come_first_then_workers_with_most_of_the_words(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    let ids = ids_by_name(&app).await;
    let cooks = search(&employer, &app, &[("q", "厨师")]).await;
    assert_eq!(cooks["fully_matched"], Value::Null, "one word: {cooks}");

    // Only 孙晓东 has all three words; 王建国 has two (厨师, 过油肉); the other cooks one.
    let page = search(&employer, &app, &[("q", "厨师 过油肉 红烧肉")]).await;
    assert_eq!(page["fully_matched"], 1, "{page}");
    assert_eq!(page["set_aside"], serde_json::json!([]), "{page}");
    assert_eq!(
        page["total"], cooks["total"],
        "every cook has one of the words"
    );
    let hits = hit_ids(&page);
    assert_eq!(hits[..2], [ids["孙晓东"], ids["王建国"]], "{page}");
    let mut rest: Vec<i64> = hits[2..].to_vec();
    let mut other_cooks: Vec<i64> = hit_ids(&cooks)
        .into_iter()
        .filter(|id| ![ids["孙晓东"], ids["王建国"]].contains(id))
        .collect();
    rest.sort_unstable();
    other_cooks.sort_unstable();
    assert_eq!(rest, other_cooks, "then every other cook: {page}");

    // Paging goes on through the partial matches: the second page starts where the first ended.
    let first = search(
        &employer,
        &app,
        &[("q", "厨师 过油肉 红烧肉"), ("per_page", "2")],
    )
    .await;
    let second = search(
        &employer,
        &app,
        &[
            ("q", "厨师 过油肉 红烧肉"),
            ("per_page", "2"),
            ("page", "2"),
        ],
    )
    .await;
    assert_eq!(hit_ids(&first), hits[..2]);
    assert_eq!(hit_ids(&second), hits[2..4]);
    assert_eq!(second["fully_matched"], 1);

    // Filters still hold for the partial matches: only cooks who want to work in 上海.
    let shanghai = search(&employer, &app, &[("q", "厨师 过油肉 红烧肉 上海")]).await;
    assert!(
        shanghai["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["target_regions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "上海")),
        "{shanghai}"
    );

    // The page says so, and draws the line where the partial matches begin.
    let html = search_page(&employer, &app, "厨师 过油肉 红烧肉").await;
    assert!(
        html.contains("只有 1 位工人符合全部词语"),
        "the chip on the page"
    );
    let divider = html.find("id=\"partial-divider\"").expect("the divider");
    let card_at = |name: &str| {
        html.find(&format!("data-worker-id=\"{}\"", ids[name]))
            .unwrap_or_else(|| panic!("{name} listed"))
    };
    assert!(card_at("孙晓东") < divider && divider < card_at("王建国"));

    // One worker with every word is demand the market hardly met.
    assert_recorded_as_unmet(&app, "厨师 过油肉 红烧肉").await;
}

async fn a_city_stands_for_its_province(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    for (city, province) in [("乌鲁木齐", "新疆"), ("苏州", "江苏"), ("石家庄", "河北")]
    {
        let by_city = search(&employer, &app, &[("q", &format!("{city} 焊工"))]).await;
        let by_province = search(&employer, &app, &[("q", &format!("{province} 焊工"))]).await;
        assert_eq!(
            hit_ids(&by_city),
            hit_ids(&by_province),
            "{city}: {by_city}"
        );
        let chip = by_city["chips"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["param"] == "region")
            .unwrap_or_else(|| panic!("{city} is read as a region: {by_city}"));
        assert_eq!(chip["label"], format!("意向{province}"));
        assert_eq!(chip["from_query"], city);
    }
    // 新疆's welders are found from its capital.
    let page = search(&employer, &app, &[("q", "乌鲁木齐 焊工")]).await;
    let ids = ids_by_name(&app).await;
    assert!(hit_ids(&page).contains(&ids["梁永刚"]), "{page}");
}

async fn pinyin_finds_words_the_dictionary_does_not_know(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    let ids = ids_by_name(&app).await;
    // 催乳 is only in 宋月娥's bio, not in the project dictionary.
    let by_hanzi = search(&employer, &app, &[("q", "催乳")]).await;
    assert_eq!(hit_ids(&by_hanzi), [ids["宋月娥"]], "{by_hanzi}");
    let by_pinyin = search(&employer, &app, &[("q", "cuiru")]).await;
    assert_eq!(hit_ids(&by_pinyin), [ids["宋月娥"]], "{by_pinyin}");
    // With another word, as an employer types it.
    let page = search(&employer, &app, &[("q", "yuesao cuiru")]).await;
    assert_eq!(hit_ids(&page).first(), Some(&ids["宋月娥"]), "{page}");
}

async fn a_group_of_provinces_stands_for_each_of_them(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    let mut each: HashSet<i64> = HashSet::new();
    for province in ["北京", "天津", "河北"] {
        let page = search(
            &employer,
            &app,
            &[("q", &format!("{province} 厨师")), ("per_page", "100")],
        )
        .await;
        each.extend(hit_ids(&page));
    }
    assert!(!each.is_empty(), "the cast has cooks for 京津冀");
    let by_word = search(
        &employer,
        &app,
        &[("q", "京津冀 厨师"), ("per_page", "100")],
    )
    .await;
    let chip = by_word["chips"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["param"] == "region")
        .unwrap_or_else(|| panic!("京津冀 is read as a region: {by_word}"));
    assert_eq!(chip["label"], "意向京津冀");
    assert_eq!(chip["from_query"], "京津冀");
    let found: HashSet<i64> = hit_ids(&by_word).into_iter().collect();
    assert_eq!(found, each, "{by_word}");
    // The same group as a parameter, as the chip's link carries it.
    let by_param = search(
        &employer,
        &app,
        &[("q", "厨师"), ("region", "京津冀"), ("per_page", "100")],
    )
    .await;
    assert_eq!(hit_ids(&by_param), hit_ids(&by_word));
    // A group is not a single region's demand: an unmet group search counts where the
    // employer is, and a group nobody knows is still a bad parameter.
    let response = employer
        .get(app.url("/api/v1/workers/search"))
        .query(&[("region", "大湾区火星")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap().contains("region"));
}

async fn work_described_in_words_is_searched_as_its_occupations(app: TestApp) {
    let employer = employer_when_indexed(&app).await;
    let carers = search(&employer, &app, &[("q", "养老护理员"), ("per_page", "100")]).await;
    assert!(carers["total"].as_u64().unwrap() > 0, "{carers}");
    // Nobody's bio says 照顾 with 老人, yet the carers are found by what they do.
    let page = search(
        &employer,
        &app,
        &[("q", "能照顾老人的"), ("per_page", "100")],
    )
    .await;
    let described = page["described_work"].as_array().unwrap();
    assert_eq!(described.len(), 1, "{page}");
    assert_eq!(described[0]["words"], "照顾老人");
    assert!(
        described[0]["occupations"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("养老护理员")),
        "{page}"
    );
    let found: HashSet<i64> = hit_ids(&page).into_iter().collect();
    let ids = ids_by_name(&app).await;
    let carer_ids: HashSet<i64> = hit_ids(&carers).into_iter().collect();
    assert!(found.is_superset(&carer_ids), "{page}");
    assert!(
        !found.contains(&ids["梁永刚"]),
        "a welder is no carer: {page}"
    );
    // The page says how the words were read.
    let html = search_page(&employer, &app, "能照顾老人的").await;
    assert!(
        html.contains("也找了做这些工作的工种：照顾老人 → "),
        "{html}"
    );
}

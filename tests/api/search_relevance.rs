//! Labelled queries over a generated ledger: each query is asked as an employer types it, and
//! the first ten workers are judged against what the generator knows about every worker (trade,
//! the words of the bio, where they want to work). The query classes are those that once found
//! nobody: pinyin of words outside the dictionary, work described in words, a city or a group of
//! provinces for the target region, and one word nobody has.

use laowu_tests::{COMPANY, EMPLOYER, TestApp, on_both_databases};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use server::db::entities::worker;
use std::collections::HashMap;
use std::time::{Duration, Instant};

on_both_databases!(labelled_queries_find_the_right_workers_first);

/// Workers generated: enough that every query has more relevant workers than a page of ten.
const WORKERS: usize = 360;
/// The least share of the first ten results (of the first R, when only R < 10 workers are
/// right) each query must get right.
const LEAST_PRECISION_AT_10: f64 = 0.9;

/// A trade as the generator writes it: the occupation on the ledger, and bios that describe it
/// (some in words the project dictionary does not know).
const TRADES: [(&str, &[&str]); 9] = [
    (
        "中式烹调师",
        &[
            "在工地食堂做饭八年，会炒菜和大锅菜",
            "擅长晋南家常菜，会拉面和刀削面",
            "饭店后厨掌勺，会做席面",
        ],
    ),
    (
        "中式面点师",
        &[
            "会蒸馒头、包包子、包饺子",
            "会做花馍，面塑手艺多年",
            "擅长烙饼和手工面条",
        ],
    ),
    (
        "养老护理员",
        &[
            "在养老院照顾失能老人五年",
            "会给卧床老人喂饭翻身",
            "养老护理培训结业，会推拿",
        ],
    ),
    (
        "母婴护理员",
        &[
            "带过十几个新生儿，会催乳",
            "照顾产妇坐月子，会做月子餐",
            "产后护理三年",
        ],
    ),
    (
        "育婴员",
        &["会带一到三岁孩子，懂辅食", "带娃经验丰富，会早教游戏"],
    ),
    (
        "家政服务员",
        &["打扫卫生、整理收纳", "会做家务，洗衣做饭", "擦玻璃、做保洁"],
    ),
    (
        "焊工",
        &["会氩弧焊，焊过钢结构厂房", "做过管道焊接，持特种作业证"],
    ),
    ("编织工", &["会柳编，编筐编篮子", "会剪纸和草编"]),
    ("电工", &["会接电线、修电路", "做过小区水电安装"]),
];
const REGIONS: [&str; 10] = [
    "北京", "天津", "河北", "上海", "江苏", "浙江", "广东", "新疆", "四川", "陕西",
];
const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: [&str; 20] = [
    "建国", "秀英", "桂兰", "志强", "海燕", "春梅", "国华", "红霞", "永刚", "玉兰", "晓东", "丽娟",
    "保国", "翠花", "文军", "淑珍", "德明", "巧云", "长青", "金凤",
];

/// What the generator knows about one worker.
#[derive(Debug, Clone)]
struct Labels {
    occupation: &'static str,
    bio: &'static str,
    regions: Vec<&'static str>,
}

/// A deterministic ledger (the same every run) and each worker's labels by name.
fn generated_ledger() -> (String, HashMap<String, Labels>) {
    let mut state: u64 = 0x1410_2720_2612_0601;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut csv = String::from(
        "姓名,身份证号,手机号,户籍区县,是否建档立卡,技能工种,职业技能等级,证书编号,发证机构,发证日期,从业年限,期望月薪,意向地区,可到岗日期,个人简介\n",
    );
    let mut labels = HashMap::new();
    for n in 0..WORKERS {
        let name = format!("{}{}", SURNAMES[n % 20], GIVEN[(n / 20) % 20]);
        let (occupation, bios) = TRADES[n % TRADES.len()];
        let bio = bios[next(bios.len())];
        // Each trade's workers spread evenly over the regions: about 8 want any one of them.
        let round = n / TRADES.len();
        let first = REGIONS[round % REGIONS.len()];
        let second = REGIONS[(round + 3 + round / REGIONS.len()) % REGIONS.len()];
        let regions = if first == second {
            vec![first]
        } else {
            vec![first, second]
        };
        let id = app::domain::id_number::with_check_char(&format!(
            "141027{}{:02}{:02}{:03}",
            1970 + n % 30,
            1 + n % 12,
            1 + n % 28,
            n
        ))
        .expect("a generated ID number");
        csv.push_str(&format!(
            "{name},{id},139{n:08},浮山县,否,{occupation},四级/中级工,G{n:06},临汾市职业技能鉴定指导中心,2021-03-15,{},{},{},2027-03-01,{bio}\n",
            2 + n % 15,
            4000 + 500 * (n % 10),
            regions.join("、"),
        ));
        labels.insert(
            name,
            Labels {
                occupation,
                bio,
                regions,
            },
        );
    }
    (csv, labels)
}

type Judge = fn(&Labels) -> bool;

fn trade(l: &Labels, occupations: &[&str]) -> bool {
    occupations.contains(&l.occupation)
}

fn wants(l: &Labels, regions: &[&str]) -> bool {
    l.regions.iter().any(|r| regions.contains(r))
}

fn says(l: &Labels, words: &[&str]) -> bool {
    words.iter().any(|w| l.bio.contains(w))
}

const CARERS: [&str; 2] = ["养老护理员", "医疗护理员"];
const JJJ: [&str; 3] = ["北京", "天津", "河北"];
const CSJ: [&str; 4] = ["上海", "江苏", "浙江", "安徽"];

/// (query, class, what makes a worker a right answer).
fn labelled_queries() -> Vec<(&'static str, &'static str, Judge)> {
    vec![
        // Pinyin of words in bios, most of them not in the project dictionary.
        ("cuiru", "pinyin", |l| says(l, &["催乳"])),
        ("huamo", "pinyin", |l| says(l, &["花馍"])),
        ("tuina", "pinyin", |l| says(l, &["推拿"])),
        ("lamian", "pinyin", |l| says(l, &["拉面"])),
        ("jianzhi", "pinyin", |l| says(l, &["剪纸"])),
        ("yahuhan", "pinyin", |l| says(l, &["氩弧焊"])),
        ("fushi", "pinyin", |l| says(l, &["辅食"])),
        ("yuesao", "pinyin", |l| trade(l, &["母婴护理员"])),
        // Work described in words.
        ("能照顾老人的", "phrase", |l| {
            trade(l, &CARERS) || says(l, &["老人"])
        }),
        ("会蒸馒头的师傅", "phrase", |l| {
            trade(l, &["中式面点师"]) || says(l, &["馒头"])
        }),
        ("会包饺子的", "phrase", |l| {
            trade(l, &["中式面点师"]) || says(l, &["饺子"])
        }),
        ("能带孩子的阿姨", "phrase", |l| {
            trade(l, &["育婴员", "家政服务员"]) || says(l, &["孩子", "带娃"])
        }),
        ("照顾产妇坐月子", "phrase", |l| {
            trade(l, &["母婴护理员"])
        }),
        ("会焊钢结构的", "phrase", |l| trade(l, &["焊工"])),
        ("会修电路的师傅", "phrase", |l| trade(l, &["电工"])),
        ("找个会做饭的", "phrase", |l| {
            trade(l, &["中式烹调师"]) || says(l, &["做饭"])
        }),
        ("打扫卫生的保洁", "phrase", |l| {
            trade(l, &["家政服务员"])
        }),
        ("会编筐的", "phrase", |l| {
            trade(l, &["编织工"]) || says(l, &["编筐"])
        }),
        // A city stands for its province.
        ("苏州 月嫂", "city", |l| {
            trade(l, &["母婴护理员"]) && wants(l, &["江苏"])
        }),
        ("广州 厨师", "city", |l| {
            trade(l, &["中式烹调师"]) && wants(l, &["广东"])
        }),
        ("乌鲁木齐 焊工", "city", |l| {
            trade(l, &["焊工"]) && wants(l, &["新疆"])
        }),
        ("石家庄 护工", "city", |l| {
            trade(l, &CARERS) && wants(l, &["河北"])
        }),
        ("杭州 保姆", "city", |l| {
            trade(l, &["家政服务员"]) && wants(l, &["浙江"])
        }),
        ("成都 面点师", "city", |l| {
            trade(l, &["中式面点师"]) && wants(l, &["四川"])
        }),
        ("西安 电工", "city", |l| {
            trade(l, &["电工"]) && wants(l, &["陕西"])
        }),
        // A group of provinces.
        ("京津冀 护工", "group", |l| {
            trade(l, &CARERS) && wants(l, &JJJ)
        }),
        ("长三角 月嫂", "group", |l| {
            trade(l, &["母婴护理员"]) && wants(l, &CSJ)
        }),
        ("江浙沪 保姆", "group", |l| {
            trade(l, &["家政服务员"]) && wants(l, &["上海", "江苏", "浙江"])
        }),
        ("珠三角 厨师", "group", |l| {
            trade(l, &["中式烹调师"]) && wants(l, &["广东"])
        }),
        ("京津冀 会照顾老人的", "group", |l| {
            (trade(l, &CARERS) || says(l, &["老人"])) && wants(l, &JJJ)
        }),
        // One word nobody has is set aside rather than answering nobody.
        ("焊工 潜水员", "relaxed", |l| trade(l, &["焊工"])),
        ("月嫂 钢琴", "relaxed", |l| trade(l, &["母婴护理员"])),
        ("电工 飞行", "relaxed", |l| trade(l, &["电工"])),
    ]
}

async fn search(client: &reqwest::Client, app: &TestApp, q: &str) -> Value {
    let response = client
        .get(app.url("/api/v1/workers/search"))
        .query(&[("q", q), ("per_page", "10")])
        .send()
        .await
        .expect("GET search");
    assert_eq!(response.status(), reqwest::StatusCode::OK, "search {q}");
    response.json().await.expect("JSON")
}

async fn labelled_queries_find_the_right_workers_first(app: TestApp) {
    // Arrange: the company imports the generated ledger and records every worker's consent.
    let (csv, labels) = generated_ledger();
    app.login(COMPANY).await;
    let report: Value = app.import_roster(&csv, "").await.json().await.unwrap();
    assert_eq!(report["inserted"], WORKERS, "{report}");
    let workers = worker::Entity::find().all(&app.db).await.unwrap();
    let mut by_id: HashMap<i64, &Labels> = HashMap::new();
    for w in &workers {
        let consent =
            json!({"method": "书面签字", "scope": "向认证用工单位展示技能、等级、求职意向和简介"});
        let response = app
            .client
            .post(app.url(&format!("/api/v1/workers/{}/consent", w.id)))
            .json(&consent)
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert!(
            status.is_success(),
            "consent for {}: {status} {}",
            w.name,
            response.text().await.unwrap_or_default()
        );
        by_id.insert(i64::from(w.id), &labels[&w.name]);
    }
    let employer = app.client_for(EMPLOYER).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    while search(&employer, &app, "").await["total"] != WORKERS {
        assert!(Instant::now() < deadline, "the ledger was not indexed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Act and assert: every query's first ten, judged by the labels.
    let mut failures = Vec::new();
    let mut precisions = Vec::new();
    for (q, class, judge) in labelled_queries() {
        let page = search(&employer, &app, q).await;
        let relevant = labels.values().filter(|l| judge(l)).count();
        assert!(relevant >= 3, "{q}: the generator made only {relevant}");
        let hits: Vec<&Labels> = page["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| by_id[&h["id"].as_i64().unwrap()])
            .collect();
        // Precision of the first ten, or of the first R when only R < 10 workers are right
        // (R-precision): results past the right ones are ranked lower, not wrong.
        let expected = relevant.min(10);
        let judged = &hits[..hits.len().min(expected)];
        let right = judged.iter().filter(|l| judge(l)).count();
        let precision = right as f64 / judged.len().max(1) as f64;
        precisions.push(precision);
        if hits.len() < expected || precision < LEAST_PRECISION_AT_10 {
            let wrong: Vec<String> = judged
                .iter()
                .filter(|l| !judge(l))
                .map(|l| format!("{} {} {:?}", l.occupation, l.bio, l.regions))
                .collect();
            failures.push(format!(
                "{q} ({class}): {right} of the first {} right, {relevant} relevant (wrong: {wrong:?}); chips {} set aside {} described {}",
                hits.len(),
                page["chips"],
                page["set_aside"],
                page["described_work"],
            ));
        }
        if class == "relaxed" {
            assert!(
                !page["set_aside"].as_array().unwrap().is_empty(),
                "{q}: {page}"
            );
        }
    }
    let mean = precisions.iter().sum::<f64>() / precisions.len() as f64;
    println!(
        "{} labelled queries, mean precision@10 {mean:.3}",
        precisions.len()
    );
    assert!(precisions.len() >= 30);
    assert!(mean >= 0.97, "mean precision@10 {mean:.3}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

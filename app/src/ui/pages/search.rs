//! `/search`: employers find workers. A plain GET form before the WebAssembly loads; once
//! hydrated (the search form is an island), results follow the typing (debounced), and chips,
//! facets and pages narrow without a reload. The URL carries the whole
//! search, so it can be bookmarked and shared. `/search/workers/:id` is a worker as employers
//! see them.

use crate::api::search::{SaveSearch, ShortlistWorker, search_workers, shortlists, worker_profile};
use crate::api::types::{
    AttestedWork, FacetCount, SearchChip, SearchHit, SearchResults, ShortlistView,
};
use crate::domain::role::Role;
use crate::domain::roster::CertificateLevel;
use crate::ui::auth::Auth;
use crate::ui::island::{provide_page_url, show_url};
use crate::ui::{FormOutcome, form_outcome, percent_encode};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// The parameters a search URL may carry, in the order links write them.
const SEARCH_PARAMS: [&str; 15] = [
    "q",
    "county",
    "brand",
    "occupation",
    "level",
    "verified",
    "region",
    "available_by",
    "wage_min",
    "wage_max",
    "age_min",
    "age_max",
    "sex",
    "page",
    "per_page",
];
/// Results follow typing once it pauses this long: fewer requests than keystrokes.
const TYPING_PAUSE_MS: u64 = 300;

type Pairs = Vec<(&'static str, String)>;

fn pairs_of(query: &ParamsMap) -> Pairs {
    SEARCH_PARAMS
        .iter()
        .filter_map(|key| {
            query
                .get(key)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (*key, v))
        })
        .collect()
}

fn encode(pairs: &Pairs) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn search_href(pairs: &Pairs) -> String {
    let query = encode(pairs);
    if query.is_empty() {
        "/search".to_string()
    } else {
        format!("/search?{query}")
    }
}

/// `pairs` with `key` set to `value` (or removed), back on page 1.
fn with_param(pairs: &Pairs, key: &'static str, value: Option<String>) -> Pairs {
    let mut out: Pairs = pairs
        .iter()
        .filter(|(k, _)| *k != key && *k != "page")
        .cloned()
        .collect();
    if let Some(value) = value {
        out.push((key, value));
        out.sort_by_key(|(k, _)| SEARCH_PARAMS.iter().position(|p| p == k));
    }
    out
}

/// The query text without the words a chip was recognised from.
fn without_words(pairs: &Pairs, words: &str) -> Pairs {
    let q = pairs
        .iter()
        .find(|(k, _)| *k == "q")
        .map(|(_, v)| v.replacen(words, " ", 1))
        .unwrap_or_default();
    let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
    with_param(pairs, "q", Some(q).filter(|q| !q.is_empty()))
}

/// Where removing a chip leads.
fn chip_removed(pairs: &Pairs, chip: &SearchChip) -> String {
    match &chip.from_query {
        Some(words) => search_href(&without_words(pairs, words)),
        None => {
            let key = SEARCH_PARAMS
                .iter()
                .find(|k| **k == chip.param)
                .copied()
                .unwrap_or("q");
            search_href(&with_param(pairs, key, None))
        }
    }
}

/// Whether an employer user is signed in: only they send hire requests.
fn employer_signed_in(auth: Auth) -> bool {
    auth.signed_in().is_some_and(|u| u.role == Role::Employer)
}

/// Where an employer sends a hire request for these workers.
pub fn hire_href(worker_ids: &[i32]) -> String {
    let ids: Vec<String> = worker_ids.iter().map(ToString::to_string).collect();
    format!("/hiring/new?workers={}", ids.join(","))
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let query_string = move || encode(&pairs_of(&query.read()));
    let results = Resource::new(query_string, search_workers);
    let lists = Resource::new(|| (), |_| shortlists());
    // Rendered on the server: the forms post plainly (in place once the WebAssembly has
    // loaded), and their outcome comes back in the address.
    let add = ServerAction::<ShortlistWorker>::new();
    let save = ServerAction::<SaveSearch>::new();
    let added = form_outcome(add.value());
    let saved = form_outcome(save.value());
    view! {
        <Title text="找工人"/>
        <section class="card search-card">
            <h1>"找工人"</h1>
            <SearchForm/>
            <p role="status" id="shortlist-result">
                {move || match added.get() {
                    Some(FormOutcome::Done) => Some("已加入候选名单".to_string()),
                    Some(FormOutcome::Failed(e)) => Some(e.message),
                    None => None,
                }}
            </p>
        </section>
        <div id="search-results" aria-live="polite">
            <Transition fallback=|| view! { <p class="muted">"搜索中…"</p> }>
                {move || results.get().map(|result| match result {
                    Ok(found) => {
                        let pairs = pairs_of(&query.read_untracked());
                        let lists = lists.get().and_then(|r| r.ok()).unwrap_or_default();
                        let employer = employer_signed_in(auth);
                        view! { <ResultsView found pairs lists employer add save saved/> }.into_any()
                    }
                    Err(e) => view! {
                        <section class="card"><p class="form-error" role="alert" data-field=e.field.clone().unwrap_or_default()>{e.message}</p></section>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

/// The search form: an island. Once hydrated, typing (after a pause), the filters, and the
/// chips, facets and pages of the results change the address without a reload, and the
/// results (`#search-results`, rendered on the server as for any visit) are replaced by the
/// server's rendering of the new address. The results themselves ship no WebAssembly.
#[island]
fn SearchForm() -> impl IntoView {
    let url = provide_page_url();
    let query = use_query_map();
    results_follow_the_address(query);
    follow_result_links(url.clone());

    let typing = StoredValue::new(None::<TimeoutHandle>);
    let typed_url = url.clone();
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Some(handle) = typing.get_value() {
            handle.clear();
        }
        let pairs = with_param(
            &pairs_of(&query.read_untracked()),
            "q",
            Some(text).filter(|t| !t.trim().is_empty()),
        );
        let href = search_href(&pairs);
        let url = typed_url.clone();
        let handle = set_timeout_with_handle(
            move || show_url(&url, &href, true),
            std::time::Duration::from_millis(TYPING_PAUSE_MS),
        )
        .ok();
        typing.set_value(handle);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(href) = submitted_search(&ev) {
            ev.prevent_default();
            show_url(&url, &href, false);
        }
    };
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    view! {
            <form method="get" action="/search" class="search-form" id="search-form" on:submit=on_submit>
                <div class="search-row">
                    <input type="search" name="q" id="search-q" autocomplete="off"
                        placeholder="说说您要找什么人：浮山 厨师 北京、养老护理 高级、月嫂、hugong"
                        aria-label="搜索"
                        value=move || current("q")
                        prop:value=move || current("q")
                        on:input=on_input/>
                    <button type="submit" class="button primary">"搜索"</button>
                </div>
                {["county", "brand", "occupation", "region"].into_iter().map(|key| view! {
                    <input type="hidden" name=key value=move || current(key) prop:value=move || current(key) disabled=move || current(key).is_empty()/>
                }).collect_view()}
                <details class="more-filters">
                    <summary>"更多条件"</summary>
                    <div class="filters">
                        <select name="level" aria-label="证书等级">
                            <option value="">"任何等级"</option>
                            {CertificateLevel::ALL.into_iter().map(|level| {
                                let code = level.code();
                                view! { <option value=code selected=move || current("level") == code>{format!("{} 及以上", level.label())}</option> }
                            }).collect_view()}
                        </select>
                        <label class="check"><input type="checkbox" name="verified" value="true" checked=move || current("verified") == "true" prop:checked=move || current("verified") == "true"/>"证书已核验"</label>
                        <label>"到岗不晚于"<input type="date" name="available_by" value=move || current("available_by") prop:value=move || current("available_by")/></label>
                        <label>"月薪"<input type="number" name="wage_min" min="0" step="500" placeholder="从" value=move || current("wage_min") prop:value=move || current("wage_min")/></label>
                        <label>"至"<input type="number" name="wage_max" min="0" step="500" placeholder="到" value=move || current("wage_max") prop:value=move || current("wage_max")/></label>
                        <label>"年龄"<input type="number" name="age_min" min="16" max="80" placeholder="从" value=move || current("age_min") prop:value=move || current("age_min")/></label>
                        <label>"至"<input type="number" name="age_max" min="16" max="80" placeholder="到" value=move || current("age_max") prop:value=move || current("age_max")/></label>
                        <select name="sex" aria-label="性别">
                            {[("", "性别不限"), ("男", "男"), ("女", "女")].into_iter().map(|(value, label)| view! {
                                <option value=value selected=move || current("sex") == value>{label}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button small">"应用"</button>
                    </div>
                </details>
            </form>
    }
    .into_any()
}

/// Whenever the island's address changes (typing, a link, the back button), the results are
/// replaced by the server's rendering of it; an answer overtaken by a newer one is dropped.
fn results_follow_the_address(query: Memo<ParamsMap>) {
    let latest = StoredValue::new(0u64);
    Effect::new(move |previous: Option<String>| {
        let href = search_href(&pairs_of(&query.read()));
        if previous.as_ref().is_some_and(|p| *p != href) {
            let asked = latest.get_value() + 1;
            latest.set_value(asked);
            let href = href.clone();
            leptos::task::spawn_local(async move {
                let fresh = crate::ui::island::page_part(&href, "search-results").await;
                if latest.get_value() == asked
                    && let Some(fresh) = fresh
                {
                    crate::ui::island::replace_part("search-results", &fresh);
                }
            });
        }
        href
    });
}

/// Chips, facets and pages in the results open in place (other links as usual).
fn follow_result_links(url: ArcRwSignal<leptos_router::location::Url>) {
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener(leptos::ev::click, move |ev| {
            if let Some(href) = search_link_clicked(&ev) {
                ev.prevent_default();
                show_url(&url, &href, false);
            }
        });
        on_cleanup(move || listener.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// The search a submitted search form asks for, as a `/search?…` address (`None` when the
/// form cannot be read, and the browser then submits it as a plain GET).
fn submitted_search(ev: &leptos::ev::SubmitEvent) -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    let form = ev
        .target()?
        .dyn_into::<leptos::web_sys::HtmlFormElement>()
        .ok()?;
    let data = leptos::web_sys::FormData::new_with_form(&form).ok()?;
    let pairs: Pairs = SEARCH_PARAMS
        .iter()
        .filter(|key| **key != "page")
        .filter_map(|key| {
            data.get(key)
                .as_string()
                .filter(|v| !v.trim().is_empty())
                .map(|v| (*key, v))
        })
        .collect();
    Some(search_href(&pairs))
}

/// The address of a link in the results to another search (a chip, a facet, a page) that was
/// clicked without a modifier key; other links (a worker, a hire request) open as usual.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn search_link_clicked(ev: &leptos::ev::MouseEvent) -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target = ev.target()?.dyn_into::<leptos::web_sys::Element>().ok()?;
    target.closest("#search-results").ok()??;
    let href = target.closest("a[href]").ok()??.get_attribute("href")?;
    (href == "/search" || href.starts_with("/search?")).then_some(href)
}

#[component]
fn ResultsView(
    found: SearchResults,
    pairs: Pairs,
    lists: Vec<ShortlistView>,
    /// Whether the viewer may send hire requests.
    employer: bool,
    add: ServerAction<ShortlistWorker>,
    save: ServerAction<SaveSearch>,
    saved: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let back = search_href(&pairs);
    let summary = if found.total == 0 {
        "没有找到符合条件的工人。试试减少条件，或换个说法（如“厨师”代替“大厨”）。".to_string()
    } else {
        format!("找到 {} 位工人（{} 毫秒）", found.total, found.took_ms)
    };
    let last_page = found.total.div_ceil(u64::from(found.per_page)).max(1);
    let page = u64::from(found.page);
    let previous =
        (page > 1).then(|| search_href(&with_param(&pairs, "page", Some((page - 1).to_string()))));
    let next = (page < last_page)
        .then(|| search_href(&with_param(&pairs, "page", Some((page + 1).to_string()))));
    let chips = found.chips.clone();
    let set_aside = found.set_aside.clone();
    let fully_matched = found.fully_matched;
    // Where on this page the workers with only some of the words begin, if they do.
    let first_on_page = (page - 1) * u64::from(found.per_page);
    let partial_from = fully_matched
        .and_then(|full| full.checked_sub(first_on_page))
        .and_then(|index| usize::try_from(index).ok())
        .filter(|index| *index < found.hits.len());
    let described = found
        .described_work
        .iter()
        .map(|d| format!("{} → {}", d.words, d.occupations.join("、")))
        .collect::<Vec<_>>();
    let facets = found.facets.clone();
    let query_string = found.query_string.clone();
    view! {
        <div class="search-layout">
            <aside class="card facets" id="facets">
                <FacetList title="区县" param="county" values=facets.county pairs=pairs.clone() chips=chips.clone()/>
                <FacetList title="劳务品牌" param="brand" values=facets.brand pairs=pairs.clone() chips=chips.clone()/>
                <FacetList title="工种" param="occupation" values=facets.occupation pairs=pairs.clone() chips=chips.clone()/>
                <FacetList title="证书等级" param="level" values=facets.level pairs=pairs.clone() chips=chips.clone()/>
                <FacetList title="意向地区" param="region" values=facets.region pairs=pairs.clone() chips=chips.clone()/>
                <FacetList title="性别" param="sex" values=facets.sex pairs=pairs.clone() chips=chips.clone()/>
            </aside>
            <section class="card results">
                <ul class="chips" id="chips" aria-label="已识别的条件">
                    {chips.iter().map(|chip| {
                        let href = chip_removed(&pairs, chip);
                        view! {
                            <li class="chip" data-param=chip.param.clone()>
                                {chip.label.clone()}
                                <a href=href aria-label=format!("去掉 {}", chip.label) class="chip-remove">"×"</a>
                            </li>
                        }
                    }).collect_view()}
                    {(!set_aside.is_empty()).then(|| view! {
                        <li class="chip relaxed" id="set-aside" data-param="set_aside">
                            {format!("没有同时符合全部词语的工人，已放宽：{}", set_aside.join("、"))}
                        </li>
                    })}
                    {fully_matched.map(|full| view! {
                        <li class="chip relaxed" id="partly-matched" data-param="fully_matched">
                            {format!("只有 {full} 位工人符合全部词语，排在前面；其后的工人符合其中部分词语，符合得多的在前")}
                        </li>
                    })}
                    {(!described.is_empty()).then(|| view! {
                        <li class="chip described" id="described-work" data-param="described_work">
                            {format!("也找了做这些工作的工种：{}", described.join("；"))}
                        </li>
                    })}
                </ul>
                <p class="muted" id="result-summary">{summary}</p>
                <ol class="hits" id="hits">
                    {found.hits.into_iter().enumerate().map(|(index, hit)| view! {
                        {(partial_from == Some(index)).then(|| view! {
                            <li class="partial-divider" id="partial-divider" role="separator">"以下工人符合部分词语"</li>
                        })}
                        <HitCard hit lists=lists.clone() employer add back=back.clone()/>
                    }).collect_view()}
                </ol>
                <nav class="pager" aria-label="分页">
                    {previous.map(|href| view! { <a class="button small" href=href>"上一页"</a> })}
                    {(last_page > 1).then(|| view! { <span class="muted">{format!("第 {page}/{last_page} 页")}</span> })}
                    {next.map(|href| view! { <a class="button small" id="next-page" href=href>"下一页"</a> })}
                </nav>
                <ActionForm action=save attr:class="inline-form" attr:id="save-search-form">
                    <input type="hidden" name="query_string" value=query_string/>
                    <input name="name" required maxlength="40" placeholder="给这个搜索起个名字" aria-label="保存的搜索名称"/>
                    <button type="submit" class="button small">"保存此搜索"</button>
                    <span role="status" id="save-search-result">
                        {move || match saved.get() {
                            Some(FormOutcome::Done) => Some("已保存，有新工人时会在“保存的搜索”里提示".to_string()),
                            Some(FormOutcome::Failed(e)) => Some(e.message),
                            None => None,
                        }}
                    </span>
                </ActionForm>
            </section>
        </div>
    }
}

#[component]
fn FacetList(
    title: &'static str,
    param: &'static str,
    values: Vec<FacetCount>,
    pairs: Pairs,
    chips: Vec<SearchChip>,
) -> impl IntoView {
    if values.is_empty() {
        return ().into_any();
    }
    // Choosing a value replaces what the query's words said for this filter.
    let base = match chips.iter().find(|c| c.param == param) {
        Some(SearchChip {
            from_query: Some(words),
            ..
        }) => without_words(&pairs, words),
        _ => pairs.clone(),
    };
    let chosen = chips
        .iter()
        .find(|c| c.param == param)
        .map(|c| c.value.clone());
    view! {
        <section class="facet" data-facet=param>
            <h3>{title}</h3>
            <ul>
                {values.into_iter().map(|v| {
                    let selected = chosen.as_deref() == Some(v.value.as_str());
                    let href = search_href(&with_param(&base, param, Some(v.value.clone())));
                    view! {
                        <li class:selected=selected>
                            <a href=href data-value=v.value.clone()>{v.label}</a>
                            <span class="count">{v.count}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// What a card says about a worker (search results, shortlists, the profile page).
pub fn hit_facts(hit: &SearchHit) -> Vec<String> {
    let mut facts = Vec::new();
    if let Some(county) = &hit.county {
        facts.push(county.clone());
    }
    if let Some(age) = hit.age {
        facts.push(format!("{}，{age} 岁", hit.sex));
    }
    if let Some(years) = hit.experience_years {
        facts.push(format!("从业 {years} 年"));
    }
    if let Some(wage) = hit.expected_wage_yuan {
        facts.push(format!("期望月薪 {wage} 元"));
    }
    if !hit.target_regions.is_empty() {
        facts.push(format!("意向 {}", hit.target_regions.join("、")));
    }
    facts.push(match &hit.available_from {
        Some(date) => format!("{date} 起可到岗"),
        None => "随时可到岗".to_string(),
    });
    facts
}

#[component]
pub fn CertificateBadge(level: Option<String>, verified: bool) -> impl IntoView {
    level.map(|level| {
        view! {
            <span class=if verified { "badge verified" } else { "badge" }>
                {level}{if verified { " · 已核验" } else { " · 待核验" }}
            </span>
        }
    })
}

#[component]
fn HitCard(
    hit: SearchHit,
    lists: Vec<ShortlistView>,
    employer: bool,
    add: ServerAction<ShortlistWorker>,
    back: String,
) -> impl IntoView {
    let facts = hit_facts(&hit).join(" · ");
    let href = format!("/search/workers/{}", hit.id);
    view! {
        <li class="hit" data-testid="hit" data-worker-id=hit.id>
            <div class="hit-head">
                <a class="hit-name" href=href>{hit.display_name.clone()}</a>
                {hit.brand.clone().map(|b| view! { <span class="badge brand">{b}</span> })}
                <CertificateBadge level=hit.certificate_level.clone() verified=hit.verified/>
            </div>
            <p class="hit-occupations">{hit.occupations.join("、")}</p>
            <p class="muted">{facts}</p>
            <p class="hit-bio">{hit.bio.clone()}</p>
            <ShortlistPicker lists worker_id=hit.id add back/>
            {employer.then(|| view! { <a class="button small hire-link" href=hire_href(&[hit.id])>"发出邀约"</a> })}
        </li>
    }
}

/// The "加入候选名单" form, or a link to create a first shortlist.
#[component]
fn ShortlistPicker(
    lists: Vec<ShortlistView>,
    worker_id: i32,
    add: ServerAction<ShortlistWorker>,
    /// Where a plain form post returns to.
    back: String,
) -> impl IntoView {
    if lists.is_empty() {
        return view! { <a class="small" href="/shortlists">"建一个候选名单来收藏工人"</a> }
            .into_any();
    }
    view! {
        <ActionForm action=add attr:class="inline-form shortlist-form">
            <input type="hidden" name="worker_id" value=worker_id.to_string()/>
            <input type="hidden" name="back" value=back/>
            <select name="shortlist_id" aria-label="候选名单">
                {lists.into_iter().map(|l| view! { <option value=l.id.to_string()>{l.name}</option> }).collect_view()}
            </select>
            <button type="submit" class="button small">"加入候选名单"</button>
        </ActionForm>
    }
    .into_any()
}

/// `/search/workers/:id`: one worker as employers see them.
#[component]
pub fn WorkerProfilePage() -> impl IntoView {
    let auth = Auth::use_auth();
    let id = crate::ui::route_id();
    let profile = Resource::new(id, worker_profile);
    let add = ServerAction::<ShortlistWorker>::new();
    let added = form_outcome(add.value());
    let lists = Resource::new(move || add.version().get(), |_| shortlists());
    view! {
        <Title text="工人资料"/>
        <section class="card" id="worker-profile">
            <p><a href="/search">"← 回到搜索"</a></p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || profile.get().map(|result| match result {
                    Ok(hit) => {
                        let facts = hit_facts(&hit);
                        let back = format!("/search/workers/{}", hit.id);
                        let lists = lists.get().and_then(|r| r.ok()).unwrap_or_default();
                        let employer = employer_signed_in(auth);
                        view! {
                            <h1>{hit.display_name.clone()}</h1>
                            <p>
                                {hit.brand.clone().map(|b| view! { <span class="badge brand">{b}</span> })}
                                <CertificateBadge level=hit.certificate_level.clone() verified=hit.verified/>
                            </p>
                            <dl class="facts">
                                <dt>"工种"</dt><dd>{hit.occupations.join("、")}</dd>
                                {facts.into_iter().map(|f| view! { <dd>{f}</dd> }).collect_view()}
                                <dt>"个人简介"</dt><dd>{hit.bio.clone()}</dd>
                            </dl>
                            <AttestedWorkList work=hit.attested_work.clone()/>
                            <p class="muted">"姓名、身份证号和手机号在签订劳动合同后才会向用工单位显示。"</p>
                            <ShortlistPicker lists worker_id=hit.id add back/>
                            {employer.then(|| view! { <a class="button small primary hire-link" id="hire-worker" href=hire_href(&[hit.id])>"发出邀约"</a> })}
                            <p role="status">{move || match added.get() {
                                Some(FormOutcome::Done) => Some("已加入候选名单".to_string()),
                                Some(FormOutcome::Failed(e)) => Some(e.message),
                                None => None,
                            }}</p>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
            <super::events::WorkerAwards worker_id=Signal::derive(id)/>
        </section>
    }
}

/// Work the platform can vouch for (placements under a signed contract), apart from the
/// experience the worker declared.
#[component]
fn AttestedWorkList(work: Vec<AttestedWork>) -> impl IntoView {
    view! {
        <section class="attested-work" id="attested-work">
            <h2>"平台核实的工作经历"</h2>
            {if work.is_empty() {
                view! { <p class="muted" id="no-attested-work">"暂无在本平台签约上岗的记录。上面的“从业年限”为本人填报。"</p> }.into_any()
            } else {
                view! {
                    <p class="muted">"以下为在本平台签订劳动合同并上岗的记录；“从业年限”为本人填报。"</p>
                    <ul class="attested">
                        {work.into_iter().map(|w| {
                            let until = w.ends_on.unwrap_or_else(|| "至今".to_string());
                            view! {
                                <li>
                                    <strong>{w.position}</strong>
                                    {format!(" · {} · {}–{until}", w.region_name, w.starts_on)}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&'static str, &str)]) -> Pairs {
        list.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn removing_a_recognised_chip_removes_its_words_from_the_query() {
        let p = pairs(&[("q", "浮山 厨师 北京"), ("page", "2")]);
        let chip = SearchChip {
            param: "county".into(),
            value: "141027".into(),
            label: "浮山县".into(),
            from_query: Some("浮山".into()),
        };
        assert_eq!(
            chip_removed(&p, &chip),
            format!("/search?q={}", percent_encode("厨师 北京"))
        );
    }

    #[test]
    fn removing_a_parameter_chip_drops_the_parameter_and_the_page() {
        let p = pairs(&[("q", "厨师"), ("level", "3"), ("page", "2")]);
        let chip = SearchChip {
            param: "level".into(),
            value: "3".into(),
            label: "三级".into(),
            from_query: None,
        };
        assert_eq!(
            chip_removed(&p, &chip),
            format!("/search?q={}", percent_encode("厨师"))
        );
    }

    #[test]
    fn choosing_a_facet_keeps_other_parameters_in_order() {
        let p = pairs(&[("q", "厨师"), ("sex", "女"), ("page", "3")]);
        let href = search_href(&with_param(&p, "county", Some("141027".into())));
        assert_eq!(
            href,
            format!(
                "/search?q={}&county=141027&sex={}",
                percent_encode("厨师"),
                percent_encode("女")
            )
        );
    }
}

//! What every ledger import page shows: the progress of a running import (asked for about
//! once a second while the upload is pending) and the report of the last one, every bad row
//! with its row, column and reason.

use crate::api::AppError;
use crate::api::types::{ImportProgress, ImportReport};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement, SubmitEvent};
use leptos_router::hooks::use_query_map;
use std::future::Future;

/// The submit handler of an island's upload form: posts the form's fields and file as
/// `multipart/form-data` through `upload` instead of leaving the page.
pub fn submit_upload<T: 'static>(
    upload: Action<FormData, T>,
) -> impl Fn(SubmitEvent) + Copy + 'static {
    move |ev: SubmitEvent| {
        ev.prevent_default();
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok());
        if let Some(data) = form.and_then(|f| FormData::new_with_form(&f).ok()) {
            upload.dispatch_local(data);
        }
    }
}

/// What every ledger import form asks besides the file: what to do with bad rows (`mode_id`
/// names the select), whether only to check, and the button, which says when it is running.
#[component]
pub fn ImportChoices(
    mode_id: &'static str,
    #[prop(into)] pending: Signal<bool>,
    /// Links beside the button.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=mode_id>"有错误的行时"</label>
            <select id=mode_id name="mode">
                <option value="all_or_nothing" selected>"整个文件都不导入（推荐）"</option>
                <option value="good_rows">"只导入正确的行"</option>
            </select>
        </div>
        <label class="checkbox"><input type="checkbox" name="dry_run" value="true"/>" 只检查，不写入"</label>
        <div class="actions">
            <button type="submit" class="button primary" disabled=move || pending.get()>
                {move || if pending.get() { "正在导入…" } else { "导入" }}
            </button>
            {children()}
        </div>
    }
}

/// An import's answer: its stored job and report.
pub trait ImportAnswer {
    fn job(&self) -> i32;
    fn report(&self) -> &ImportReport;
}

impl ImportAnswer for crate::api::roster::ImportOutcome {
    fn job(&self) -> i32 {
        self.job_id
    }
    fn report(&self) -> &ImportReport {
        &self.report
    }
}

impl ImportAnswer for crate::api::households::HouseholdImportOutcome {
    fn job(&self) -> i32 {
        self.import_id
    }
    fn report(&self) -> &ImportReport {
        &self.report
    }
}

/// In an import island: once an upload has written records, loads `page?import=<job>`, where
/// the stored report shows above lists that now include them (the lists are rendered on the
/// server, outside the island). A refused file or a dry run stays in place.
pub fn show_written_import<T>(upload: Action<FormData, Result<T, AppError>>, page: &'static str)
where
    T: ImportAnswer + Send + Sync + 'static,
{
    Effect::new(move |_| {
        upload.value().with(|answer| {
            if let Some(Ok(answer)) = answer
                && answer.report().written
            {
                crate::ui::island::load_page(&format!("{page}?import={}", answer.job()));
            }
        });
    });
}

/// Where an import form shows its outcome: the island's upload's report or error (`latest`),
/// or, after a plain form post, what the redirect names — the stored report of `?import=<id>`
/// (read with `stored`) or the message of `?import_error=…`. `unit` counts the records.
#[component]
pub fn ImportResult<F, Fut>(
    #[prop(into)] latest: Signal<Option<Result<ImportReport, AppError>>>,
    stored: F,
    #[prop(default = "人")] unit: &'static str,
) -> impl IntoView
where
    F: Fn(i32) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<ImportReport, AppError>> + Send + 'static,
{
    let query = use_query_map();
    let import_id = move || {
        query
            .read()
            .get("import")
            .and_then(|v| v.parse::<i32>().ok())
    };
    let stored_report = Resource::new(import_id, move |id| async move {
        match id {
            Some(id) => stored(id).await.map(Some),
            None => Ok(None),
        }
    });
    let redirect_error = move || query.read().get("import_error");
    view! {
        <div id="import-result" aria-live="polite">
            {move || match latest.get() {
                Some(Ok(report)) => view! { <ReportView report unit/> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                None => view! {
                    <p class="form-error" role="alert">{redirect_error}</p>
                    <Transition fallback=|| ()>
                        {move || stored_report.get().map(|r| match r {
                            Ok(Some(report)) => view! { <ReportView report unit/> }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                        })}
                    </Transition>
                }.into_any(),
            }}
        </div>
    }
}

/// The progress line of a running import: "正在上传…" until the server reports, then what it
/// says. `fetch` asks the server for the caller's import in progress.
#[component]
pub fn ImportProgressLine<F, Fut>(
    /// Whether the upload is still running.
    #[prop(into)]
    pending: Signal<bool>,
    fetch: F,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Option<ImportProgress>, AppError>> + Send + 'static,
{
    let (tick, set_tick) = signal(0u32);
    Effect::new(move |previous: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = previous {
            handle.clear();
        }
        if pending.get() {
            set_interval_with_handle(
                move || set_tick.update(|t| *t = t.wrapping_add(1)),
                std::time::Duration::from_millis(800),
            )
            .ok()
        } else {
            None
        }
    });
    let progress = Resource::new(
        move || (pending.get(), tick.get()),
        move |(pending, _)| async move {
            if pending {
                fetch().await.ok().flatten()
            } else {
                None
            }
        },
    );
    view! {
        <p id="import-progress" role="status">
            {move || pending.get().then(|| {
                progress
                    .get()
                    .flatten()
                    .map(|p| p.describe())
                    .unwrap_or_else(|| "正在上传…".to_string())
            })}
        </p>
    }
}

/// An import's report: what was (or would be) written, and every bad row. `unit` counts the
/// records: 人 for workers, 户 for households.
#[component]
pub fn ReportView(
    report: ImportReport,
    #[prop(default = "人")] unit: &'static str,
) -> impl IntoView {
    let summary = if report.written {
        format!(
            "导入完成：新增 {} {unit}，更新 {} {unit}，未变化 {} {unit}。",
            report.inserted, report.updated, report.unchanged
        )
    } else if report.rejected.is_empty() {
        format!(
            "检查通过（未写入）：将新增 {} {unit}，更新 {} {unit}，未变化 {} {unit}。",
            report.inserted, report.updated, report.unchanged
        )
    } else {
        format!(
            "发现 {} 处错误，本次没有导入任何数据。请改正后重新导入，或选择“只导入正确的行”。",
            report.rejected.len()
        )
    };
    let has_errors = !report.rejected.is_empty();
    view! {
        <div class="report" id="import-report">
            <p class=if has_errors { "form-error" } else { "success" }>{summary}</p>
            {has_errors.then(|| view! {
                <div class="table-wrap">
                    <table class="errors">
                        <thead><tr><th>"行"</th><th>"列"</th><th>"原因"</th></tr></thead>
                        <tbody>
                            {report.rejected.into_iter().map(|r| view! {
                                <tr><td>{r.row}</td><td>{r.column}</td><td>{r.reason}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </div>
    }
}

//! What every ledger import page shows: the progress of a running import (asked for about
//! once a second while the upload is pending) and the report of the last one, every bad row
//! with its row, column and reason.

use crate::api::AppError;
use crate::api::types::{ImportProgress, ImportReport};
use leptos::prelude::*;
use std::future::Future;

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

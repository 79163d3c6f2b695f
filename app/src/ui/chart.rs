//! Charts drawn as SVG by the page itself: rendered on the server (they read without
//! JavaScript, and ship no WebAssembly), every label escaped by Leptos. Colours come
//! from the stylesheet (`.chart .part-0` …), so the page's CSP needs no inline styles. Each
//! chart has a title and a description for screen readers; the numbers are always in a table
//! beside it.

use leptos::prelude::*;

/// The smallest "nice" number (1, 2 or 5 times a power of ten) at or above `value`; 1 for 0.
pub fn nice_ceiling(value: u64) -> u64 {
    let mut step = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let candidate = step.saturating_mul(factor);
            if candidate >= value {
                return candidate.max(1);
            }
        }
        if step > u64::MAX / 10 {
            return u64::MAX;
        }
        step *= 10;
    }
}

/// Gridline values from 0 to `top` (a [`nice_ceiling`]), four or five steps.
pub fn ticks(top: u64) -> Vec<u64> {
    let top = top.max(1);
    let steps = if top.is_multiple_of(4) && top >= 4 {
        4
    } else {
        5
    };
    let step = (top / steps).max(1);
    (0..=steps)
        .map(|i| i * step)
        .take_while(|v| *v <= top)
        .collect()
}

/// `value` of `top` as a length of `length` pixels.
#[allow(clippy::cast_precision_loss)]
pub fn scaled(value: u64, top: u64, length: f64) -> f64 {
    if top == 0 {
        0.0
    } else {
        (value.min(top) as f64 / top as f64) * length
    }
}

/// One row of a horizontal stacked bar chart: its label and its parts (in legend order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarRow {
    pub label: String,
    pub parts: Vec<u64>,
    /// Shown after the bar, e.g. 5/8.
    pub note: String,
}

const WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 140.0;
const NOTE_WIDTH: f64 = 70.0;
const ROW_HEIGHT: f64 = 26.0;

fn fmt(value: f64) -> String {
    format!("{value:.1}")
}

/// Horizontal bars, one per row, each split into parts (e.g. households at work and still
/// waiting).
#[component]
pub fn StackedBars(
    id: &'static str,
    title: String,
    description: String,
    legend: Vec<&'static str>,
    rows: Vec<BarRow>,
) -> impl IntoView {
    let top = nice_ceiling(
        rows.iter()
            .map(|r| r.parts.iter().sum::<u64>())
            .max()
            .unwrap_or(0),
    );
    let bar_width = WIDTH - LABEL_WIDTH - NOTE_WIDTH;
    let legend_height = 24.0;
    let height = legend_height + ROW_HEIGHT * rows.len().max(1) as f64 + 6.0;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled = format!("{title_id} {desc_id}");
    view! {
        <svg class="chart" id=id viewBox=format!("0 0 {WIDTH} {}", fmt(height)) role="img"
            aria-labelledby=labelled preserveAspectRatio="xMinYMin meet">
            <title id=title_id>{title}</title>
            <desc id=desc_id>{description}</desc>
            <Legend legend=legend.clone() x=LABEL_WIDTH/>
            {rows.into_iter().enumerate().map(|(i, row)| {
                let y = legend_height + ROW_HEIGHT * i as f64;
                let mut x = LABEL_WIDTH;
                let parts = row.parts.iter().enumerate().map(|(p, value)| {
                    let w = scaled(*value, top, bar_width);
                    let part = view! {
                        <rect class=format!("part-{p}") x=fmt(x) y=fmt(y + 4.0)
                            width=fmt(w) height=fmt(ROW_HEIGHT - 8.0)/>
                    };
                    x += w;
                    part
                }).collect_view();
                view! {
                    <g class="row">
                        <text class="label" x=fmt(LABEL_WIDTH - 8.0) y=fmt(y + ROW_HEIGHT / 2.0 + 4.0)
                            text-anchor="end">{row.label}</text>
                        <rect class="track" x=fmt(LABEL_WIDTH) y=fmt(y + 4.0) width=fmt(bar_width)
                            height=fmt(ROW_HEIGHT - 8.0)/>
                        {parts}
                        <text class="value" x=fmt(x + 6.0) y=fmt(y + ROW_HEIGHT / 2.0 + 4.0)>{row.note}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

#[component]
fn Legend(legend: Vec<&'static str>, x: f64) -> impl IntoView {
    let mut at = x;
    legend
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let here = at;
            // CJK at the chart's font size: about 13 px a character, plus the swatch.
            at += 22.0 + 13.0 * label.chars().count() as f64 + 16.0;
            view! {
                <g class="legend">
                    <rect class=format!("part-{i}") x=fmt(here) y="6" width="12" height="12"/>
                    <text x=fmt(here + 16.0) y="16">{label}</text>
                </g>
            }
        })
        .collect_view()
}

/// One column of a stacked column chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    pub parts: Vec<u64>,
}

/// Stacked columns with a value axis: one column per month.
#[component]
pub fn StackedColumns(
    id: &'static str,
    title: String,
    description: String,
    legend: Vec<&'static str>,
    columns: Vec<Column>,
) -> impl IntoView {
    let height = 260.0;
    let (left, top_margin, bottom) = (44.0, 28.0, 28.0);
    let plot_height = height - top_margin - bottom;
    let plot_width = WIDTH - left - 10.0;
    let top = nice_ceiling(
        columns
            .iter()
            .map(|c| c.parts.iter().sum::<u64>())
            .max()
            .unwrap_or(0),
    );
    let slot = plot_width / columns.len().max(1) as f64;
    let width = (slot * 0.6).min(36.0);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled = format!("{title_id} {desc_id}");
    let base = top_margin + plot_height;
    view! {
        <svg class="chart" id=id viewBox=format!("0 0 {WIDTH} {height}") role="img"
            aria-labelledby=labelled preserveAspectRatio="xMinYMin meet">
            <title id=title_id>{title}</title>
            <desc id=desc_id>{description}</desc>
            <Legend legend=legend.clone() x=left/>
            {ticks(top).into_iter().map(|tick| {
                let y = base - scaled(tick, top, plot_height);
                view! {
                    <g class="grid">
                        <line x1=fmt(left) x2=fmt(WIDTH - 10.0) y1=fmt(y) y2=fmt(y)/>
                        <text x=fmt(left - 6.0) y=fmt(y + 4.0) text-anchor="end">{tick}</text>
                    </g>
                }
            }).collect_view()}
            {columns.into_iter().enumerate().map(|(i, column)| {
                let x = left + slot * i as f64 + (slot - width) / 2.0;
                let mut y = base;
                let parts = column.parts.iter().enumerate().map(|(p, value)| {
                    let h = scaled(*value, top, plot_height);
                    y -= h;
                    view! { <rect class=format!("part-{p}") x=fmt(x) y=fmt(y) width=fmt(width) height=fmt(h)/> }
                }).collect_view();
                view! {
                    <g class="column">
                        {parts}
                        <text class="label" x=fmt(x + width / 2.0) y=fmt(height - 8.0) text-anchor="middle">{column.label}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

/// How far a figure is towards its target, as a bar with the percentage.
#[component]
pub fn TargetBar(id: &'static str, label: &'static str, actual: u64, target: u64) -> impl IntoView {
    let percent = crate::domain::dashboard::completion_percent(actual, target);
    let shown = percent.unwrap_or(0).min(100);
    let width = 300.0;
    let text = match percent {
        Some(p) => format!("{actual} / {target}（{p}%）"),
        None => format!("{actual}（未设目标）"),
    };
    let description = format!("{label}：{text}");
    let class = if shown >= 100 {
        "part-0 reached"
    } else {
        "part-0"
    };
    view! {
        <svg class="chart target" id=id viewBox="0 0 480 26" role="img" aria-label=description>
            <rect class="track" x="0" y="5" width=fmt(width) height="16"/>
            <rect class=class x="0" y="5"
                width=fmt(scaled(shown, 100, width)) height="16"/>
            <text class="value" x=fmt(width + 8.0) y="18">{text}</text>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings_are_one_two_or_five_times_a_power_of_ten() {
        let cases = [
            (0, 1),
            (1, 1),
            (3, 5),
            (7, 10),
            (11, 20),
            (160, 200),
            (480, 500),
            (501, 1000),
        ];
        for (value, nice) in cases {
            assert_eq!(nice_ceiling(value), nice, "{value}");
        }
    }

    #[test]
    fn ticks_run_from_zero_to_the_top_in_even_steps() {
        assert_eq!(ticks(20), vec![0, 5, 10, 15, 20]);
        assert_eq!(ticks(50), vec![0, 10, 20, 30, 40, 50]);
        assert_eq!(ticks(1), vec![0, 1]);
        assert_eq!(*ticks(1000).last().unwrap(), 1000);
    }

    #[test]
    fn values_scale_to_the_length_and_never_past_it() {
        assert!((scaled(5, 10, 200.0) - 100.0).abs() < 1e-9);
        assert!((scaled(20, 10, 200.0) - 200.0).abs() < 1e-9);
        assert!(scaled(5, 0, 200.0).abs() < 1e-9);
    }
}

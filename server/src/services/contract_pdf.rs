//! A contract version as an A4 PDF: the parties, every clause, the signatures and the content
//! hash, in Chinese. krilla embeds only the glyphs used (a subset of the configured font), with
//! a ToUnicode map, so the text can be searched and copied.

use super::unexpected;
use app::api::AppError;
use app::api::types::ContractView;
use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use std::path::Path;

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY_SIZE: f32 = 10.5;
const LINE_GAP: f32 = 1.55;

/// Characters that must not begin a line (they hang past the margin instead).
const NO_LINE_START: &str = "，。、；：？！）」』》”’%";

/// One laid-out line: size, x, text and extra space after it.
struct Line {
    size: f32,
    x: f32,
    text: String,
    after: f32,
}

struct Measure<'a> {
    face: ttf_parser::Face<'a>,
}

impl Measure<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let scale = size / f32::from(self.face.units_per_em());
        text.chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(0.0, |a| f32::from(a) * scale)
            })
            .sum()
    }

    /// Greedy breaking: Chinese may break between any two characters; runs of Latin letters
    /// and digits (2027-03-01, 8000.00, hashes) stay together unless longer than a line.
    fn wrap(&self, text: &str, size: f32, max_width: f32) -> Vec<String> {
        let glued = |c: char| c.is_ascii_alphanumeric() || ".,-:/".contains(c);
        let mut units: Vec<String> = Vec::new();
        for c in text.chars() {
            match units.last_mut() {
                Some(unit) if glued(c) && unit.chars().last().is_some_and(glued) => unit.push(c),
                _ => units.push(c.to_string()),
            }
        }
        let mut lines = Vec::new();
        let mut current = String::new();
        let mut width = 0.0;
        for unit in units {
            let unit_width = self.width(&unit, size);
            let hangs = NO_LINE_START.contains(unit.as_str());
            if width + unit_width > max_width && !current.is_empty() && !hangs {
                lines.push(std::mem::take(&mut current));
                width = 0.0;
            }
            // A unit longer than a whole line (a long hash) is cut where it overflows.
            if unit_width > max_width {
                for c in unit.chars() {
                    let w = self.width(&c.to_string(), size);
                    if width + w > max_width && !current.is_empty() {
                        lines.push(std::mem::take(&mut current));
                        width = 0.0;
                    }
                    current.push(c);
                    width += w;
                }
                continue;
            }
            current.push_str(&unit);
            width += unit_width;
        }
        if !current.is_empty() {
            lines.push(current);
        }
        lines
    }
}

/// The text of the document, in order: (size, centred, text, space after).
fn blocks(view: &ContractView) -> Vec<(f32, bool, String, f32)> {
    let mut blocks = vec![(
        20.0,
        true,
        if view.amends_id.is_some() {
            format!("劳动合同变更协议（第 {} 版）", view.version_number)
        } else {
            "劳动合同".to_string()
        },
        10.0,
    )];
    blocks.push((
        9.0,
        true,
        format!(
            "合同编号 LW-{}-{}　状态：{}　生成于劳务品牌市场",
            view.hire_line_id, view.version_number, view.state_label
        ),
        14.0,
    ));
    for clause in &view.clauses {
        blocks.push((12.0, false, clause.heading.clone(), 2.0));
        blocks.push((BODY_SIZE, false, clause.text.clone(), 8.0));
    }
    blocks.push((12.0, false, "九、签署".to_string(), 2.0));
    for signature in &view.signatures {
        let mut text = format!(
            "{}：{}，签署于 {}（北京时间），来源地址 {}，所签内容 SHA-256：{}",
            signature.party_label,
            signature.signer_name,
            signature.signed_at,
            signature.client_ip,
            signature.content_hash
        );
        if let (Some(method), Some(on)) = (
            &signature.worker_confirmation_method,
            &signature.worker_confirmed_on,
        ) {
            text.push_str(&format!("；劳动者于 {on} 以“{method}”方式确认"));
        }
        text.push('。');
        blocks.push((BODY_SIZE, false, text, 4.0));
    }
    for party in &view.awaiting {
        blocks.push((
            BODY_SIZE,
            false,
            format!("{}：待签署。", party.label()),
            4.0,
        ));
    }
    if let (Some(on), Some(reason)) = (&view.terminated_on, &view.termination_reason) {
        blocks.push((
            BODY_SIZE,
            false,
            format!("本合同已于 {on} 解除，原因：{reason}。"),
            4.0,
        ));
    }
    blocks.push((
        9.0,
        false,
        format!(
            "本版本内容摘要（SHA-256）：{}。任何改动都会改变该摘要；签署后的版本不可修改，变更须另立新版本并重新签署。",
            view.content_hash.as_deref().unwrap_or(&view.current_hash)
        ),
        0.0,
    ));
    blocks
}

/// Renders `view` with the font at `font_path` (a .ttf, or the first face of a .ttc).
///
/// # Errors
/// `Internal` when the font cannot be read or used (the log names the `contract_font` setting).
pub fn render(view: &ContractView, font_path: &Path) -> Result<Vec<u8>, AppError> {
    let bytes = std::fs::read(font_path).map_err(|e| {
        unexpected(
            "reading the contract font (setting contract_font)",
            format!("{}: {e}", font_path.display()),
        )
    })?;
    let face = ttf_parser::Face::parse(&bytes, 0).map_err(|e| {
        unexpected(
            "parsing the contract font (setting contract_font)",
            format!("{}: {e}", font_path.display()),
        )
    })?;
    let font = Font::new(bytes.clone().into(), 0).ok_or_else(|| {
        unexpected(
            "loading the contract font (setting contract_font)",
            font_path.display(),
        )
    })?;
    let measure = Measure { face };
    let text_width = PAGE_WIDTH - 2.0 * MARGIN;
    let mut lines = Vec::new();
    for (size, centred, text, after) in blocks(view) {
        let wrapped = measure.wrap(&text, size, text_width);
        let count = wrapped.len();
        for (i, text) in wrapped.into_iter().enumerate() {
            let x = if centred {
                (PAGE_WIDTH - measure.width(&text, size)) / 2.0
            } else {
                MARGIN
            };
            lines.push(Line {
                size,
                x,
                text,
                after: if i + 1 == count { after } else { 0.0 },
            });
        }
    }
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| unexpected("sizing a PDF page", "A4"))?;
    let mut document = Document::new();
    let mut lines = lines.into_iter().peekable();
    let mut page_number = 0;
    while lines.peek().is_some() {
        page_number += 1;
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut y = MARGIN;
        while let Some(line) = lines.next_if(|l| y + l.size * LINE_GAP < PAGE_HEIGHT - MARGIN) {
            y += line.size * LINE_GAP;
            surface.draw_text(
                Point::from_xy(line.x, y),
                font.clone(),
                line.size,
                &line.text,
                false,
                TextDirection::Auto,
            );
            y += line.after;
        }
        let footer = format!("第 {page_number} 页");
        surface.draw_text(
            Point::from_xy(
                (PAGE_WIDTH - measure.width(&footer, 8.0)) / 2.0,
                PAGE_HEIGHT - MARGIN / 2.0,
            ),
            font.clone(),
            8.0,
            &footer,
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| unexpected("writing a contract PDF", format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(bytes: &[u8]) -> Option<Measure<'_>> {
        ttf_parser::Face::parse(bytes, 0)
            .ok()
            .map(|face| Measure { face })
    }

    #[test]
    fn lines_fit_and_numbers_stay_whole() {
        let Ok(bytes) = std::fs::read(crate::config::DEFAULT_CONTRACT_FONT) else {
            panic!(
                "the contract font is missing: run scripts/setup.sh (installs fonts-wqy-microhei)"
            );
        };
        let m = measure(&bytes).expect("a font");
        let text = "月工资 8000.00 元，甲方于每月 15 日前以货币形式足额支付，不得克扣或无故拖欠。"
            .repeat(4);
        let lines = m.wrap(&text, BODY_SIZE, 200.0);
        assert!(lines.len() > 4, "{lines:?}");
        for line in &lines {
            assert!(!line.starts_with('，') && !line.starts_with('。'), "{line}");
            // A line may overhang only by the punctuation that hangs.
            let trimmed = line.trim_end_matches(|c| NO_LINE_START.contains(c));
            assert!(m.width(trimmed, BODY_SIZE) <= 200.0 + 0.01, "{line}");
        }
        assert!(lines.concat() == text, "nothing lost or added");
        assert!(
            lines
                .iter()
                .all(|l| !l.ends_with("800") && !l.starts_with("0.00"))
        );
    }
}

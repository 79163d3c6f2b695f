//! A printable A4 sheet of workers' QR cards (3 × 4 per page, cut along the frames): the
//! code drawn as vector squares, so it prints sharp at any size, with the worker's name,
//! brand, trades and the last day it is valid.

use crate::services::unexpected;
use app::api::AppError;
use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use qrcode::{Color, QrCode};
use std::path::Path;

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 36.0;
const COLUMNS: usize = 3;
const ROWS: usize = 4;
const CODE_SIZE: f32 = 116.0;

/// What one card shows.
pub struct SheetCard {
    pub name: String,
    pub brand: String,
    pub trades: String,
    pub valid_until: String,
    pub url: String,
}

/// Cards per page.
pub const CARDS_PER_PAGE: usize = COLUMNS * ROWS;

/// The sheet as PDF bytes.
///
/// # Errors
/// `Internal` when the font is missing or a code cannot be drawn.
pub fn render(cards: &[SheetCard], font_path: &Path) -> Result<Vec<u8>, AppError> {
    let bytes = std::fs::read(font_path).map_err(|e| {
        unexpected(
            "reading the PDF font (setting contract_font)",
            format!("{}: {e}", font_path.display()),
        )
    })?;
    let font = Font::new(bytes.into(), 0).ok_or_else(|| {
        unexpected(
            "loading the PDF font (setting contract_font)",
            font_path.display(),
        )
    })?;
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| unexpected("sizing a PDF page", "A4"))?;
    let card_width = (PAGE_WIDTH - 2.0 * MARGIN) / COLUMNS as f32;
    let card_height = (PAGE_HEIGHT - 2.0 * MARGIN) / ROWS as f32;
    let mut document = Document::new();
    for page_cards in cards.chunks(CARDS_PER_PAGE) {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for (i, card) in page_cards.iter().enumerate() {
            let x = MARGIN + (i % COLUMNS) as f32 * card_width;
            let y = MARGIN + (i / COLUMNS) as f32 * card_height;
            draw_card(&mut surface, &font, card, x, y, card_width, card_height)?;
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| unexpected("writing a QR sheet PDF", format!("{e:?}")))
}

fn draw_card(
    surface: &mut Surface<'_>,
    font: &Font,
    card: &SheetCard,
    x: f32,
    y: f32,
    width: f32,
    height: f32,
) -> Result<(), AppError> {
    // The cutting frame, light grey.
    if let Some(frame) = Rect::from_xywh(x + 2.0, y + 2.0, width - 4.0, height - 4.0) {
        let mut builder = PathBuilder::new();
        builder.push_rect(frame);
        if let Some(path) = builder.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: luma::Color::new(180).into(),
                width: 0.5,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
    }
    draw_code(surface, &card.url, x + (width - CODE_SIZE) / 2.0, y + 10.0)?;
    surface.set_fill(Some(Fill::default()));
    let mut line_y = y + 10.0 + CODE_SIZE + 16.0;
    let lines = [
        (12.0, clip(&card.name, 12)),
        (8.5, clip(&card.brand, 18)),
        (8.0, clip(&card.trades, 20)),
        (7.5, format!("扫码核验 · 有效期至 {}", card.valid_until)),
    ];
    for (size, text) in lines {
        if text.is_empty() {
            continue;
        }
        surface.draw_text(
            Point::from_xy(x + 12.0, line_y),
            font.clone(),
            size,
            &text,
            false,
            TextDirection::Auto,
        );
        line_y += size * 1.6;
    }
    Ok(())
}

/// The QR code of `url` as black squares, `CODE_SIZE` wide with its quiet zone, at (x, y).
fn draw_code(surface: &mut Surface<'_>, url: &str, x: f32, y: f32) -> Result<(), AppError> {
    let code = QrCode::new(url.as_bytes()).map_err(|e| unexpected("drawing a QR code", e))?;
    let modules = code.width();
    // Four modules of quiet zone on each side, as scanners expect.
    let module = CODE_SIZE / (modules + 8) as f32;
    let mut builder = PathBuilder::new();
    for (index, colour) in code.to_colors().into_iter().enumerate() {
        if colour != Color::Dark {
            continue;
        }
        let (row, column) = (index / modules, index % modules);
        if let Some(square) = Rect::from_xywh(
            x + (column + 4) as f32 * module,
            y + (row + 4) as f32 * module,
            module,
            module,
        ) {
            builder.push_rect(square);
        }
    }
    if let Some(path) = builder.finish() {
        surface.set_fill(Some(Fill::default()));
        surface.draw_path(&path);
    }
    Ok(())
}

/// At most `chars` characters, with an ellipsis when cut.
fn clip(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        text.chars()
            .take(chars.saturating_sub(1))
            .chain(['…'])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_with_an_ellipsis() {
        assert_eq!(clip("浮山厨师", 12), "浮山厨师");
        assert_eq!(
            clip("中式烹调师、中式面点师、西式面点师", 8),
            "中式烹调师、中…"
        );
    }

    #[test]
    fn a_sheet_renders_with_every_card() {
        let Ok(_) = std::fs::metadata(crate::config::DEFAULT_CONTRACT_FONT) else {
            panic!("the PDF font is missing: run scripts/setup.sh (installs fonts-wqy-microhei)");
        };
        let cards: Vec<SheetCard> = (0..13)
            .map(|i| SheetCard {
                name: format!("王师傅{i}"),
                brand: "浮山厨师".into(),
                trades: "中式烹调师".into(),
                valid_until: "2027-12-06".into(),
                url: format!("http://127.0.0.1:3000/v/{i:048x}"),
            })
            .collect();
        let pdf = render(&cards, Path::new(crate::config::DEFAULT_CONTRACT_FONT))
            .expect("a sheet renders");
        assert!(pdf.starts_with(b"%PDF"));
        // Pages and scanning are checked end to end in tests/api/worker_links.rs.
    }
}

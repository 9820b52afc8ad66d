//! One theme for every screen: the palette (with a colour-blind-safe variant), type sizes,
//! spacing, and the shipped font (DejaVu Sans, built into the program; licence in
//! `assets/fonts/LICENSE-DejaVu.txt`).

use bevy::prelude::*;

/// The regular face, installed as the default font so every text uses it.
pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The bold face, for headings.
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Type sizes in logical pixels (multiplied by the UI scale).
pub const TITLE: f32 = 44.0;
pub const H1: f32 = 26.0;
pub const H2: f32 = 19.0;
pub const BODY: f32 = 15.0;
pub const SMALL: f32 = 13.0;

/// Spacing in logical pixels.
pub const GAP: f32 = 8.0;
pub const PAD: f32 = 12.0;
pub const RADIUS: f32 = 6.0;

/// Colours of the interface.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub background: Color,
    pub panel: Color,
    pub panel_alt: Color,
    pub border: Color,
    pub text: Color,
    pub text_dim: Color,
    pub heading: Color,
    pub accent: Color,
    pub accent_text: Color,
    pub button: Color,
    pub button_hover: Color,
    pub button_press: Color,
    pub button_disabled: Color,
    pub focus: Color,
    /// Good news, verified, rising where rising is good.
    pub good: Color,
    /// Bad news, violations, danger.
    pub bad: Color,
    pub warn: Color,
    /// The player's estimate and its band.
    pub estimate: Color,
    pub band: Color,
    /// The true value (debrief).
    pub truth: Color,
    pub sea: Color,
    pub land: Color,
    pub land_edge: Color,
    pub dmz: Color,
}

impl Palette {
    /// The standard palette: navy and slate, high contrast for projectors.
    pub fn standard() -> Palette {
        Palette {
            background: Color::srgb_u8(0x10, 0x1a, 0x28),
            panel: Color::srgb_u8(0x18, 0x26, 0x3a),
            panel_alt: Color::srgb_u8(0x20, 0x32, 0x4c),
            border: Color::srgb_u8(0x3a, 0x50, 0x6e),
            text: Color::srgb_u8(0xec, 0xf0, 0xf4),
            text_dim: Color::srgb_u8(0xa9, 0xb6, 0xc6),
            heading: Color::srgb_u8(0xf6, 0xc8, 0x5f),
            accent: Color::srgb_u8(0xf6, 0xc8, 0x5f),
            accent_text: Color::srgb_u8(0x10, 0x1a, 0x28),
            button: Color::srgb_u8(0x2c, 0x44, 0x66),
            button_hover: Color::srgb_u8(0x3b, 0x5a, 0x86),
            button_press: Color::srgb_u8(0x4f, 0x76, 0xaa),
            button_disabled: Color::srgb_u8(0x22, 0x2e, 0x3e),
            focus: Color::srgb_u8(0xff, 0xff, 0xff),
            good: Color::srgb_u8(0x5c, 0xc8, 0x7a),
            bad: Color::srgb_u8(0xf0, 0x6a, 0x5a),
            warn: Color::srgb_u8(0xf2, 0xa6, 0x3b),
            estimate: Color::srgb_u8(0xf2, 0xa6, 0x3b),
            band: Color::srgba_u8(0xf2, 0xa6, 0x3b, 0x55),
            truth: Color::srgb_u8(0x6f, 0xb8, 0xf0),
            sea: Color::srgb_u8(0x16, 0x30, 0x4e),
            land: Color::srgb_u8(0x4a, 0x5e, 0x48),
            land_edge: Color::srgb_u8(0x9c, 0xb3, 0x94),
            dmz: Color::srgb_u8(0xf0, 0x6a, 0x5a),
        }
    }

    /// A colour-blind-safe palette (Okabe–Ito hues: blue for good, vermilion for bad, orange
    /// for estimates, sky blue for truth), same layout colours.
    pub fn colorblind() -> Palette {
        Palette {
            good: Color::srgb_u8(0x56, 0xb4, 0xe9),
            bad: Color::srgb_u8(0xd5, 0x5e, 0x00),
            warn: Color::srgb_u8(0xe6, 0x9f, 0x00),
            estimate: Color::srgb_u8(0xe6, 0x9f, 0x00),
            band: Color::srgba_u8(0xe6, 0x9f, 0x00, 0x55),
            truth: Color::srgb_u8(0xf0, 0xe4, 0x42),
            dmz: Color::srgb_u8(0xd5, 0x5e, 0x00),
            ..Palette::standard()
        }
    }

    pub fn for_setting(colorblind: bool) -> Palette {
        if colorblind {
            Palette::colorblind()
        } else {
            Palette::standard()
        }
    }
}

/// The theme in use.
#[derive(Resource, Debug, Clone)]
pub struct Theme {
    pub palette: Palette,
    pub bold: Handle<Font>,
}

/// 8-bit RGBA of a colour, for the canvas.
pub fn rgba(c: Color) -> [u8; 4] {
    c.to_srgba().to_u8_array()
}

/// Installs the fonts and the theme.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(PreStartup, install_fonts);
}

fn install_fonts(mut commands: Commands, mut fonts: ResMut<Assets<Font>>) {
    // The regular face replaces the default font, so every `Text` uses it.
    let _ = fonts.insert(
        &Handle::<Font>::default(),
        Font::from_bytes(FONT_REGULAR.to_vec()),
    );
    let bold = fonts.add(Font::from_bytes(FONT_BOLD.to_vec()));
    commands.insert_resource(Theme {
        palette: Palette::standard(),
        bold,
    });
}

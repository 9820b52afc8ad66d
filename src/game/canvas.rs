//! A tiny RGBA canvas the game draws its map and charts on (filled polygons, thick lines,
//! rectangles, discs), turned into a Bevy `Image`. Drawing happens once per screen, on the CPU.

use bevy::asset::RenderAssetUsages;
use bevy::image::Image;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

/// An RGBA colour with 8-bit channels.
pub type Rgba = [u8; 4];

/// A canvas of `width × height` pixels.
#[derive(Debug, Clone)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Canvas {
    pub fn new(width: u32, height: u32, fill: Rgba) -> Canvas {
        let mut pixels = Vec::with_capacity((width * height * 4) as usize);
        for _ in 0..width * height {
            pixels.extend_from_slice(&fill);
        }
        Canvas {
            width,
            height,
            pixels,
        }
    }

    /// Blends a colour onto one pixel (alpha from the colour).
    pub fn blend(&mut self, x: i32, y: i32, c: Rgba) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let i = ((y as u32 * self.width + x as u32) * 4) as usize;
        let a = u32::from(c[3]);
        for (px, &ch) in self.pixels[i..i + 3].iter_mut().zip(&c[..3]) {
            *px = ((u32::from(ch) * a + u32::from(*px) * (255 - a)) / 255) as u8;
        }
        self.pixels[i + 3] = 255;
    }

    /// Fills a polygon (even-odd rule) given in pixel coordinates.
    pub fn fill_polygon(&mut self, pts: &[(f32, f32)], c: Rgba) {
        if pts.len() < 3 {
            return;
        }
        let (min_y, max_y) = pts
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
        let y0 = min_y.floor().max(0.0) as i32;
        let y1 = max_y.ceil().min(self.height as f32 - 1.0) as i32;
        let mut xs: Vec<f32> = Vec::new();
        for y in y0..=y1 {
            let sy = y as f32 + 0.5;
            xs.clear();
            for k in 0..pts.len() {
                let (ax, ay) = pts[k];
                let (bx, by) = pts[(k + 1) % pts.len()];
                if (ay <= sy && by > sy) || (by <= sy && ay > sy) {
                    xs.push(ax + (sy - ay) / (by - ay) * (bx - ax));
                }
            }
            xs.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
            for pair in xs.chunks(2) {
                if let [a, b] = pair {
                    let xa = a.round() as i32;
                    let xb = b.round() as i32;
                    for x in xa..xb {
                        self.blend(x, y, c);
                    }
                }
            }
        }
    }

    /// A filled disc.
    pub fn disc(&mut self, cx: f32, cy: f32, r: f32, c: Rgba) {
        let r2 = r * r;
        for y in (cy - r).floor() as i32..=(cy + r).ceil() as i32 {
            for x in (cx - r).floor() as i32..=(cx + r).ceil() as i32 {
                let dx = x as f32 + 0.5 - cx;
                let dy = y as f32 + 0.5 - cy;
                if dx * dx + dy * dy <= r2 {
                    self.blend(x, y, c);
                }
            }
        }
    }

    /// A line of a given width (drawn as discs along it).
    pub fn line(&mut self, a: (f32, f32), b: (f32, f32), width: f32, c: Rgba) {
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let steps = (len / (width / 3.0).max(0.5)).ceil().max(1.0) as i32;
        for k in 0..=steps {
            let t = k as f32 / steps as f32;
            self.disc(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, width / 2.0, c);
        }
    }

    /// A dashed line.
    pub fn dashed(&mut self, a: (f32, f32), b: (f32, f32), width: f32, dash: f32, c: Rgba) {
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2))
            .sqrt()
            .max(0.001);
        let mut s = 0.0;
        while s < len {
            let e = (s + dash).min(len);
            let p = (a.0 + (b.0 - a.0) * s / len, a.1 + (b.1 - a.1) * s / len);
            let q = (a.0 + (b.0 - a.0) * e / len, a.1 + (b.1 - a.1) * e / len);
            self.line(p, q, width, c);
            s += dash * 2.0;
        }
    }

    /// A filled axis-aligned rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgba) {
        for py in y.round() as i32..(y + h).round() as i32 {
            for px in x.round() as i32..(x + w).round() as i32 {
                self.blend(px, py, c);
            }
        }
    }

    /// The canvas as a Bevy image.
    pub fn into_image(self) -> Image {
        Image::new(
            Extent3d {
                width: self.width,
                height: self.height,
                depth_or_array_layers: 1,
            },
            TextureDimension::D2,
            self.pixels,
            TextureFormat::Rgba8UnormSrgb,
            RenderAssetUsages::MAIN_WORLD | RenderAssetUsages::RENDER_WORLD,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygons_fill_inside_only() {
        let mut c = Canvas::new(10, 10, [0, 0, 0, 255]);
        c.fill_polygon(
            &[(2.0, 2.0), (8.0, 2.0), (8.0, 8.0), (2.0, 8.0)],
            [255, 0, 0, 255],
        );
        let at = |x: u32, y: u32| c.pixels[((y * 10 + x) * 4) as usize];
        assert_eq!(at(5, 5), 255);
        assert_eq!(at(0, 0), 0);
        assert_eq!(at(9, 9), 0);
    }
}

//! A force-directed layout for the SVG picture: Fruchterman–Reingold from a
//! deterministic start (the same graph always gives the same picture),
//! with a little gravity so that separate components stay together, then
//! a pass that pushes apart node boxes that still overlap, so that no two
//! captions are drawn over each other.

/// A point or a vector.
pub type Point = (f64, f64);

/// Gap kept between node boxes, in pixels.
const GAP: f64 = 14.0;

/// Centres for nodes of the given box `sizes` (width, height), joined by
/// `edges` (pairs of indexes into `sizes`).
pub fn layout(sizes: &[Point], edges: &[(usize, usize)]) -> Vec<Point> {
    let n = sizes.len();
    if n == 0 {
        return vec![];
    }
    let mean_width = sizes.iter().map(|s| s.0).sum::<f64>() / n as f64;
    // The ideal edge length: room for a box and an edge label.
    let k = (mean_width + 90.0).max(140.0);
    let mut pos = start(n, k);
    let mut links: Vec<(usize, usize)> = edges.iter().copied().filter(|(a, b)| a != b && *a < n && *b < n).collect();
    links.sort_unstable();
    links.dedup();
    let iterations = if n > 200 { 200 } else { 350 };
    let t0 = k * (n as f64).sqrt() / 3.0;
    for it in 0..iterations {
        let mut disp = vec![(0.0, 0.0); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy, dist) = delta(pos[i], pos[j]);
                let f = k * k / dist;
                disp[i].0 += dx / dist * f;
                disp[i].1 += dy / dist * f;
                disp[j].0 -= dx / dist * f;
                disp[j].1 -= dy / dist * f;
            }
        }
        for &(a, b) in &links {
            let (dx, dy, dist) = delta(pos[a], pos[b]);
            let f = dist * dist / k;
            disp[a].0 -= dx / dist * f;
            disp[a].1 -= dy / dist * f;
            disp[b].0 += dx / dist * f;
            disp[b].1 += dy / dist * f;
        }
        let temperature = t0 * (1.0 - it as f64 / iterations as f64) + 1.0;
        for i in 0..n {
            // A weak pull to the centre, like an edge to it: keeps
            // separate components from drifting apart.
            let g = 0.08 * pos[i].0.hypot(pos[i].1) / k;
            let (dx, dy) = (disp[i].0 - pos[i].0 * g, disp[i].1 - pos[i].1 * g);
            let len = dx.hypot(dy).max(1e-9);
            let step = len.min(temperature);
            pos[i].0 += dx / len * step;
            pos[i].1 += dy / len * step;
        }
    }
    separate(&mut pos, sizes);
    pos
}

/// Nodes on a sunflower spiral, slightly jittered by a fixed-seed
/// generator: spread out, and never two at one spot.
fn start(n: usize, k: f64) -> Vec<Point> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as f64 / (1u64 << 31) as f64) - 0.5
    };
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    (0..n)
        .map(|i| {
            let r = k * 0.5 * (i as f64 + 0.5).sqrt();
            let a = i as f64 * golden;
            (r * a.cos() + next() * k * 0.1, r * a.sin() + next() * k * 0.1)
        })
        .collect()
}

fn delta(a: Point, b: Point) -> (f64, f64, f64) {
    let (dx, dy) = (a.0 - b.0, a.1 - b.1);
    (dx, dy, dx.hypot(dy).max(0.01))
}

/// Pushes overlapping boxes apart along the axis where they overlap least,
/// until none overlap (or enough rounds have passed).
fn separate(pos: &mut [Point], sizes: &[Point]) {
    for _ in 0..200 {
        let mut moved = false;
        for i in 0..pos.len() {
            for j in (i + 1)..pos.len() {
                let (dx, dy) = (pos[j].0 - pos[i].0, pos[j].1 - pos[i].1);
                let ox = (sizes[i].0 + sizes[j].0) / 2.0 + GAP - dx.abs();
                let oy = (sizes[i].1 + sizes[j].1) / 2.0 + GAP - dy.abs();
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                moved = true;
                // Tie-break by index so that coincident boxes still part.
                let sign = |d: f64| if d > 0.0 || (d == 0.0 && i < j) { 1.0 } else { -1.0 };
                if ox < oy {
                    let s = sign(dx) * ox / 2.0;
                    pos[i].0 -= s;
                    pos[j].0 += s;
                } else {
                    let s = sign(dy) * oy / 2.0;
                    pos[i].1 -= s;
                    pos[j].1 += s;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_do_not_overlap_and_the_layout_is_deterministic() {
        let sizes = vec![(120.0, 24.0); 30];
        let edges: Vec<(usize, usize)> = (1..30).map(|i| (0, i)).collect();
        let pos = layout(&sizes, &edges);
        assert_eq!(pos, layout(&sizes, &edges));
        for i in 0..pos.len() {
            for j in (i + 1)..pos.len() {
                let apart = (pos[i].0 - pos[j].0).abs() >= 120.0 || (pos[i].1 - pos[j].1).abs() >= 24.0;
                assert!(apart, "{i} and {j} overlap");
            }
        }
        assert!(pos.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    }
}

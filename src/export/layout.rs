//! A force-directed layout for the SVG picture: Fruchterman–Reingold from a
//! deterministic start (the same graph always gives the same picture),
//! with a little gravity so that separate components stay together, then
//! a pass that pushes apart node boxes that still overlap, so that no two
//! captions are drawn over each other.

/// A point or a vector.
pub type Point = (f64, f64);

/// Gap kept between node boxes, in pixels.
const GAP: f64 = 14.0;

/// Gap kept between separately laid out components.
const COMPONENT_GAP: f64 = 60.0;

/// Centres for nodes of the given box `sizes` (width, height), joined by
/// `edges` (pairs of indexes into `sizes`). Each connected component is laid
/// out on its own, then the components are packed in rows, largest first,
/// so that a stray node does not push the rest into a corner.
pub fn layout(sizes: &[Point], edges: &[(usize, usize)]) -> Vec<Point> {
    let n = sizes.len();
    let mut links: Vec<(usize, usize)> = edges.iter().copied().filter(|(a, b)| a != b && *a < n && *b < n).collect();
    links.sort_unstable();
    links.dedup();
    let mut boxes: Vec<(Vec<usize>, Vec<Point>, Point)> = components(n, &links)
        .into_iter()
        .map(|members| {
            let local: std::collections::HashMap<usize, usize> =
                members.iter().enumerate().map(|(i, m)| (*m, i)).collect();
            let own_links: Vec<(usize, usize)> =
                links.iter().filter_map(|(a, b)| Some((*local.get(a)?, *local.get(b)?))).collect();
            let own_sizes: Vec<Point> = members.iter().map(|m| sizes[*m]).collect();
            let mut pos = force(&own_sizes, &own_links);
            separate(&mut pos, &own_sizes);
            let size = to_origin(&mut pos, &own_sizes);
            (members, pos, size)
        })
        .collect();
    // Tallest first (stable, so ties keep id order): rows pack tightly.
    boxes.sort_by(|a, b| b.2.1.total_cmp(&a.2.1));
    let area: f64 = boxes.iter().map(|(_, _, s)| (s.0 + COMPONENT_GAP) * (s.1 + COMPONENT_GAP)).sum();
    let widest = boxes.iter().map(|(_, _, s)| s.0).fold(0.0, f64::max);
    let row_width = widest.max(area.sqrt() * 1.3);
    let mut result = vec![(0.0, 0.0); n];
    let (mut x, mut y, mut row_height) = (0.0, 0.0, 0.0f64);
    for (members, pos, size) in boxes {
        if x > 0.0 && x + size.0 > row_width {
            x = 0.0;
            y += row_height + COMPONENT_GAP;
            row_height = 0.0;
        }
        for (m, p) in members.iter().zip(pos) {
            result[*m] = (p.0 + x, p.1 + y);
        }
        x += size.0 + COMPONENT_GAP;
        row_height = row_height.max(size.1);
    }
    result
}

/// The connected components, each a list of node indexes in order.
fn components(n: usize, links: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(a, b) in links {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}

/// Moves boxes so that the top-left corner of them all is at (0, 0);
/// returns the width and height they take.
fn to_origin(pos: &mut [Point], sizes: &[Point]) -> Point {
    let min_x = pos.iter().zip(sizes).map(|(p, s)| p.0 - s.0 / 2.0).fold(f64::INFINITY, f64::min);
    let min_y = pos.iter().zip(sizes).map(|(p, s)| p.1 - s.1 / 2.0).fold(f64::INFINITY, f64::min);
    for p in pos.iter_mut() {
        p.0 -= min_x;
        p.1 -= min_y;
    }
    let w = pos.iter().zip(sizes).map(|(p, s)| p.0 + s.0 / 2.0).fold(0.0, f64::max);
    let h = pos.iter().zip(sizes).map(|(p, s)| p.1 + s.1 / 2.0).fold(0.0, f64::max);
    (w, h)
}

/// Fruchterman–Reingold over one component.
fn force(sizes: &[Point], links: &[(usize, usize)]) -> Vec<Point> {
    let n = sizes.len();
    if n == 0 {
        return vec![];
    }
    let mean_width = sizes.iter().map(|s| s.0).sum::<f64>() / n as f64;
    // The ideal edge length: room for a box and an edge label.
    let k = (mean_width + 110.0).max(160.0);
    let mut pos = start(n, k);
    // Hubs repel each other more (as in ForceAtlas2), so that two nodes
    // sharing many neighbours do not sit on top of one another.
    let mut weight = vec![1.0f64; n];
    for &(a, b) in links {
        weight[a] += 1.0;
        weight[b] += 1.0;
    }
    let weight: Vec<f64> = weight.into_iter().map(f64::sqrt).collect();
    let iterations = if n > 200 { 200 } else { 350 };
    let t0 = k * (n as f64).sqrt() / 3.0;
    for it in 0..iterations {
        let mut disp = vec![(0.0, 0.0); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy, dist) = delta(pos[i], pos[j]);
                let f = k * k / dist * weight[i] * weight[j];
                disp[i].0 += dx / dist * f;
                disp[i].1 += dy / dist * f;
                disp[j].0 -= dx / dist * f;
                disp[j].1 -= dy / dist * f;
            }
        }
        for &(a, b) in links {
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

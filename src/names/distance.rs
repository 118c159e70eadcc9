//! Edit distance with a budget: what the scorer asks millions of times
//! ("are these two words at most two edits apart?"), so it works on bytes
//! (the words are ASCII once folded), allocates nothing for words of up to
//! 64 letters and stops as soon as the budget is exceeded.

const STACK: usize = 64;

/// The optimal-string-alignment distance (Levenshtein plus adjacent
/// transpositions) between `a` and `b`, or `None` when it is over `max`.
pub(super) fn within(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut stack = [0usize; 3 * (STACK + 1)];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if width <= STACK + 1 {
        &mut stack[..3 * width]
    } else {
        heap.resize(3 * width, 0);
        &mut heap
    };
    let (before, rest) = rows.split_at_mut(width);
    let (previous, current) = rest.split_at_mut(width);
    let (mut before, mut previous, mut current) = (before, previous, current);
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        current[0] = i;
        let mut lowest = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            lowest = lowest.min(d);
        }
        if lowest > max {
            return None;
        }
        // Rotate the rows: before ← previous ← current ← (reused) before.
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[width - 1];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str) -> Option<usize> {
        within(a.as_bytes(), b.as_bytes(), 10)
    }

    #[test]
    fn agrees_with_strsim() {
        let words = ["", "a", "ab", "ba", "kim", "kin", "kwangson", "kwangsong", "abcdef", "badcfe", "chol", "cheol"];
        for a in words {
            for b in words {
                assert_eq!(d(a, b), Some(strsim::osa_distance(a, b)), "{a} / {b}");
            }
        }
        let long = "x".repeat(150);
        assert_eq!(within(long.as_bytes(), format!("{long}y").as_bytes(), 2), Some(1));
    }

    #[test]
    fn stops_at_the_budget() {
        assert_eq!(within(b"kwangson", b"kwangsong", 1), Some(1));
        assert_eq!(within(b"kwangson", b"daesong", 2), None);
        assert_eq!(within(b"abc", b"abcdef", 2), None);
        assert_eq!(within(b"obama", b"obmaa", 1), Some(1));
    }
}

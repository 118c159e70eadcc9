//! `:pager on`: a result taller than the screen goes through `$PAGER`
//! (or `less -FRX`, which keeps colours and leaves the text on screen).

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

/// Whether `text` needs a pager on a screen of `rows` lines (the prompt
/// needs one line of its own).
pub fn too_tall(text: &[u8], rows: u16) -> bool {
    rows > 0 && text.iter().filter(|b| **b == b'\n').count() >= usize::from(rows).saturating_sub(1)
}

/// The pager to run: `$PAGER` unless empty, else `less -FRX`.
pub fn command(pager_var: Option<String>) -> String {
    pager_var.filter(|p| !p.trim().is_empty()).unwrap_or_else(|| "less -FRX".to_string())
}

/// Shows `text`: through the pager when stdout is a terminal and the text
/// is taller than it, else straight to `out`.
pub fn show<W: Write, E: Write>(text: &[u8], out: &mut W, err: &mut E) -> io::Result<()> {
    let rows =
        io::stdout().is_terminal().then(|| crossterm::terminal::size().ok()).flatten().map_or(0, |(_, rows)| rows);
    if !too_tall(text, rows) {
        out.write_all(text)?;
        return out.flush();
    }
    let pager = command(std::env::var("PAGER").ok());
    // Through the shell, as git does, so `PAGER="less -S"` works.
    let child = Command::new("sh").arg("-c").arg(&pager).stdin(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            writeln!(err, "cannot start the pager '{pager}': {e}")?;
            out.write_all(text)?;
            return out.flush();
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        // Quitting the pager early closes the pipe: that is not an error.
        match stdin.write_all(text) {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e),
            _ => {}
        }
    }
    child.wait()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_taller_than_the_screen_is_paged() {
        assert!(!too_tall(b"a\nb\n", 24));
        assert!(too_tall("x\n".repeat(23).as_bytes(), 24));
        assert!(!too_tall("x\n".repeat(100).as_bytes(), 0));
    }

    #[test]
    fn pager_comes_from_the_environment() {
        assert_eq!(command(Some("more".into())), "more");
        assert_eq!(command(Some(" ".into())), "less -FRX");
        assert_eq!(command(None), "less -FRX");
    }
}

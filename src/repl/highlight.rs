//! Syntax colours for the line being edited: keywords, strings, numbers,
//! parameters and comments. Only escape codes are added, so the line keeps
//! its display width (rustyline requires it).

use super::complete::KEYWORDS;
use super::lex::{Kind, Open, lex};

const KEYWORD: &str = "\x1b[1;34m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[36m";
const COMMENT: &str = "\x1b[90m";
const PARAMETER: &str = "\x1b[35m";
const COMMAND: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// `line` with colours, lexed from state `open` (what the statement's
/// earlier lines left open); `first` when it is a statement's first line,
/// where a meta-command may stand.
pub fn highlight(line: &str, open: Open, first: bool) -> String {
    if first && super::commands::is_command(line) {
        return format!("{COMMAND}{line}{RESET}");
    }
    let (tokens, _) = lex(line, open);
    let mut out = String::with_capacity(line.len() * 2);
    let mut parameter = false;
    for token in &tokens {
        let text = token.text(line);
        let colour = match token.kind {
            Kind::String => Some(STRING),
            Kind::Number => Some(NUMBER),
            Kind::Comment => Some(COMMENT),
            Kind::Ident if parameter => Some(PARAMETER),
            Kind::Ident if is_keyword(text) => Some(KEYWORD),
            Kind::Punct if text == "$" => Some(PARAMETER),
            _ => None,
        };
        parameter = token.kind == Kind::Punct && text == "$";
        match colour {
            Some(colour) => {
                out.push_str(colour);
                out.push_str(text);
                out.push_str(RESET);
            }
            None => out.push_str(text),
        }
    }
    out
}

fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().flat_map(|k| k.split(' ')).any(|k| k.eq_ignore_ascii_case(word))
        || ["BY", "ON", "ALL", "OPTIONAL", "DETACH"].iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// A hint from history, dimmed so it is not mistaken for typed text.
pub fn dim(text: &str) -> String {
    format!("\x1b[2m{text}{RESET}")
}

/// Removes the escape codes `highlight` adds (for tests).
#[cfg(test)]
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_keywords_strings_numbers_and_comments() {
        let line = "match (c {name: 'Iran'}) return c.x + 1.5, $p // done";
        let coloured = highlight(line, Open::Nothing, true);
        assert!(coloured.starts_with(&format!("{KEYWORD}match{RESET}")), "{coloured}");
        assert!(coloured.contains(&format!("{STRING}'Iran'{RESET}")));
        assert!(coloured.contains(&format!("{NUMBER}1.5{RESET}")));
        assert!(coloured.contains(&format!("{PARAMETER}p{RESET}")));
        assert!(coloured.ends_with(&format!("{COMMENT}// done{RESET}")));
        // Names are left alone, keyword or not elsewhere.
        assert!(coloured.contains("(c {name: "));
        assert_eq!(plain(&coloured), line);
    }

    #[test]
    fn a_continued_string_or_comment_stays_coloured() {
        let coloured = highlight("still in the string' RETURN", Open::Quote('\''), false);
        assert!(coloured.starts_with(&format!("{STRING}still in the string'{RESET}")));
        assert!(coloured.ends_with(&format!("{KEYWORD}RETURN{RESET}")));
        assert!(highlight("end */", Open::BlockComment, false).starts_with(COMMENT));
        assert_eq!(highlight(":schema", Open::Nothing, true), format!("{COMMAND}:schema{RESET}"));
    }
}

//! Splitting a script into statements at `;`, lexically: semicolons inside
//! strings, back-quoted names and comments do not end a statement.

/// One statement of a script, with the byte offset where its text starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub offset: usize,
}

/// The non-blank statements of `script`, without their `;`.
pub fn split_statements(script: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut scanner = Scanner::default();
    for (i, c) in script.char_indices() {
        if scanner.feed(c) {
            push_piece(&mut pieces, script, start, i);
            start = i + 1;
        }
    }
    push_piece(&mut pieces, script, start, script.len());
    pieces
}

fn push_piece<'a>(pieces: &mut Vec<Piece<'a>>, script: &'a str, start: usize, end: usize) {
    let text = &script[start..end];
    if !is_blank(text) {
        pieces.push(Piece { text, offset: start });
    }
}

/// Whether `text` holds nothing but white space and comments.
pub fn is_blank(text: &str) -> bool {
    let mut scanner = Scanner::default();
    let mut prev_in_code = true;
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        scanner.feed(*c);
        let starts_comment = *c == '/' && matches!(chars.get(i + 1), Some('/') | Some('*'));
        if prev_in_code && scanner.state == State::Code && !c.is_whitespace() && !starts_comment {
            return false;
        }
        prev_in_code = scanner.state == State::Code && !starts_comment;
    }
    true
}

/// Whether `text` ends inside a string, a back-quoted name or a block
/// comment, or has more opening than closing brackets (the REPL keeps
/// reading then).
pub fn is_open(text: &str) -> bool {
    let mut scanner = Scanner::default();
    let mut depth: i64 = 0;
    for c in text.chars() {
        scanner.feed(c);
        if scanner.state == State::Code {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            }
        }
    }
    !matches!(scanner.state, State::Code | State::LineComment) || depth > 0
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum State {
    #[default]
    Code,
    Quoted(char),
    Escape(char),
    LineComment,
    BlockComment,
}

#[derive(Default)]
struct Scanner {
    state: State,
    prev: char,
}

impl Scanner {
    /// Advances by one character; true when it is a statement-ending `;`.
    fn feed(&mut self, c: char) -> bool {
        let prev = std::mem::replace(&mut self.prev, c);
        let mut ends = false;
        self.state = match self.state {
            State::Code => match c {
                '\'' | '"' | '`' => State::Quoted(c),
                '/' if prev == '/' => State::LineComment,
                '*' if prev == '/' => {
                    // `/*/` must not close the comment it opens.
                    self.prev = '\0';
                    State::BlockComment
                }
                ';' => {
                    ends = true;
                    State::Code
                }
                _ => State::Code,
            },
            State::Quoted(q) if c == '\\' && q != '`' => State::Escape(q),
            State::Quoted(q) if c == q => State::Code,
            State::Escape(q) => State::Quoted(q),
            State::LineComment if c == '\n' => State::Code,
            State::BlockComment if c == '/' && prev == '*' => {
                self.prev = '\0';
                State::Code
            }
            other => other,
        };
        ends
    }
}

/// Reads a script file; a missing or unreadable one is an `IoError` that
/// fails the run like a failing statement.
pub fn read_file(path: &std::path::Path) -> Result<String, crate::error::Error> {
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_to_string(&mut f, &mut text))
        .map_err(|e| crate::error::Error::io(format!("cannot read {}: {e}", path.display())))?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str) -> Vec<&str> {
        split_statements(script).into_iter().map(|p| p.text.trim()).collect()
    }

    #[test]
    fn splits_at_semicolons_outside_quotes_and_comments() {
        assert_eq!(texts("RETURN 1; RETURN 'a;b' ;"), ["RETURN 1", "RETURN 'a;b'"]);
        assert_eq!(texts("RETURN 1 // x;y\n; /* ; */ RETURN `a;`"), ["RETURN 1 // x;y", "/* ; */ RETURN `a;`"]);
        assert_eq!(texts("RETURN 'it\\'s;'"), ["RETURN 'it\\'s;'"]);
        assert_eq!(texts(" ;; // nothing\n ; /* */"), Vec::<&str>::new());
    }

    #[test]
    fn offsets_point_into_the_script() {
        let script = "RETURN 1;\nRETURN 2";
        let pieces = split_statements(script);
        assert_eq!(pieces[1].offset, 9);
        assert_eq!(&script[pieces[1].offset..], "\nRETURN 2");
    }

    #[test]
    fn open_statements_are_detected() {
        assert!(is_open("MATCH (n"));
        assert!(is_open("RETURN 'abc"));
        assert!(is_open("RETURN 1 /* x"));
        assert!(!is_open("RETURN 1 // (("));
        assert!(!is_open("RETURN [1, 2]"));
    }
}

//! A forgiving Cypher tokenizer for the shell's editing aids: highlighting,
//! completion and hints. It never fails: an unterminated string or comment
//! runs to the end and is reported as still open, so the next line of a
//! multi-line statement starts in the right state.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A name or keyword.
    Ident,
    /// A back-quoted name.
    Quoted,
    String,
    Number,
    Comment,
    Space,
    /// Any other single character.
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }

    /// The name a token stands for: an identifier, or a back-quoted name
    /// without its quotes.
    pub fn name(&self, source: &str) -> Option<String> {
        let text = self.text(source);
        match self.kind {
            Kind::Ident => Some(text.to_string()),
            Kind::Quoted => Some(text.trim_start_matches('`').trim_end_matches('`').replace("``", "`")),
            _ => None,
        }
    }

    pub fn is(&self, source: &str, c: char) -> bool {
        self.kind == Kind::Punct && self.text(source).starts_with(c)
    }
}

/// What is still open at the end of a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Open {
    #[default]
    Nothing,
    /// A string or back-quoted name, by its quote.
    Quote(char),
    BlockComment,
}

pub fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Tokens of `text`, starting in state `open`, and the state at its end.
pub fn lex(text: &str, open: Open) -> (Vec<Token>, Open) {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut state = open;
    // A token carried over from the previous line comes first.
    let carried = match open {
        Open::Nothing => None,
        Open::Quote(q) => {
            state = close_quote(&mut chars, q);
            Some(if q == '`' { Kind::Quoted } else { Kind::String })
        }
        Open::BlockComment => {
            state = close_comment(&mut chars);
            Some(Kind::Comment)
        }
    };
    if let Some(kind) = carried {
        tokens.push(Token { kind, start: 0, end: chars.peek().map_or(text.len(), |(i, _)| *i) });
    }
    while let Some((i, c)) = chars.next() {
        let kind = match c {
            '\'' | '"' | '`' => {
                state = close_quote(&mut chars, c);
                if c == '`' { Kind::Quoted } else { Kind::String }
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                while chars.next_if(|(_, n)| *n != '\n').is_some() {}
                Kind::Comment
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '*') => {
                chars.next();
                state = close_comment(&mut chars);
                Kind::Comment
            }
            c if c.is_whitespace() => {
                while chars.next_if(|(_, n)| n.is_whitespace()).is_some() {}
                Kind::Space
            }
            c if c.is_ascii_digit() => {
                // Digits, a decimal point followed by a digit, exponents, hex.
                while chars
                    .next_if(|(j, n)| {
                        n.is_ascii_alphanumeric()
                            || (*n == '.' && text[j + 1..].starts_with(|d: char| d.is_ascii_digit()))
                    })
                    .is_some()
                {}
                Kind::Number
            }
            c if is_name_char(c) => {
                while chars.next_if(|(_, n)| is_name_char(*n)).is_some() {}
                Kind::Ident
            }
            _ => Kind::Punct,
        };
        let end = chars.peek().map_or(text.len(), |(j, _)| *j);
        tokens.push(Token { kind, start: i, end });
    }
    (tokens, state)
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// Consumes up to and including the closing quote; `Open::Quote` if none.
fn close_quote(chars: &mut Chars<'_>, quote: char) -> Open {
    while let Some((_, c)) = chars.next() {
        if c == '\\' && quote != '`' {
            chars.next();
        } else if c == quote {
            // A doubled back-quote is an escaped one.
            if quote == '`' && chars.next_if(|(_, n)| *n == '`').is_some() {
                continue;
            }
            return Open::Nothing;
        }
    }
    Open::Quote(quote)
}

fn close_comment(chars: &mut Chars<'_>) -> Open {
    while let Some((_, c)) = chars.next() {
        if c == '*' && chars.next_if(|(_, n)| *n == '/').is_some() {
            return Open::Nothing;
        }
    }
    Open::BlockComment
}

/// The tokens of the statement that `text` ends in (after the last `;`),
/// without spaces and comments.
pub fn last_statement(text: &str) -> Vec<Token> {
    let (tokens, _) = lex(text, Open::Nothing);
    let from = tokens.iter().rposition(|t| t.is(text, ';')).map_or(0, |i| i + 1);
    tokens[from..].iter().filter(|t| !matches!(t.kind, Kind::Space | Kind::Comment)).copied().collect()
}

/// The innermost bracket still open at the end of `tokens`: `(`, `[`, `{`.
pub fn open_bracket(tokens: &[Token], source: &str) -> Option<char> {
    let mut stack = Vec::new();
    for token in tokens.iter().filter(|t| t.kind == Kind::Punct) {
        match token.text(source).chars().next() {
            Some(c @ ('(' | '[' | '{')) => stack.push(c),
            Some(')' | ']' | '}') => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.last().copied()
}

/// The labels (or types) that variable `var` is given in a statement:
/// `(var:A:B)`, `[var:T|U]`, `WHERE var:A`.
pub fn names_of(var: &str, tokens: &[Token], source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.name(source).as_deref() != Some(var) {
            continue;
        }
        let mut j = i + 1;
        while tokens.get(j).is_some_and(|t| t.is(source, ':') || t.is(source, '|')) {
            match tokens.get(j + 1).and_then(|t| t.name(source)) {
                Some(name) => names.push(name),
                None => break,
            }
            j += 2;
        }
    }
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        lex(text, Open::Nothing).0.iter().map(|t| (t.kind, t.text(text))).collect()
    }

    #[test]
    fn tokens_cover_the_text() {
        use Kind::*;
        assert_eq!(
            kinds("RETURN 'a\\'b', 1.5e3 // c"),
            [(Ident, "RETURN"), (Space, " "), (String, "'a\\'b'"), (Punct, ","), (Space, " "), (Number, "1.5e3")]
                .into_iter()
                .chain([(Space, " "), (Comment, "// c")])
                .collect::<Vec<_>>()
        );
        assert_eq!(kinds("1..3"), [(Number, "1"), (Punct, "."), (Punct, "."), (Number, "3")]);
        assert_eq!(kinds("`a``b` /*x*/"), [(Quoted, "`a``b`"), (Space, " "), (Comment, "/*x*/")]);
    }

    #[test]
    fn open_strings_and_comments_carry_to_the_next_line() {
        assert_eq!(lex("RETURN 'abc", Open::Nothing).1, Open::Quote('\''));
        assert_eq!(lex("/* a", Open::Nothing).1, Open::BlockComment);
        let (tokens, open) = lex("still */ RETURN 1", Open::BlockComment);
        assert_eq!(open, Open::Nothing);
        assert_eq!((tokens[0].kind, tokens[0].text("still */ RETURN 1")), (Kind::Comment, "still */"));
        let (tokens, _) = lex("end' + 1", Open::Quote('\''));
        assert_eq!(tokens[0].kind, Kind::String);
    }

    #[test]
    fn variables_know_their_labels() {
        let text = "MATCH (c:Country:Place)-[r:VIOLATED|IMPORTED_FROM]->(s) WHERE s:`Sanction list` AND c.";
        let tokens = last_statement(text);
        assert_eq!(names_of("c", &tokens, text), ["Country", "Place"]);
        assert_eq!(names_of("r", &tokens, text), ["VIOLATED", "IMPORTED_FROM"]);
        assert_eq!(names_of("s", &tokens, text), ["Sanction list"]);
        assert_eq!(open_bracket(&last_statement("MATCH (a)-[:"), "MATCH (a)-[:"), Some('['));
        assert_eq!(open_bracket(&last_statement("RETURN (1); MATCH"), "RETURN (1); MATCH"), None);
    }
}

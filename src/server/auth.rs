//! Who may use the server: one user and password, or anyone (`--no-auth`).

use super::packstream::Packed;

pub enum Auth {
    /// Any credentials, or none, are accepted.
    Open,
    Password {
        user: String,
        password: String,
    },
}

impl Auth {
    /// Whether a LOGON's auth token (`{scheme, principal, credentials}`)
    /// is accepted.
    pub fn accepts(&self, token: &Packed) -> bool {
        match self {
            Auth::Open => true,
            Auth::Password { user, password } => {
                let field = |k| token.get(k).and_then(Packed::as_str);
                field("scheme") == Some("basic")
                    && field("principal") == Some(user.as_str())
                    && field("credentials").is_some_and(|given| same_secret(given.as_bytes(), password.as_bytes()))
            }
        }
    }
}

/// Compares without stopping at the first difference, so the time taken
/// does not tell how much of a guess was right.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let longest = a.len().max(b.len());
    let mut diff = a.len() ^ b.len();
    for i in 0..longest {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(scheme: &str, user: &str, pw: &str) -> Packed {
        Packed::Map(vec![
            ("scheme".into(), Packed::String(scheme.into())),
            ("principal".into(), Packed::String(user.into())),
            ("credentials".into(), Packed::String(pw.into())),
        ])
    }

    #[test]
    fn only_the_right_user_and_password_get_in() {
        let auth = Auth::Password { user: "neo4j".into(), password: "s3cret".into() };
        assert!(auth.accepts(&token("basic", "neo4j", "s3cret")));
        assert!(!auth.accepts(&token("basic", "neo4j", "s3cre")));
        assert!(!auth.accepts(&token("basic", "neo4j", "s3cret!")));
        assert!(!auth.accepts(&token("basic", "admin", "s3cret")));
        assert!(!auth.accepts(&token("none", "neo4j", "s3cret")));
        assert!(!auth.accepts(&Packed::Map(vec![])));
        assert!(Auth::Open.accepts(&Packed::Map(vec![])));
    }
}

use super::*;

fn person(names: &[&str], birth: &[&str]) -> Facts {
    Facts {
        kind: Kind::Person,
        names: names.iter().map(|s| s.to_string()).collect(),
        birth_dates: birth.iter().map(|s| s.to_string()).collect(),
        ..Facts::default()
    }
}

fn has(features: &[(&str, f64)], name: &str) -> bool {
    features.iter().any(|(f, _)| *f == name)
}

#[test]
fn two_men_called_kim_chol_are_told_apart_by_birth() {
    let a = person(&["KIM CHOL"], &["1964-07-17"]);
    let b = person(&["Kim Chol"], &["1971-02-03"]);
    let (score, features) = match_score(&a, &b);
    assert!(score < 0.7, "{score} {features:?}");
    assert!(has(&features, "birth_year_mismatch") && has(&features, "birth_date_mismatch"));
    let same = person(&["Kim Chol"], &["1964"]);
    let (score, features) = match_score(&a, &same);
    assert!(score >= 0.95, "{score} {features:?}");
    // A day apart is a slip of transcription, not another man.
    let (score, _) = match_score(&a, &person(&["Kim Chol"], &["1964-07-18"]));
    assert!(score >= 0.95);
    let (score, features) = match_score(&a, &person(&["Kim Chol"], &["1964-03-02"]));
    assert!((0.7..0.8).contains(&score) && has(&features, "birth_date_mismatch"), "{score}");
}

#[test]
fn an_identifier_is_strong_evidence_alone() {
    let a = Facts {
        kind: Kind::Vessel,
        names: vec!["CHON MA SAN".into()],
        identifiers: vec!["IMO 8660313".into()],
        ..Facts::default()
    };
    let b = Facts {
        kind: Kind::Vessel,
        names: vec!["SEA STAR".into()],
        identifiers: vec!["8660313".into()],
        ..Facts::default()
    };
    let (score, features) = match_score(&a, &b);
    assert!(score >= 0.95, "{score} {features:?}");
    assert!(has(&features, "identifier") && !has(&features, "name"));
    let passport = |name: &str, n: &str| Facts { identifiers: vec![n.into()], ..person(&[name], &[]) };
    assert!(match_score(&passport("Kim Chol", "pd-836410"), &passport("Pak Su", "PD836410")).0 >= 0.95);
    // Too short to tell.
    assert!(match_score(&passport("Kim Chol", "123"), &passport("Pak Su", "123")).0 < 0.5);
}

#[test]
fn weak_aliases_confirm_at_a_discount() {
    let a = person(&["Choe Sok Min"], &[]);
    let b = Facts { weak_names: vec!["Choe Sok Min".into()], ..person(&["CH'OE SO'K MIN"], &[]) };
    let (score, _) = match_score(&a, &b);
    assert!(score >= 0.95, "the strong name matches too");
    let c = Facts { weak_names: vec!["Choe Sok Min".into()], ..person(&["Pak Il"], &[]) };
    let (score, features) = match_score(&a, &c);
    assert!((0.75..=0.85).contains(&score) && has(&features, "weak_alias"), "{score} {features:?}");
}

#[test]
fn countries_gender_and_kind_subtract() {
    let base = person(&["Kim Chol"], &[]);
    let with = |countries: &[&str], gender: Option<&str>| Facts {
        countries: countries.iter().map(|s| s.to_string()).collect(),
        gender: gender.map(str::to_string),
        ..base.clone()
    };
    let score = |a: &Facts, b: &Facts| match_score(a, b).0;
    assert_eq!(score(&with(&["KP"], None), &with(&["Korea, North"], None)), 1.0);
    assert_eq!(score(&with(&["kp"], None), &with(&["Democratic People's Republic of Korea"], None)), 1.0);
    assert!((score(&with(&["kp"], None), &with(&["cn"], None)) - 0.8).abs() < 1e-9);
    assert_eq!(score(&with(&["kp"], None), &with(&[], None)), 1.0, "one side has no country");
    assert_eq!(score(&with(&["kp", "cn"], None), &with(&["CN"], None)), 1.0);
    assert!((score(&with(&[], Some("male")), &with(&[], Some("Female"))) - 0.8).abs() < 1e-9);
    assert_eq!(score(&with(&[], Some("M")), &with(&[], Some("male"))), 1.0);
    let vessel = Facts { kind: Kind::Vessel, ..base.clone() };
    let (s, features) = match_score(&base, &vessel);
    assert!(s < 0.75 && has(&features, "kind_mismatch"));
}

#[test]
fn nothing_to_compare() {
    let (score, features) = match_score(&Facts::default(), &Facts::default());
    assert_eq!(score, 0.0);
    assert!(features.is_empty());
    let (score, _) = match_score(&person(&["Kim Chol"], &["1964"]), &person(&["Pak Su"], &["1964"]));
    assert!(score < 0.5);
}

use super::*;
use crate::names::Kind;

fn person(a: &str, b: &str) -> f64 {
    compare(&analyse(a, Kind::Person), &analyse(b, Kind::Person))
}

fn org(a: &str, b: &str) -> f64 {
    compare(&analyse(a, Kind::Organization), &analyse(b, Kind::Organization))
}

#[track_caller]
fn between(score: f64, low: f64, high: f64, what: &str) {
    assert!((low..=high).contains(&score), "{what}: {score:.3} not in [{low}, {high}]");
}

#[test]
fn spellings_of_kim_jong_un() {
    let forms = ["Kim Jong Un", "KIM Jong-un", "Jong Un Kim", "Kim Chong-un", "김정은", "KIM, Jong Un", "Kim Jongun"];
    for a in forms {
        for b in forms {
            between(person(a, b), 0.9, 1.0, &format!("{a} ~ {b}"));
            between(similarity(a, b), 0.9, 1.0, &format!("{a} ~ {b} (unknown kind)"));
        }
    }
}

#[test]
fn korean_variants_fold() {
    for (a, b) in [
        ("RI Hong Sop", "Lee Hong Sop"),
        ("Pak Chang Ho", "Park Chang Ho"),
        ("Choe Chun Sik", "Choi Chun Sik"),
        ("Ri Un Song", "Ri Eun Song"),
        ("Min Byong Chol", "Min Pyo'ng-ch'o'l"),
        ("Ryu Jin", "Yu Jin"),
        ("Kang Myong Hyon", "Gang Myung Hyun"),
        ("Jo Yong Chol", "Cho Young Cheol"),
        ("RA KY'ONG-SU", "Ra Kyung-Su"),
    ] {
        between(person(a, b), 0.9, 1.0, &format!("{a} ~ {b}"));
    }
}

#[test]
fn reordered_given_names_score_lower_but_not_nothing() {
    let swapped = person("RI Un Song", "RI Song Un");
    between(swapped, 0.7, 0.95, "RI Un Song ~ RI Song Un");
    assert!(swapped < person("RI Un Song", "Un Song RI"), "a rotation is cheaper than a swap");
    assert!(swapped < person("RI Un Song", "Ri Eun Song"));
}

#[test]
fn typos_in_long_words() {
    between(person("Mohammad Yousef Hasanzadeh", "Mohammad Yusef Hasanzade"), 0.85, 1.0, "one typo each");
    between(org("Korea Kwangson Banking Corp", "Korea Kwangsong Banking Corp"), 0.85, 1.0, "kwangsong");
    between(person("Barack Obama", "Barac Obamma"), 0.75, 0.95, "two typos");
    between(person("Vladimirovich", "Vladimirovitsh"), 0.8, 1.0, "two edits in a long word");
}

#[test]
fn missing_and_extra_words() {
    let missing = person("Kim Jong", "Kim Jong Un");
    between(missing, 0.7, 0.85, "a missing given name");
    let middle = person("John Smith", "John Kenneth Smith");
    between(middle, 0.7, 0.85, "a missing middle name");
    between(person("John K Smith", "John Kenneth Smith"), 0.9, 1.0, "an initial");
}

#[test]
fn short_words_count_but_do_not_match_alone() {
    // Same surname and one short given name: not a match.
    between(person("Kim Il", "Pak Il"), 0.0, 0.5, "Kim Il ~ Pak Il");
    between(person("Il", "Kim Il Sung"), 0.0, 0.5, "a short word alone");
    between(person("Cho Il U", "Cho Il"), 0.7, 0.9, "a short word missing");
}

#[test]
fn different_people_score_low() {
    for (a, b) in [
        ("Kim Jong Un", "Kim Jong Il"),
        // Jong (정) and Yong (용) are two syllables, not two spellings of
        // one: no romanisation writes 정 with a Y, and the lists hold many
        // a Kim Yong X beside the Kim Jong Xs.
        ("Kim Jong Un", "Kim Yong Un"),
        ("Kim Jong Un", "Kim Yo Jong"),
        ("Kim Chol Nam", "Kim Kyong Nam"),
        ("Ri Su Yong", "Ri Won Ho"),
        ("Choe Chun Sik", "Cho Chun Ryong"),
        ("Jang Song Nam", "Jang Yong Son"),
    ] {
        between(person(a, b), 0.0, 0.69, &format!("{a} ~ {b}"));
    }
}

#[test]
fn organisations() {
    let komid = "Korea Mining Development Trading Corporation";
    between(org("Korea Mining Dev. Trading Corp.", komid), 0.9, 1.0, "abbreviations");
    between(similarity("Korea Mining Dev. Trading Corp.", komid), 0.9, 1.0, "abbreviations, unknown kind");
    between(org("KOMID", komid), 0.5, 0.85, "the acronym");
    between(similarity(komid, "KOMID"), 0.5, 0.85, "the acronym, the other way");
    between(org("Korea Ansan SHPG CO", "KOREA ANSAN SHIPPING COMPANY"), 0.9, 1.0, "SHPG");
    between(org("Namchongang Trading", "NAM CHON GANG CORPORATION"), 0.7, 1.0, "joined words, other legal form");
    between(org("Korea Kwangson Banking Corp", "Korea Daesong Bank"), 0.0, 0.5, "two banks");
    between(
        org("Korea Mining Development Trading Corporation", "Korea Ryonbong General Corporation"),
        0.0,
        0.5,
        "two firms",
    );
    between(org("Korea Samma Shipping Co", "Korea Ansan Shipping Co"), 0.0, 0.6, "two shipping firms");
    between(org("Leader (Hong Kong) International", "Leader International Trading Limited"), 0.7, 1.0, "qualifier");
}

#[test]
fn vessels_with_numbers() {
    let vessel = |a: &str, b: &str| compare(&analyse(a, Kind::Vessel), &analyse(b, Kind::Vessel));
    between(vessel("JI SONG 6", "M/V Ji Song 6"), 0.9, 1.0, "a prefix");
    between(vessel("JI SONG 6", "JI SONG 8"), 0.0, 0.6, "another number");
    between(vessel("CHON MA SAN", "CHONMASAN"), 0.9, 1.0, "joined");
}

#[test]
fn other_scripts() {
    between(similarity("Сергей Лавров", "Sergey Lavrov"), 0.9, 1.0, "Cyrillic");
    between(similarity("Мохаммад Хусейн", "Mohammad Hussein"), 0.85, 1.0, "Cyrillic");
    between(similarity("محمد", "Muhammad"), 0.8, 1.0, "Arabic");
    between(similarity("أسامة بن لادن", "Usama bin Laden"), 0.8, 1.0, "Arabic");
    between(similarity("عمر", "Kim"), 0.0, 0.3, "Arabic, another name");
    // Han comes out in Mandarin readings: 金正恩 is not "Kim Jong Un".
    between(similarity("金正恩", "Kim Jong Un"), 0.0, 0.5, "Han");
    between(similarity("金正恩", "金正恩"), 1.0, 1.0, "Han, identical");
}

#[test]
fn symmetric_bounded_and_total() {
    let names = [
        "Kim Jong Un",
        "Jong Un Kim",
        "KOMID",
        "Korea Mining Development Trading Corporation",
        "RI Un Song",
        "RI Song Un",
        "",
        "-",
        "J",
        "محمد",
        "Korea Kwangson Banking Corp",
        "JI SONG 6",
        "Kim Jongun",
    ];
    for a in names {
        for b in names {
            let (ab, ba) = (similarity(a, b), similarity(b, a));
            assert!((0.0..=1.0).contains(&ab), "{a} ~ {b}: {ab}");
            assert!((ab - ba).abs() < 1e-9, "{a} ~ {b}: {ab} but {ba}");
        }
    }
    assert_eq!(similarity("", ""), 0.0);
    let huge = "Kim Jong Un ".repeat(5_000);
    between(similarity(&huge, "Kim Jong Un"), 0.0, 1.0, "huge");
    let _ = similarity(&"a".repeat(100_000), &"a".repeat(99_999));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Any text, in any script, scores in [0, 1] without panicking, and a
    /// name is itself.
    #[test]
    fn any_text_scores_in_range(a in "\\PC{0,40}|(kim|jong|un|ri|song|corp|co|ltd|trading|a|b|ab|abc|7)( (kim|jong|un|ri|song|jongun|co|trading|a|b|abc|7)){0,5}",
                                b in "[a-zA-Z '.,()-]{0,30}|\\PC{0,12}|(kim|jong|un|ri|song|jongun|corp|ltd|a|ab|7)( (kim|jong|un|ri|song|co|trading|a|b|ab|7)){0,5}") {
        let s = similarity(&a, &b);
        proptest::prop_assert!((0.0..=1.0).contains(&s), "{} ~ {}: {}", a, b, s);
        proptest::prop_assert!((s - similarity(&b, &a)).abs() < 1e-9, "{} ~ {} is not symmetric", a, b);
        let own = analyse(&a, Kind::Unknown);
        if !own.is_empty() {
            proptest::prop_assert_eq!(compare(&own, &own), 1.0);
        }
    }
}

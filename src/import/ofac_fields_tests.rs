use super::*;

#[test]
fn remarks_of_a_person() {
    let mut l = Listing { labels: vec!["Person", "LegalEntity"], ..Default::default() };
    let remarks = "DOB 01 Apr 1957; alt. DOB circa 1956; POB Gumusova, Turkey; nationality Turkey; citizen Turkey; \
        Gender Male; Passport U00618757 (Turkey) issued 12 Aug 2010 expires 11 Aug 2020; National ID No. 31202133364; \
        a.k.a. 'ABU-'UMAR'; Linked To: SIA FALCON INTERNATIONAL GROUP.";
    apply_remarks(&mut l, remarks);
    assert_eq!(l.strings("birth_date"), ["1957-04-01", "1956"]);
    assert_eq!(l.strings("birth_place"), ["Gumusova, Turkey"]);
    assert_eq!(l.countries, [("NATIONAL_OF", "Turkey".to_string())]);
    assert_eq!(l.strings("gender"), ["male"]);
    assert_eq!(l.strings("passport_numbers"), ["U00618757"]);
    assert_eq!(l.strings("id_numbers"), ["31202133364"]);
    assert_eq!(l.strings("weak_aliases"), ["ABU-'UMAR"]);
    assert_eq!(l.strings("notes"), [remarks]);
    assert_eq!(l.links.len(), 1);
    assert_eq!(l.links[0].target, Target::Name("SIA FALCON INTERNATIONAL GROUP".into()));
    assert_eq!(l.links[0].text.as_deref(), Some("Linked To: SIA FALCON INTERNATIONAL GROUP"));
}

#[test]
fn remarks_of_vessels_aircraft_and_companies() {
    let mut l = Listing::default();
    apply_remarks(&mut l, "Vessel Registration Identification IMO 8914934; MMSI 572469210; Former Vessel Flag Malta");
    assert_eq!(l.strings("imo_number"), ["8914934"]);
    assert_eq!(l.strings("mmsi"), ["572469210"]);
    assert_eq!(l.strings("former_vessel_flag"), ["Malta"]);

    let mut l = Listing::default();
    apply_remarks(
        &mut l,
        "Aircraft Manufacturer's Serial Number (MSN) 1023409321; Aircraft Model IL76-TD; Aircraft Tail Number YV3360.",
    );
    assert_eq!(l.strings("aircraft_serial_number"), ["1023409321"]);
    assert_eq!(l.strings("aircraft_model"), ["IL76-TD"]);
    assert_eq!(l.strings("registration_number"), ["YV3360"]);

    let mut l = Listing::default();
    apply_remarks(
        &mut l,
        "Company Number IMO 5055293; Registration Number 464933 (Turkey); Organization Type: Shipping; \
         Nationality of Registration Korea, North; Website www.example.kp.",
    );
    assert_eq!(l.strings("imo_number"), ["5055293"]);
    assert_eq!(l.strings("registration_number"), ["464933"]);
    assert_eq!(l.strings("organization_type"), ["Shipping"]);
    assert_eq!(l.countries, [("REGISTERED_IN", "Korea, North".to_string())]);
    assert_eq!(l.strings("website"), ["www.example.kp"]);
}

#[test]
fn xml_links_and_unknown_kinds() {
    let mut l = Listing::default();
    apply_remarks(&mut l, "For more information see the link.; (Linked To: STATE CORPORATION ROSTEC)");
    assert_eq!(l.links[0].target, Target::Name("STATE CORPORATION ROSTEC".into()));
    assert!(apply_id(&mut l, "Organization Type:", "Activities of holding companies"));
    assert!(apply_id(&mut l, "Gender", "Female"));
    assert!(!apply_id(&mut l, "Secondary sanctions risk:", "section 1(b)"));
    assert_eq!(l.strings("organization_type"), ["Activities of holding companies"]);
    assert_eq!(l.strings("gender"), ["female"]);
}

#[test]
fn names_and_types() {
    let mut l = Listing { labels: labels(Some("individual")).unwrap_or_default(), ..Default::default() };
    set_name(&mut l, "SAHIN, Huseyin");
    assert_eq!(l.names().collect::<Vec<_>>(), ["SAHIN, Huseyin", "Huseyin SAHIN"]);
    assert_eq!(labels(None), Some(vec!["Organization", "LegalEntity"]));
    assert_eq!(labels(Some("Aircraft")), Some(vec!["Airplane"]));
    assert_eq!(labels(Some("spaceship")), None);
    assert_eq!(full_name(Some("HANIYA"), Some("Ismail")), Some("HANIYA, Ismail".into()));
    assert_eq!(full_name(Some("VEB CAPITAL"), None), Some("VEB CAPITAL".into()));
}

#[test]
fn a_dotted_name_gets_its_period_back_when_only_that_form_exists() {
    let named = |id: &str, name: &str, remarks: &str| {
        let mut l = Listing { source_id: id.into(), ..Default::default() };
        l.set_text("name", name);
        apply_remarks(&mut l, remarks);
        l
    };
    let mut listings = vec![
        named("1", "HERJEZ LTDA.", "NIT # 900083653-1 (Colombia)."),
        named("2", "AYALA BARRERA, Rubi Yiceth", "Linked To: HERJEZ LTDA."),
        named("3", "HIZBALLAH", "-"),
        named("4", "X", "Linked To: HIZBALLAH."),
    ];
    restore_dotted_names(&mut listings);
    assert_eq!(listings[1].links[0].target, Target::Name("HERJEZ LTDA.".into()));
    assert_eq!(listings[1].links[0].text.as_deref(), Some("Linked To: HERJEZ LTDA."));
    assert_eq!(listings[3].links[0].target, Target::Name("HIZBALLAH".into()));
}

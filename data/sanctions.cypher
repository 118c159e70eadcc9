// embargo — bundled dataset: countries violating UN sanctions on North Korea.
//
// Built from one Newsweek article (December 2017) that reports a new study by
// the Institute for Science and International Security ("ISIS" below; the
// think tank, not the militant group). See data/README.md for the schema,
// provenance and what was left out.
//
// Every relationship (and every node) carries `source`, one of exactly two values:
//   'Newsweek, Dec 2017'
//       a fact the article states in its own voice, or a statement made to
//       Newsweek by a named expert;
//   'ISIS report, Dec 2017, via Newsweek'
//       a finding the article attributes to the Institute's report
//       ("according to a new report", "Tuesday's report shows").
//
// Only what the article says is here. Countries it counts but does not name
// are numbers on the report node, not nodes. ISO 3166-1 alpha-2 codes and the
// extra alias spellings are general knowledge added to help matching.
//
// Format: one CREATE statement, a comma-separated list of patterns, ending
// with a semicolon. A variable is declared (with label and properties) the
// first time it appears and reused bare afterwards.

CREATE

// ===========================================================================
// Countries
// ===========================================================================

// The sanctioned state. The article also calls it "the hermit kingdom" and
// "the rogue regime of Kim Jong Un".
(north_korea:Country {name: 'North Korea', iso2: 'KP', aliases: ['DPRK', 'Democratic People\'s Republic of Korea'], source: 'Newsweek, Dec 2017'}),
// Named as the country trying to isolate North Korea ("the U.S.").
(united_states:Country {name: 'United States', iso2: 'US', aliases: ['U.S.', 'USA', 'United States of America'], source: 'Newsweek, Dec 2017'}),

// Named by the report among at least 13 governments in military-related cases.
(angola:Country {name: 'Angola', iso2: 'AO', source: 'ISIS report, Dec 2017, via Newsweek'}),
(cuba:Country {name: 'Cuba', iso2: 'CU', source: 'ISIS report, Dec 2017, via Newsweek'}),
(iran:Country {name: 'Iran', iso2: 'IR', aliases: ['Islamic Republic of Iran'], source: 'ISIS report, Dec 2017, via Newsweek'}),
(myanmar:Country {name: 'Myanmar', iso2: 'MM', aliases: ['Burma'], source: 'ISIS report, Dec 2017, via Newsweek'}),
(sri_lanka:Country {name: 'Sri Lanka', iso2: 'LK', source: 'ISIS report, Dec 2017, via Newsweek'}),
(syria:Country {name: 'Syria', iso2: 'SY', aliases: ['Syrian Arab Republic'], source: 'ISIS report, Dec 2017, via Newsweek'}),
(uganda:Country {name: 'Uganda', iso2: 'UG', source: 'ISIS report, Dec 2017, via Newsweek'}),

// Named by the report among the 19 countries in non-military cases.
(bulgaria:Country {name: 'Bulgaria', iso2: 'BG', source: 'ISIS report, Dec 2017, via Newsweek'}),
(germany:Country {name: 'Germany', iso2: 'DE', source: 'ISIS report, Dec 2017, via Newsweek'}),
(poland:Country {name: 'Poland', iso2: 'PL', source: 'ISIS report, Dec 2017, via Newsweek'}),
(romania:Country {name: 'Romania', iso2: 'RO', source: 'ISIS report, Dec 2017, via Newsweek'}),
(russia:Country {name: 'Russia', iso2: 'RU', aliases: ['Russian Federation'], source: 'ISIS report, Dec 2017, via Newsweek'}),

// Named by the report among the 18 countries that imported from North Korea.
(india:Country {name: 'India', iso2: 'IN', source: 'ISIS report, Dec 2017, via Newsweek'}),
(china:Country {name: 'China', iso2: 'CN', aliases: ['People\'s Republic of China'], source: 'ISIS report, Dec 2017, via Newsweek'}),

// ===========================================================================
// Organizations
// ===========================================================================

(un_security_council:Organization {name: 'United Nations Security Council', kind: 'intergovernmental', aliases: ['UN Security Council', 'UNSC'], source: 'Newsweek, Dec 2017'}),
// Named only as the body Nikki Haley is ambassador to and Mark Goldberg is an
// expert on; the article states no membership, so it has no MEMBER_OF edges.
(united_nations:Organization {name: 'United Nations', kind: 'intergovernmental', aliases: ['UN'], source: 'Newsweek, Dec 2017'}),
(isis:Organization {name: 'Institute for Science and International Security', kind: 'think_tank', aliases: ['ISIS'], source: 'Newsweek, Dec 2017'}),
(ncnk:Organization {name: 'National Committee on North Korea', kind: 'ngo', aliases: ['NCNK'], source: 'Newsweek, Dec 2017'}),
(newsweek:Organization {name: 'Newsweek', kind: 'media', source: 'Newsweek, Dec 2017'}),

// ===========================================================================
// People
// ===========================================================================

// "North Korea's leader Kim Jong Un" (the article once spells it "Kim Jong UN").
(kim_jong_un:Person {name: 'Kim Jong Un', title: 'leader of North Korea', source: 'Newsweek, Dec 2017'}),
// "President Donald Trump".
(donald_trump:Person {name: 'Donald Trump', title: 'President of the United States', source: 'Newsweek, Dec 2017'}),
// Haley's call to all countries is kept as a paraphrase: no schema type fits it.
(nikki_haley:Person {name: 'Nikki Haley', title: 'U.S. ambassador to the United Nations', description: 'called on all countries to cut off trade with North Korea, stopping all imports and exports, and to expel all North Korean workers', source: 'Newsweek, Dec 2017'}),
(daniel_wertz:Person {name: 'Daniel Wertz', title: 'associate director', description: 'quoted by Newsweek on how North Korea\'s overseas trading networks evade sanctions', source: 'Newsweek, Dec 2017'}),
// "an expert on the United Nations": no relationship type fits, so a property.
(mark_goldberg:Person {name: 'Mark Goldberg', description: 'expert on the United Nations, quoted by Newsweek on how hard it is to get UN members to implement sanctions', source: 'Newsweek, Dec 2017'}),

// ===========================================================================
// Reports
// ===========================================================================

// The Institute's report. The article gives neither its title nor its URL nor
// its exact date ("a new report", "Tuesday's report"), so the title is
// descriptive. The counts are the report's; the countries behind them are
// not listed, so they stay numbers. military_violators is a minimum
// ("at least 13"); the total is approximate ("almost 50").
(isis_report:Report {title: 'Institute for Science and International Security report on countries violating UN sanctions on North Korea', published: '2017-12', described_as: 'Tuesday\'s report', military_violators: 13, military_violators_is_minimum: true, non_military_violators: 19, importing_countries: 18, violating_countries_total_approx: 50, summary: 'North Korea seeks sympathetic governments and countries with weak export controls to supply its nuclear, missile and military programmes, and uses front companies or actors to get round the controls of strong enforcers', source: 'ISIS report, Dec 2017, via Newsweek'}),
// The article itself, modelled as a Report so that Newsweek can publish it.
(newsweek_article:Report {title: 'Trump\'s North Korea Sanctions Are Failing As Kim Jong Un Does Business With Dozens Of Countries', published: '2017-12', source: 'Newsweek, Dec 2017'}),

// ===========================================================================
// Sanctions
// ===========================================================================

// The UN Security Council has imposed sanctions on North Korea "in recent
// years" to press it to give up its nuclear weapons programme. No start date
// or single sector is given; all named violations point here, with the kind
// of case on the VIOLATED edge.
(un_sanctions:Sanction {name: 'UN Security Council sanctions on North Korea', sector: 'general', authority: 'United Nations Security Council', program: 'DPRK', description: 'imposed in recent years to press North Korea to abandon its nuclear weapons programme', source: 'Newsweek, Dec 2017'}),
// "new sanctions were levied against North Korea's fuel and textile sectors
// in September" (2017, from the article's date). The article does not say who
// levied them, so they have no authority and no IMPOSED edge.
(fuel_sanctions:Sanction {name: 'September 2017 fuel sanctions', sector: 'fuel', start_date: '2017-09', description: 'levied on North Korea\'s fuel sector after it showed off its military power, including an intercontinental ballistic missile', source: 'Newsweek, Dec 2017'}),
(textile_sanctions:Sanction {name: 'September 2017 textile sanctions', sector: 'textile', start_date: '2017-09', description: 'levied on North Korea\'s textile sector after it showed off its military power, including an intercontinental ballistic missile', source: 'Newsweek, Dec 2017'}),

// ===========================================================================
// Who imposed what, on whom
// ===========================================================================

(un_security_council)-[:IMPOSED {source: 'Newsweek, Dec 2017'}]->(un_sanctions),
(un_sanctions)-[:TARGETS {source: 'Newsweek, Dec 2017'}]->(north_korea),
(fuel_sanctions)-[:TARGETS {source: 'Newsweek, Dec 2017'}]->(north_korea),
(textile_sanctions)-[:TARGETS {source: 'Newsweek, Dec 2017'}]->(north_korea),

// ===========================================================================
// Leaders and representatives
// ===========================================================================

// "North Korea's leader Kim Jong Un".
(kim_jong_un)-[:LEADS {title: 'leader', source: 'Newsweek, Dec 2017'}]->(north_korea),
// "President Donald Trump".
(donald_trump)-[:LEADS {title: 'President', source: 'Newsweek, Dec 2017'}]->(united_states),
// "U.S. ambassador to the United Nations, Nikki Haley".
(nikki_haley)-[:REPRESENTS {title: 'ambassador', at: 'United Nations', source: 'Newsweek, Dec 2017'}]->(united_states),
// "Daniel Wertz, associate director of the National Committee on North Korea".
(daniel_wertz)-[:WORKS_FOR {title: 'associate director', source: 'Newsweek, Dec 2017'}]->(ncnk),

// ===========================================================================
// Publications
// ===========================================================================

// "according to a new report by the Institute For Science And International
// Security"; "Tuesday's report".
(isis)-[:PUBLISHED {date: '2017-12', source: 'Newsweek, Dec 2017'}]->(isis_report),
// "This article was first written by Newsweek".
(newsweek)-[:PUBLISHED {date: '2017-12', source: 'Newsweek, Dec 2017'}]->(newsweek_article),

// ===========================================================================
// Violations found by the report — military-related cases
// ===========================================================================

// At least 13 governments violated the sanctions in military-related cases,
// such as exporting military equipment to North Korea; these seven are
// "just some of" them.
(angola)-[:VIOLATED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(cuba)-[:VIOLATED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(iran)-[:VIOLATED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(myanmar)-[:VIOLATED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(sri_lanka)-[:VIOLATED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(syria)-[:VIOLATED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(uganda)-[:VIOLATED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),

(isis_report)-[:REPORTED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(angola),
(isis_report)-[:REPORTED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(cuba),
(isis_report)-[:REPORTED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(iran),
(isis_report)-[:REPORTED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(myanmar),
(isis_report)-[:REPORTED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(sri_lanka),
(isis_report)-[:REPORTED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(syria),
(isis_report)-[:REPORTED {category: 'military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(uganda),

// ===========================================================================
// Violations found by the report — non-military cases
// ===========================================================================

// 19 countries were involved in non-military cases (doing business with North
// Korea or facilitating financial transactions), among them the European
// countries Bulgaria, Germany, Poland and Romania, and Russia.
(bulgaria)-[:VIOLATED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(germany)-[:VIOLATED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(poland)-[:VIOLATED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(romania)-[:VIOLATED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(russia)-[:VIOLATED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),

(isis_report)-[:REPORTED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(bulgaria),
(isis_report)-[:REPORTED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(germany),
(isis_report)-[:REPORTED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(poland),
(isis_report)-[:REPORTED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(romania),
(isis_report)-[:REPORTED {category: 'non_military', source: 'ISIS report, Dec 2017, via Newsweek'}]->(russia),

// ===========================================================================
// Violations found by the report — imports from North Korea
// ===========================================================================

// 18 countries, including the large economies India and China, imported
// sanctioned goods and minerals from North Korea.
(india)-[:VIOLATED {category: 'imports', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),
(china)-[:VIOLATED {category: 'imports', source: 'ISIS report, Dec 2017, via Newsweek'}]->(un_sanctions),

(india)-[:IMPORTED_FROM {goods: ['sanctioned goods', 'minerals'], source: 'ISIS report, Dec 2017, via Newsweek'}]->(north_korea),
(china)-[:IMPORTED_FROM {goods: ['sanctioned goods', 'minerals'], source: 'ISIS report, Dec 2017, via Newsweek'}]->(north_korea),

(isis_report)-[:REPORTED {category: 'imports', source: 'ISIS report, Dec 2017, via Newsweek'}]->(india),
(isis_report)-[:REPORTED {category: 'imports', source: 'ISIS report, Dec 2017, via Newsweek'}]->(china);

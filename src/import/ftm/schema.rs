//! The parts of the FtM model (followthemoney 4.11) the reader needs: each
//! schema's parents and what it becomes, and which properties are entity
//! references or countries. Tables, not guesses from values.

/// What an entity of a schema becomes in the graph.
pub enum Kind {
    /// A node with these labels, most specific first.
    Node(&'static [&'static str]),
    /// A relationship `source -[rel]-> target` between the entities its two
    /// properties name (FtM `edge: {source, target}`).
    Edge { source: &'static str, target: &'static str, rel: &'static str },
    /// A designation of the entity its `entity` property names.
    Sanction,
}

pub struct Schema {
    pub name: &'static str,
    extends: &'static [&'static str],
    pub kind: Kind,
}

impl Schema {
    /// Whether this schema is `ancestor` or inherits from it.
    pub fn is_a(&self, ancestor: &str) -> bool {
        self.name == ancestor || self.extends.iter().any(|p| schema(p).is_some_and(|s| s.is_a(ancestor)))
    }
}

/// The schema of that name; abstract schemata (`Thing`, `Interval`, …) are
/// here only as parents.
pub fn schema(name: &str) -> Option<&'static Schema> {
    SCHEMATA.iter().find(|s| s.name == name)
}

const fn node(name: &'static str, extends: &'static [&'static str], labels: &'static [&'static str]) -> Schema {
    Schema { name, extends, kind: Kind::Node(labels) }
}

const fn edge(name: &'static str, source: &'static str, target: &'static str, rel: &'static str) -> Schema {
    Schema { name, extends: &["Interval"], kind: Kind::Edge { source, target, rel } }
}

/// Abstract parents have no labels: an entity of that schema is refused.
const ABSTRACT: &[&str] = &[];
const DOCUMENT: &[&str] = &["Document"];

static SCHEMATA: &[Schema] = &[
    node("Thing", &[], ABSTRACT),
    node("Interval", &[], ABSTRACT),
    node("Value", &[], ABSTRACT),
    node("Analyzable", &[], ABSTRACT),
    node("Interest", &["Interval"], ABSTRACT),
    node("LegalEntity", &["Thing"], &["LegalEntity"]),
    node("Person", &["LegalEntity"], &["Person", "LegalEntity"]),
    node("Organization", &["LegalEntity"], &["Organization", "LegalEntity"]),
    node("Company", &["Organization", "Asset"], &["Company", "Organization", "LegalEntity"]),
    node("PublicBody", &["Organization"], &["PublicBody", "Organization", "LegalEntity"]),
    node("Address", &["Thing"], &["Address"]),
    node("Position", &["Thing"], &["Position"]),
    node("Asset", &["Thing", "Value"], &["Asset"]),
    node("Vehicle", &["Asset"], &["Vehicle"]),
    node("Vessel", &["Vehicle"], &["Vessel"]),
    node("Airplane", &["Vehicle"], &["Airplane"]),
    node("BankAccount", &["Asset"], &["BankAccount"]),
    node("Security", &["Asset"], &["Security"]),
    node("RealEstate", &["Asset"], &["RealEstate"]),
    node("Contract", &["Asset"], &["Contract"]),
    node("License", &["Contract"], &["License", "Contract"]),
    node("CryptoWallet", &["Thing", "Value"], &["CryptoWallet"]),
    node("Identification", &["Interval"], &["Identification"]),
    node("Passport", &["Identification"], &["Passport", "Identification"]),
    node("Risk", &["Interval"], &["Risk"]),
    node("Note", &["Thing", "Analyzable"], &["Note"]),
    node("Territory", &["Thing"], &["Territory"]),
    node("UserAccount", &["Thing"], &["UserAccount"]),
    node("CourtCase", &["Thing"], &["CourtCase"]),
    node("Project", &["Interval", "Thing", "Value"], &["Project"]),
    node("CallForTenders", &["Thing", "Interval"], &["CallForTenders"]),
    node("Event", &["Interval", "Analyzable", "Thing"], &["Event"]),
    node("Trip", &["Event"], &["Trip", "Event"]),
    node("Call", &["Interval"], &["Call"]),
    node("EconomicActivity", &["Interval"], &["EconomicActivity"]),
    node("TaxRoll", &["Interval"], &["TaxRoll"]),
    node("Mention", &[], &["Mention"]),
    node("Similar", &[], &["Similar"]),
    node("Page", &[], &["Page"]),
    node("Document", &["Thing", "Analyzable"], DOCUMENT),
    node("Folder", &["Document"], &["Folder", "Document"]),
    node("Package", &["Folder"], &["Package", "Document"]),
    node("Workbook", &["Folder"], &["Workbook", "Document"]),
    node("Email", &["Folder"], &["Email", "Document"]),
    node("Message", &["Interval", "Folder"], &["Message", "Document"]),
    node("Article", &["Document"], &["Article", "Document"]),
    node("Audio", &["Document"], &["Audio", "Document"]),
    node("HyperText", &["Document"], &["HyperText", "Document"]),
    node("Image", &["Document"], &["Image", "Document"]),
    node("Pages", &["Document"], &["Pages", "Document"]),
    node("PlainText", &["Document"], &["PlainText", "Document"]),
    node("Table", &["Document"], &["Table", "Document"]),
    node("Video", &["Document"], &["Video", "Document"]),
    Schema { name: "Sanction", extends: &["Interval"], kind: Kind::Sanction },
    edge("Ownership", "owner", "asset", "OWNS"),
    edge("Directorship", "director", "organization", "DIRECTOR_OF"),
    edge("Membership", "member", "organization", "MEMBER_OF"),
    edge("Employment", "employee", "employer", "WORKS_FOR"),
    edge("Representation", "agent", "client", "REPRESENTS"),
    edge("Control", "controller", "controlled", "CONTROLS"),
    edge("Family", "person", "relative", "FAMILY_OF"),
    edge("Associate", "person", "associate", "ASSOCIATE_OF"),
    edge("UnknownLink", "subject", "object", "LINKED_TO"),
    edge("Occupancy", "holder", "post", "HOLDS"),
    edge("Succession", "predecessor", "successor", "SUCCEEDED_BY"),
    edge("Payment", "payer", "beneficiary", "PAYMENT"),
    edge("Debt", "debtor", "creditor", "DEBT"),
    edge("ContractAward", "contract", "supplier", "CONTRACT_AWARD"),
    edge("ProjectParticipant", "participant", "project", "PROJECT_PARTICIPANT"),
    edge("CourtCaseParty", "party", "case", "COURT_CASE_PARTY"),
    edge("Documentation", "document", "entity", "DOCUMENTATION"),
];

/// A reference property of a node schema and the relationship it becomes;
/// `incoming` when the entity holding it is the relationship's end.
pub struct Reference {
    schema: &'static str,
    property: &'static str,
    pub rel: &'static str,
    pub incoming: bool,
}

const fn out(schema: &'static str, property: &'static str, rel: &'static str) -> Reference {
    Reference { schema, property, rel, incoming: false }
}

const fn back(schema: &'static str, property: &'static str, rel: &'static str) -> Reference {
    Reference { schema, property, rel, incoming: true }
}

/// The `entity`-typed properties of node schemata (ftm-model.md §5), the
/// more specific schema first. `LegalEntity.parent` is the parent company,
/// so the child is `SUBSIDIARY_OF` it; sources use it on a person for the
/// person's parent, hence `CHILD_OF` there.
static REFERENCES: &[Reference] = &[
    out("Thing", "addressEntity", "HAS_ADDRESS"),
    out("Thing", "proof", "PROOF"),
    out("Thing", "riskSource", "RISK_SOURCE"),
    out("Interval", "proof", "PROOF"),
    out("Person", "parent", "CHILD_OF"),
    out("LegalEntity", "parent", "SUBSIDIARY_OF"),
    out("Document", "parent", "PARENT"),
    out("Document", "ancestors", "ANCESTORS"),
    out("RealEstate", "parent", "PARENT"),
    back("Vehicle", "owner", "OWNS"),
    back("Vehicle", "operator", "OPERATES"),
    back("Identification", "holder", "HAS_IDENTIFICATION"),
    out("CryptoWallet", "holder", "HOLDER"),
    out("UserAccount", "owner", "OWNER"),
    out("BankAccount", "bank", "BANK"),
    out("Security", "issuer", "ISSUER"),
    out("Position", "organization", "ORGANIZATION"),
    out("Risk", "entity", "ENTITY"),
    out("Note", "entity", "ENTITY"),
    out("Territory", "partOf", "PART_OF"),
    out("Contract", "authority", "AUTHORITY"),
    out("Contract", "project", "PROJECT"),
    out("CallForTenders", "authority", "AUTHORITY"),
    out("CallForTenders", "onBehalfOf", "ON_BEHALF_OF"),
    out("CallForTenders", "tenderers", "TENDERERS"),
    out("Call", "caller", "CALLER"),
    out("Call", "receiver", "RECEIVER"),
    out("Event", "organizer", "ORGANIZER"),
    out("Event", "involved", "INVOLVED"),
    out("Trip", "startLocation", "START_LOCATION"),
    out("Trip", "endLocation", "END_LOCATION"),
    out("Trip", "vehicle", "VEHICLE"),
    out("TaxRoll", "taxee", "TAXEE"),
    out("Mention", "document", "DOCUMENT"),
    out("Mention", "resolved", "RESOLVED"),
    out("Similar", "candidate", "CANDIDATE"),
    out("Similar", "match", "MATCH"),
    out("Page", "document", "DOCUMENT"),
    out("Image", "pictured", "PICTURED"),
    out("Email", "emitters", "EMITTERS"),
    out("Email", "recipients", "RECIPIENTS"),
    out("Email", "inReplyToEmail", "IN_REPLY_TO_EMAIL"),
    out("Message", "sender", "SENDER"),
    out("Message", "senderAccount", "SENDER_ACCOUNT"),
    out("Message", "recipients", "RECIPIENTS"),
    out("Message", "recipientAccount", "RECIPIENT_ACCOUNT"),
    out("Message", "inReplyToMessage", "IN_REPLY_TO_MESSAGE"),
    out("EconomicActivity", "contract", "CONTRACT"),
    out("EconomicActivity", "declarant", "DECLARANT"),
    out("EconomicActivity", "sender", "SENDER"),
    out("EconomicActivity", "receiver", "RECEIVER"),
    out("EconomicActivity", "contractHolder", "CONTRACT_HOLDER"),
    out("EconomicActivity", "bankAccount", "BANK_ACCOUNT"),
    out("EconomicActivity", "bankRub", "BANK_RUB"),
    out("EconomicActivity", "bankForeign", "BANK_FOREIGN"),
    out("EconomicActivity", "transport", "TRANSPORT"),
];

/// The reference that `property` of `schema` is, if it is one.
pub fn reference(schema: &Schema, property: &str) -> Option<&'static Reference> {
    REFERENCES.iter().find(|r| r.property == property && schema.is_a(r.schema))
}

/// The `country`-typed properties of node schemata and the relationship
/// each becomes, the more specific schema first. `country` says "located
/// in" of an address, "registered in" of an organization and no more than
/// "associated with" of a person or anything else.
static COUNTRIES: &[(&str, &str, &str)] = &[
    ("Person", "nationality", "NATIONAL_OF"),
    ("Person", "citizenship", "NATIONAL_OF"),
    ("Person", "birthCountry", "ASSOCIATED_WITH"),
    ("Person", "country", "ASSOCIATED_WITH"),
    ("LegalEntity", "country", "REGISTERED_IN"),
    ("LegalEntity", "jurisdiction", "REGISTERED_IN"),
    ("LegalEntity", "mainCountry", "REGISTERED_IN"),
    ("Vessel", "flag", "FLAGGED_IN"),
    ("Vessel", "pastFlags", "ASSOCIATED_WITH"),
    ("Address", "country", "LOCATED_IN"),
    ("Thing", "country", "ASSOCIATED_WITH"),
    ("Identification", "country", "ASSOCIATED_WITH"),
    ("Risk", "country", "ASSOCIATED_WITH"),
    ("TaxRoll", "country", "ASSOCIATED_WITH"),
    ("Mention", "contextCountry", "ASSOCIATED_WITH"),
    ("Analyzable", "detectedCountry", "ASSOCIATED_WITH"),
    ("EconomicActivity", "tradingCountry", "ASSOCIATED_WITH"),
    ("EconomicActivity", "departureCountry", "ASSOCIATED_WITH"),
    ("EconomicActivity", "destinationCountry", "ASSOCIATED_WITH"),
    ("EconomicActivity", "originCountry", "ASSOCIATED_WITH"),
];

/// The country relationship that `property` of `schema` is, if it is one.
pub fn country(schema: &Schema, property: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|(s, p, _)| *p == property && schema.is_a(s)).map(|(_, _, rel)| *rel)
}

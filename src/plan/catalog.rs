//! What `SHOW FUNCTIONS` and `SHOW PROCEDURES` list: every built-in
//! function and procedure with its signature and a one-line description,
//! in the columns Neo4j uses.

use super::Procedure;

/// One function as `SHOW FUNCTIONS` lists it.
pub struct FunctionDoc {
    pub name: &'static str,
    pub category: &'static str,
    pub signature: &'static str,
    pub description: &'static str,
    pub aggregating: bool,
}

const fn f(
    name: &'static str,
    category: &'static str,
    signature: &'static str,
    description: &'static str,
) -> FunctionDoc {
    FunctionDoc { name, category, signature, description, aggregating: false }
}

const fn agg(name: &'static str, signature: &'static str, description: &'static str) -> FunctionDoc {
    FunctionDoc { name, category: "Aggregating", signature, description, aggregating: true }
}

/// Every function a query can call, sorted by name.
pub const FUNCTIONS: &[FunctionDoc] = &[
    f("abs", "Numeric", "abs(input :: INTEGER | FLOAT) :: INTEGER | FLOAT", "The absolute value of a number."),
    f("acos", "Trigonometric", "acos(input :: FLOAT) :: FLOAT", "The arccosine of a number, in radians."),
    f("asin", "Trigonometric", "asin(input :: FLOAT) :: FLOAT", "The arcsine of a number, in radians."),
    f("atan", "Trigonometric", "atan(input :: FLOAT) :: FLOAT", "The arctangent of a number, in radians."),
    f(
        "atan2",
        "Trigonometric",
        "atan2(y :: FLOAT, x :: FLOAT) :: FLOAT",
        "The arctangent2 of a set of coordinates, in radians.",
    ),
    agg(
        "avg",
        "avg(input :: INTEGER | FLOAT | DURATION) :: INTEGER | FLOAT | DURATION",
        "The average of a set of numbers or durations.",
    ),
    f(
        "btrim",
        "String",
        "btrim(original :: STRING, trimCharacterString = ' ' :: STRING) :: STRING",
        "The string with the given characters (default: whitespace) removed from both ends.",
    ),
    f("ceil", "Numeric", "ceil(input :: FLOAT) :: FLOAT", "The smallest whole number not below the input."),
    f("coalesce", "Scalar", "coalesce(input :: ANY) :: ANY", "The first of its arguments that is not null."),
    agg("collect", "collect(input :: ANY) :: LIST<ANY>", "The values of a group as a list, without nulls."),
    f("cos", "Trigonometric", "cos(input :: FLOAT) :: FLOAT", "The cosine of an angle in radians."),
    agg("count", "count(input :: ANY) :: INTEGER", "The number of values or rows."),
    f(
        "date",
        "Temporal",
        "date(input = DEFAULT_TEMPORAL_ARGUMENT :: ANY) :: DATE",
        "A date, from a string, a map or the clock.",
    ),
    f(
        "date.truncate",
        "Temporal",
        "date.truncate(unit :: STRING, input :: ANY, fields :: MAP) :: DATE",
        "A date truncated to the given unit.",
    ),
    f(
        "datetime",
        "Temporal",
        "datetime(input = DEFAULT_TEMPORAL_ARGUMENT :: ANY) :: ZONED DATETIME",
        "A zoned datetime, from a string, a map or the clock.",
    ),
    f(
        "datetime.fromepoch",
        "Temporal",
        "datetime.fromepoch(seconds :: INTEGER | FLOAT, nanoseconds :: INTEGER | FLOAT) :: ZONED DATETIME",
        "A zoned datetime from seconds and nanoseconds since the epoch.",
    ),
    f(
        "datetime.fromepochmillis",
        "Temporal",
        "datetime.fromepochmillis(milliseconds :: INTEGER | FLOAT) :: ZONED DATETIME",
        "A zoned datetime from milliseconds since the epoch.",
    ),
    f(
        "datetime.truncate",
        "Temporal",
        "datetime.truncate(unit :: STRING, input :: ANY, fields :: MAP) :: ZONED DATETIME",
        "A zoned datetime truncated to the given unit.",
    ),
    f("degrees", "Trigonometric", "degrees(input :: FLOAT) :: FLOAT", "Radians converted to degrees."),
    f(
        "duration",
        "Temporal",
        "duration(input :: ANY) :: DURATION",
        "A duration, from a string or a map of its components.",
    ),
    f(
        "duration.between",
        "Temporal",
        "duration.between(from :: ANY, to :: ANY) :: DURATION",
        "The duration between two temporal values.",
    ),
    f(
        "duration.inDays",
        "Temporal",
        "duration.inDays(from :: ANY, to :: ANY) :: DURATION",
        "The duration between two temporal values, in whole days.",
    ),
    f(
        "duration.inMonths",
        "Temporal",
        "duration.inMonths(from :: ANY, to :: ANY) :: DURATION",
        "The duration between two temporal values, in whole months.",
    ),
    f(
        "duration.inSeconds",
        "Temporal",
        "duration.inSeconds(from :: ANY, to :: ANY) :: DURATION",
        "The duration between two temporal values, in seconds.",
    ),
    f("e", "Logarithmic", "e() :: FLOAT", "The base of the natural logarithm."),
    f(
        "elementId",
        "Scalar",
        "elementId(input :: NODE | RELATIONSHIP) :: STRING",
        "A node's or relationship's identifier, unique in the database.",
    ),
    f(
        "embargo.similarity",
        "String",
        "embargo.similarity(a :: STRING, b :: STRING) :: FLOAT",
        "How alike two names are, from 0 to 1, under embargo's name matching.",
    ),
    f("endNode", "Scalar", "endNode(input :: RELATIONSHIP) :: NODE", "The node a relationship ends at."),
    f("exists", "Predicate", "exists(input :: ANY) :: BOOLEAN", "Whether a property or pattern exists."),
    f("exp", "Logarithmic", "exp(input :: FLOAT) :: FLOAT", "e raised to the power of the input."),
    f("floor", "Numeric", "floor(input :: FLOAT) :: FLOAT", "The largest whole number not above the input."),
    f("head", "List", "head(list :: LIST<ANY>) :: ANY", "The first element of a list."),
    f(
        "id",
        "Scalar",
        "id(input :: NODE | RELATIONSHIP) :: INTEGER",
        "A node's or relationship's internal number (deprecated in Neo4j for elementId).",
    ),
    f(
        "keys",
        "List",
        "keys(input :: NODE | RELATIONSHIP | MAP) :: LIST<STRING>",
        "The property keys of a node, relationship or map.",
    ),
    f("labels", "List", "labels(input :: NODE) :: LIST<STRING>", "The labels of a node."),
    f("last", "List", "last(list :: LIST<ANY>) :: ANY", "The last element of a list."),
    f("left", "String", "left(original :: STRING, length :: INTEGER) :: STRING", "The first characters of a string."),
    f("length", "Scalar", "length(input :: PATH) :: INTEGER", "The number of relationships in a path."),
    f(
        "localdatetime",
        "Temporal",
        "localdatetime(input = DEFAULT_TEMPORAL_ARGUMENT :: ANY) :: LOCAL DATETIME",
        "A local datetime, from a string, a map or the clock.",
    ),
    f(
        "localdatetime.truncate",
        "Temporal",
        "localdatetime.truncate(unit :: STRING, input :: ANY, fields :: MAP) :: LOCAL DATETIME",
        "A local datetime truncated to the given unit.",
    ),
    f(
        "localtime",
        "Temporal",
        "localtime(input = DEFAULT_TEMPORAL_ARGUMENT :: ANY) :: LOCAL TIME",
        "A local time, from a string, a map or the clock.",
    ),
    f(
        "localtime.truncate",
        "Temporal",
        "localtime.truncate(unit :: STRING, input :: ANY, fields :: MAP) :: LOCAL TIME",
        "A local time truncated to the given unit.",
    ),
    f("log", "Logarithmic", "log(input :: FLOAT) :: FLOAT", "The natural logarithm of a number."),
    f("log10", "Logarithmic", "log10(input :: FLOAT) :: FLOAT", "The common logarithm (base 10) of a number."),
    f("lower", "String", "lower(input :: STRING) :: STRING", "The string in lowercase (toLower)."),
    f(
        "ltrim",
        "String",
        "ltrim(input :: STRING, trimCharacterString = ' ' :: STRING) :: STRING",
        "The string with the given characters (default: whitespace) removed from the start.",
    ),
    agg("max", "max(input :: ANY) :: ANY", "The largest value of a group."),
    agg("min", "min(input :: ANY) :: ANY", "The smallest value of a group."),
    f("nodes", "List", "nodes(input :: PATH) :: LIST<NODE>", "The nodes of a path."),
    f(
        "normalize",
        "String",
        "normalize(input :: STRING, normalForm = NFC :: [NFC, NFD, NFKC, NFKD]) :: STRING",
        "The string in a Unicode normal form.",
    ),
    agg(
        "percentileCont",
        "percentileCont(input :: FLOAT, percentile :: FLOAT) :: FLOAT",
        "The percentile of a group, interpolated.",
    ),
    agg(
        "percentileDisc",
        "percentileDisc(input :: INTEGER | FLOAT, percentile :: FLOAT) :: INTEGER | FLOAT",
        "The percentile of a group, the nearest value.",
    ),
    f("pi", "Trigonometric", "pi() :: FLOAT", "The mathematical constant pi."),
    f(
        "properties",
        "Scalar",
        "properties(input :: NODE | RELATIONSHIP | MAP) :: MAP",
        "The properties of a node or relationship as a map.",
    ),
    f("radians", "Trigonometric", "radians(input :: FLOAT) :: FLOAT", "Degrees converted to radians."),
    f("rand", "Numeric", "rand() :: FLOAT", "A random number from 0 (inclusive) to 1 (exclusive)."),
    f(
        "range",
        "List",
        "range(start :: INTEGER, end :: INTEGER, step = 1 :: INTEGER) :: LIST<INTEGER>",
        "The integers from start to end, by step.",
    ),
    f("relationships", "List", "relationships(input :: PATH) :: LIST<RELATIONSHIP>", "The relationships of a path."),
    f(
        "replace",
        "String",
        "replace(original :: STRING, search :: STRING, replace :: STRING) :: STRING",
        "The string with every occurrence of search replaced.",
    ),
    f(
        "reverse",
        "String",
        "reverse(input :: STRING | LIST<ANY>) :: STRING | LIST<ANY>",
        "A string or list in reverse order.",
    ),
    f("right", "String", "right(original :: STRING, length :: INTEGER) :: STRING", "The last characters of a string."),
    f("round", "Numeric", "round(input :: FLOAT) :: FLOAT", "A number rounded to the nearest whole number, halves up."),
    f(
        "rtrim",
        "String",
        "rtrim(input :: STRING, trimCharacterString = ' ' :: STRING) :: STRING",
        "The string with the given characters (default: whitespace) removed from the end.",
    ),
    f("sign", "Numeric", "sign(input :: INTEGER | FLOAT) :: INTEGER", "The sign of a number: -1, 0 or 1."),
    f("sin", "Trigonometric", "sin(input :: FLOAT) :: FLOAT", "The sine of an angle in radians."),
    f(
        "size",
        "Scalar",
        "size(input :: STRING | LIST<ANY> | MAP) :: INTEGER",
        "The number of characters, elements or entries.",
    ),
    f(
        "split",
        "String",
        "split(original :: STRING, splitDelimiter :: STRING) :: LIST<STRING>",
        "The parts of a string between a delimiter.",
    ),
    f("sqrt", "Logarithmic", "sqrt(input :: FLOAT) :: FLOAT", "The square root of a number."),
    f("startNode", "Scalar", "startNode(input :: RELATIONSHIP) :: NODE", "The node a relationship starts at."),
    agg("stDev", "stDev(input :: FLOAT) :: FLOAT", "The standard deviation of a sample."),
    agg("stDevP", "stDevP(input :: FLOAT) :: FLOAT", "The standard deviation of a whole population."),
    f(
        "substring",
        "String",
        "substring(original :: STRING, start :: INTEGER, length :: INTEGER) :: STRING",
        "Part of a string, from a zero-based start.",
    ),
    agg(
        "sum",
        "sum(input :: INTEGER | FLOAT | DURATION) :: INTEGER | FLOAT | DURATION",
        "The sum of a set of numbers or durations.",
    ),
    f("tail", "List", "tail(input :: LIST<ANY>) :: LIST<ANY>", "A list without its first element."),
    f("tan", "Trigonometric", "tan(input :: FLOAT) :: FLOAT", "The tangent of an angle in radians."),
    f(
        "time",
        "Temporal",
        "time(input = DEFAULT_TEMPORAL_ARGUMENT :: ANY) :: ZONED TIME",
        "A zoned time, from a string, a map or the clock.",
    ),
    f(
        "time.truncate",
        "Temporal",
        "time.truncate(unit :: STRING, input :: ANY, fields :: MAP) :: ZONED TIME",
        "A zoned time truncated to the given unit.",
    ),
    f(
        "timestamp",
        "Temporal",
        "timestamp() :: INTEGER",
        "Milliseconds since the epoch, at the start of the statement.",
    ),
    f(
        "toBoolean",
        "Scalar",
        "toBoolean(input :: STRING | INTEGER | BOOLEAN) :: BOOLEAN",
        "A value converted to a boolean, or null.",
    ),
    f(
        "toFloat",
        "Scalar",
        "toFloat(input :: STRING | INTEGER | FLOAT) :: FLOAT",
        "A value converted to a float, or null.",
    ),
    f(
        "toInteger",
        "Scalar",
        "toInteger(input :: STRING | INTEGER | FLOAT | BOOLEAN) :: INTEGER",
        "A value converted to an integer, or null.",
    ),
    f("toLower", "String", "toLower(input :: STRING) :: STRING", "The string in lowercase."),
    f("toString", "String", "toString(input :: ANY) :: STRING", "A value converted to a string."),
    f("toUpper", "String", "toUpper(input :: STRING) :: STRING", "The string in uppercase."),
    f("trim", "String", "trim(input :: STRING) :: STRING", "The string without leading and trailing whitespace."),
    f("type", "Scalar", "type(input :: RELATIONSHIP) :: STRING", "The type of a relationship."),
    f("upper", "String", "upper(input :: STRING) :: STRING", "The string in uppercase (toUpper)."),
    f("valueType", "Scalar", "valueType(input :: ANY) :: STRING", "The name of the most precise type of a value."),
];

/// One procedure as `SHOW PROCEDURES` lists it.
pub struct ProcedureDoc {
    pub name: &'static str,
    pub procedure: Procedure,
    pub signature: &'static str,
    pub description: &'static str,
}

const fn p(
    name: &'static str,
    procedure: Procedure,
    signature: &'static str,
    description: &'static str,
) -> ProcedureDoc {
    ProcedureDoc { name, procedure, signature, description }
}

/// Every procedure `CALL` can run, sorted by name.
pub const PROCEDURES: &[ProcedureDoc] = &[
    p("db.checkpoint", Procedure::Checkpoint, "db.checkpoint()", "Folds the write-ahead log into a new snapshot."),
    p(
        "db.index.fulltext.queryNodes",
        Procedure::FulltextNodes,
        "db.index.fulltext.queryNodes(indexName :: STRING, queryString :: STRING, options = {} :: MAP) :: (node :: NODE, score :: FLOAT)",
        "The nodes of a full-text index that match a Lucene query, best first.",
    ),
    p(
        "db.index.fulltext.queryRelationships",
        Procedure::FulltextRelationships,
        "db.index.fulltext.queryRelationships(indexName :: STRING, queryString :: STRING, options = {} :: MAP) :: (relationship :: RELATIONSHIP, score :: FLOAT)",
        "The relationships of a full-text index that match a Lucene query, best first.",
    ),
    p("db.labels", Procedure::Labels, "db.labels() :: (label :: STRING)", "The labels that nodes carry."),
    p(
        "db.propertyKeys",
        Procedure::PropertyKeys,
        "db.propertyKeys() :: (propertyKey :: STRING)",
        "The property keys in use or used.",
    ),
    p(
        "db.relationshipTypes",
        Procedure::RelationshipTypes,
        "db.relationshipTypes() :: (relationshipType :: STRING)",
        "The types that relationships have.",
    ),
    p(
        "db.schema.visualization",
        Procedure::SchemaVisualization,
        "db.schema.visualization() :: (nodes :: LIST<MAP>, relationships :: LIST<MAP>)",
        "One entry per label, and one per (label)-[type]->(label) connection in the graph.",
    ),
    p(
        "embargo.link",
        Procedure::Link,
        "embargo.link(options = {} :: MAP) :: (pairs :: INTEGER, added :: INTEGER, updated :: INTEGER, removed :: INTEGER, parties :: INTEGER, lists :: INTEGER)",
        "Writes SAME_AS between the listings of one party on different lists.",
    ),
    p(
        "embargo.match",
        Procedure::Match,
        "embargo.match(entity :: NODE | MAP, options = {} :: MAP) :: (candidate :: NODE, score :: FLOAT, features :: MAP)",
        "The parties most likely the same as a node or a map of facts, with why.",
    ),
    p(
        "embargo.search",
        Procedure::Search,
        "embargo.search(text :: STRING, options = {} :: MAP) :: (node :: NODE, score :: FLOAT, matched :: STRING)",
        "The nodes whose names match the text under any spelling, best first.",
    ),
    p(
        "embargo.subgraph",
        Procedure::Subgraph,
        "embargo.subgraph(start :: NODE | LIST<NODE>, config = {} :: MAP) :: (nodes :: LIST<NODE>, relationships :: LIST<RELATIONSHIP>)",
        "The neighbourhood of start nodes, in APOC's subgraphAll terms.",
    ),
];

/// The mode `SHOW PROCEDURES` gives a procedure.
pub fn mode(procedure: Procedure) -> &'static str {
    match procedure {
        Procedure::Link => "WRITE",
        Procedure::Checkpoint => "DBMS",
        _ => "READ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedures_are_listed_once_each_by_name() {
        let names: Vec<String> = PROCEDURES.iter().map(|d| d.name.to_lowercase()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted);
        assert_eq!(Procedure::lookup("DB.INDEX.FULLTEXT.QUERYNODES"), Some(Procedure::FulltextNodes));
        assert_eq!(Procedure::lookup("no.such.procedure"), None);
    }

    #[test]
    fn every_listed_function_is_callable_by_its_name() {
        for doc in FUNCTIONS {
            let args = doc.signature.matches("::").count().saturating_sub(1);
            let call = format!("RETURN {}({})", doc.name, vec!["null"; args].join(", "));
            let parsed = crate::parser::parse(&call).map(|s| s.query);
            let plan = parsed.and_then(|q| crate::analyse::analyse(&q, Default::default()));
            // Arity may differ from the signature's count of defaults, but
            // the name must be known.
            if let Err(e) = plan {
                assert!(!e.message.contains("UnknownFunction"), "{}: {}", doc.name, e.message);
            }
        }
    }
}

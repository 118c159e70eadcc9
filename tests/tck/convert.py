#!/usr/bin/env python3
"""Convert openCypher TCK Gherkin feature files into the JSON case format of
shared/tck/core-public.json (see shared/tck/README.md, "File format").

Python 3.11, standard library only.

    python3 convert.py FEATURES_DIR -o OUT.json [--only PREFIX ...] [--graphs GRAPHS_DIR]
                       [--commit SHA] [--file-commits MANIFEST.json] [--description TEXT]

FEATURES_DIR is a copy of (part of) the TCK folder `tck/features`; feature ids
and categories are the paths below it.  Each `Scenario` becomes one case; a
`Scenario Outline` becomes one case per `Examples` row (id `path#N.row`, rows
numbered 1.. across all Examples blocks of the outline); the `Background` steps
of a feature are folded into each of its scenarios.

Step mapping (the steps the TCK uses):

    Given an empty graph / Given any graph       -> graph "empty" / "any"
    Given the <name> graph                       -> graph "named", named_graph <name>;
                                                    with --graphs DIR holding
                                                    <name>/<name>.cypher the script
                                                    becomes the first setup statement,
                                                    otherwise skip = "named graph <name>
                                                    not available"
    And having executed: (doc string)            -> setup (in order)
    And parameters are: (table name | value)     -> parameters {name: value-as-written}
    And there exists a procedure SIG: (table)    -> kept in the case's skip-free form;
                                                    see PROCEDURES below
    When executing query: (doc string)           -> query
    When executing control query: (doc string)   -> control.query
    Then the result should be, in any order:     -> expect rows, ordered false
    Then the result should be, in order:         -> expect rows, ordered true
    ... (ignoring element order for lists):      -> ignore_list_order true
    Then the result should be empty              -> expect {"kind": "empty"}
    Then a T should be raised at P: D            -> expect {"kind": "error", type T, phase P, detail D}
    And the side effects should be: (table)      -> side_effects {key: count}
    And no side effects                          -> side_effects {}

A `Then` after `When executing control query:` is the control query's
expectation.  Tag @ignore sets skip "marked @ignore upstream".  Doc strings
keep their text (indentation of the opening delimiter removed); table cells are
the raw text, trimmed (only the Gherkin cell-separator escape `\\|` is undone).

PROCEDURES: the format has no field for the TCK's test procedures
(`And there exists a procedure ...`).  Such cases are emitted unchanged (the
engine is expected to fail them unless it provides the procedure); with
--procedures OUT.json their definitions are written to a side file
{case id: [{"signature": ..., "columns": [...], "rows": [[...]]}]}.

The module also offers the hooks that run.py's --from-snapshot uses:
read_ids(path), resolve_commit(gitdir, rev), load_cases(gitdir=..., rev=...).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import OrderedDict

REPOSITORY = "https://github.com/opencypher/openCypher"
FEATURES_PATH = "tck/features"

STEP_KEYWORDS = ("Given ", "When ", "Then ", "And ", "But ", "* ")

RE_RESULT = re.compile(r"^the result should be(?:,? in (?P<order>any order|order))?"
                       r"(?:,? ?\((?P<ignore>ignoring element order for lists)\))?\s*:$")
RE_ERROR = re.compile(r"^an? (?P<type>\w+) should be raised at (?P<phase>[\w ]+?)\s*:\s*(?P<detail>\S.*?)\s*$")
RE_NAMED_GRAPH = re.compile(r"^the (?P<name>[\w.-]+) graph$")
RE_PROCEDURE = re.compile(r"^there exists a procedure (?P<sig>.+?):?$")
RE_NUMBER = re.compile(r"^\[(\d+)\]")


class FeatureSyntaxError(ValueError):
    pass


# --------------------------------------------------------------------------
# Gherkin parsing (the subset the TCK uses)
# --------------------------------------------------------------------------

def split_row(line: str):
    """Cells of a table row `| a | b |` (raw text, trimmed; `\\|` -> `|`)."""
    s = line.strip()
    if s == "|":          # an empty table (the TCK writes one for procedures with no columns)
        return []
    if not (s.startswith("|") and s.endswith("|")) or len(s) < 2:
        raise FeatureSyntaxError("bad table row: %r" % line)
    cells, cur, j = [], [], 0
    body = s[1:]
    while j < len(body):
        ch = body[j]
        if ch == "\\" and j + 1 < len(body) and body[j + 1] == "|":
            cur.append("|")
            j += 2
            continue
        if ch == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        j += 1
    return cells


class Step:
    __slots__ = ("keyword", "text", "line", "doc", "table")

    def __init__(self, keyword, text, line):
        self.keyword, self.text, self.line = keyword, text, line
        self.doc = None      # str
        self.table = None    # list of (line, cells)


class Scenario:
    def __init__(self, kind, title, line, tags, position):
        self.kind, self.title, self.line, self.tags, self.position = kind, title, line, tags, position
        self.steps = []
        self.examples = []   # list of (tags, header cells, [(line, cells), ...])


def parse_feature(text: str):
    """Return (feature name, feature tags, background steps, [Scenario])."""
    lines = text.splitlines()
    feature_name, feature_tags = None, []
    background = []
    scenarios = []
    pending_tags = []
    current_steps = None       # list receiving steps (background or scenario)
    current_scenario = None
    current_examples = None    # [tags, header, rows]
    last_step = None
    i = 0
    n = len(lines)
    while i < n:
        raw = lines[i]
        s = raw.strip()
        lineno = i + 1
        if not s or s.startswith("#"):
            i += 1
            continue
        if s.startswith("@"):
            pending_tags += [t for t in s.split() if t.startswith("@")]
            i += 1
            continue
        if s.startswith('"""') or s.startswith("```"):
            delim = s[:3]
            if last_step is None:
                raise FeatureSyntaxError("doc string without a step at line %d" % lineno)
            indent = len(raw) - len(raw.lstrip())
            body = []
            i += 1
            while i < n and lines[i].strip() != delim:
                ln = lines[i]
                # remove up to `indent` leading whitespace characters
                k = 0
                while k < indent and k < len(ln) and ln[k] in " \t":
                    k += 1
                body.append(ln[k:].replace("\\" + delim[0] * 3, delim))
                i += 1
            if i >= n:
                raise FeatureSyntaxError("unterminated doc string from line %d" % lineno)
            last_step.doc = "\n".join(body)
            i += 1
            continue
        if s.startswith("|"):
            cells = split_row(s)
            if current_examples is not None and last_step is None:
                if current_examples[1] is None:
                    current_examples[1] = cells
                else:
                    current_examples[2].append((lineno, cells))
            elif last_step is not None:
                if last_step.table is None:
                    last_step.table = []
                last_step.table.append((lineno, cells))
            else:
                raise FeatureSyntaxError("table without a step at line %d" % lineno)
            i += 1
            continue
        m = re.match(r"^(Feature|Background|Scenario Outline|Scenario Template|Scenario|Example|Examples|Scenarios)\s*:\s*(.*)$", s)
        if m:
            kw, title = m.group(1), m.group(2).strip()
            if kw == "Feature":
                feature_name, feature_tags = title, pending_tags
                current_steps = None
            elif kw == "Background":
                current_steps = background
                current_scenario = None
            elif kw in ("Scenario", "Example", "Scenario Outline", "Scenario Template"):
                kind = "outline" if kw in ("Scenario Outline", "Scenario Template") else "scenario"
                current_scenario = Scenario(kind, title, lineno, pending_tags, len(scenarios) + 1)
                scenarios.append(current_scenario)
                current_steps = current_scenario.steps
            else:  # Examples / Scenarios
                if current_scenario is None:
                    raise FeatureSyntaxError("Examples outside a scenario at line %d" % lineno)
                current_examples = [pending_tags, None, []]
                current_scenario.examples.append(current_examples)
                current_steps = None
                last_step = None
                pending_tags = []
                i += 1
                continue
            pending_tags = []
            current_examples = None
            last_step = None
            i += 1
            continue
        kwm = next((k for k in STEP_KEYWORDS if s.startswith(k)), None)
        if kwm is not None and current_steps is not None:
            last_step = Step(kwm.strip(), s[len(kwm):].strip(), lineno)
            current_steps.append(last_step)
            i += 1
            continue
        # free text (feature/scenario description) is ignored
        i += 1
    return feature_name, feature_tags, background, scenarios


# --------------------------------------------------------------------------
# Building cases
# --------------------------------------------------------------------------

def substitute(text, values):
    if text is None or not values:
        return text
    return re.sub(r"<([^<>\n]+)>", lambda m: values.get(m.group(1), m.group(0)), text)


def table_expect(step, values, ordered, ignore):
    rows = [[substitute(c, values) for c in cells] for _, cells in (step.table or [])]
    if not rows:
        raise FeatureSyntaxError("result table without header at line %d" % step.line)
    return OrderedDict([("kind", "rows"), ("ordered", ordered), ("ignore_list_order", ignore),
                        ("columns", rows[0]), ("rows", rows[1:])])


def build_case(rel, feature_name, feature_tags, background, sc, example=None, graphs_dir=None):
    values = example["values"] if example else None
    tags = list(feature_tags) + list(sc.tags) + (list(example.get("tags", [])) if example else [])
    title = substitute(sc.title, values)
    num = RE_NUMBER.match(title)
    sid = "%s#%d" % (rel, sc.position)
    cid = sid if example is None else "%s.%d" % (sid, example["index"])
    case = OrderedDict([
        ("id", cid), ("scenario_id", sid), ("feature", rel), ("feature_name", feature_name),
        ("category", "/".join(rel.split("/")[:2]) if rel.count("/") >= 2 else rel.split("/")[0]),
        ("scenario", title), ("scenario_number", int(num.group(1)) if num else None),
        ("example", None if example is None else OrderedDict([("index", example["index"]),
                                                                ("values", example["values"])])),
        ("line", example["line"] if example else sc.line),
        ("tags", tags), ("graph", None), ("named_graph", None), ("setup", []),
        ("parameters", None), ("query", None), ("expect", None), ("side_effects", None),
        ("control", None), ("skip", None),
    ])
    procedures = []
    problems = []
    in_control = False
    control = None
    for st in list(background) + list(sc.steps):
        t = substitute(st.text, values)
        doc = substitute(st.doc, values)
        if t == "an empty graph":
            case["graph"] = "empty"
        elif t == "any graph":
            case["graph"] = "any"
        elif RE_NAMED_GRAPH.match(t):
            name = RE_NAMED_GRAPH.match(t).group("name")
            case["graph"], case["named_graph"] = "named", name
            script = None
            if graphs_dir:
                p = os.path.join(graphs_dir, name, name + ".cypher")
                if os.path.exists(p):
                    with open(p, encoding="utf-8") as fh:
                        script = fh.read().strip("\n")
            if script is not None:
                case["setup"].insert(0, script)
            else:
                problems.append("named graph %s not available" % name)
        elif t in ("having executed:", "having executed"):
            if doc is None:
                problems.append("having executed without doc string")
            else:
                case["setup"].append(doc)
        elif t in ("parameters are:", "parameters are"):
            params = case["parameters"] or OrderedDict()
            for _, cells in st.table or []:
                if len(cells) != 2:
                    raise FeatureSyntaxError("parameter row needs 2 cells at line %d" % st.line)
                params[substitute(cells[0], values)] = substitute(cells[1], values)
            case["parameters"] = params
        elif RE_PROCEDURE.match(t):
            tbl = [[substitute(c, values) for c in cells] for _, cells in (st.table or [])]
            procedures.append(OrderedDict([("signature", RE_PROCEDURE.match(t).group("sig").strip()),
                                           ("columns", tbl[0] if tbl else []),
                                           ("rows", tbl[1:])]))
        elif t in ("executing query:", "executing query"):
            case["query"] = doc
            in_control = False
        elif t in ("executing control query:", "executing control query"):
            control = OrderedDict([("query", doc), ("expect", None)])
            in_control = True
        elif t.startswith("the result should be"):
            if t == "the result should be empty":
                exp = OrderedDict([("kind", "empty")])
            else:
                m = RE_RESULT.match(t)
                if not m:
                    problems.append("unsupported step: %s %s" % (st.keyword, t))
                    continue
                exp = table_expect(st, values, m.group("order") == "order", bool(m.group("ignore")))
            if in_control:
                control["expect"] = exp
            else:
                case["expect"] = exp
        elif RE_ERROR.match(t):
            m = RE_ERROR.match(t)
            case["expect"] = OrderedDict([("kind", "error"), ("type", m.group("type")),
                                          ("phase", m.group("phase")), ("detail", m.group("detail"))])
        elif t in ("the side effects should be:", "the side effects should be"):
            se = OrderedDict()
            for _, cells in st.table or []:
                if len(cells) != 2:
                    raise FeatureSyntaxError("side effect row needs 2 cells at line %d" % st.line)
                se[cells[0]] = int(cells[1])
            case["side_effects"] = se
        elif t == "no side effects":
            case["side_effects"] = OrderedDict()
        else:
            problems.append("unsupported step: %s %s" % (st.keyword, t))
    if control is not None:
        case["control"] = control
    if case["graph"] is None:
        case["graph"] = "any"
    if case["query"] is None:
        problems.append("no query")
    if case["expect"] is None:
        problems.append("no expectation")
        case["expect"] = OrderedDict([("kind", "empty")])
    if control is not None and control["expect"] is None:
        problems.append("control query without expectation")
    if "@ignore" in tags:
        case["skip"] = "marked @ignore upstream"
    elif problems:
        case["skip"] = "; ".join(problems)
    return case, procedures


def convert_text(text, rel, graphs_dir=None):
    """Cases of one feature file (rel = path below tck/features)."""
    feature_name, feature_tags, background, scenarios = parse_feature(text)
    if feature_name is None:
        raise FeatureSyntaxError("%s: no Feature:" % rel)
    cases, procs = [], {}
    for sc in scenarios:
        if sc.kind == "outline":
            idx = 0
            for ex_tags, header, rows in sc.examples:
                if header is None:
                    continue
                for line, cells in rows:
                    idx += 1
                    if len(cells) != len(header):
                        raise FeatureSyntaxError("%s:%d: example row has %d cells for %d columns"
                                                 % (rel, line, len(cells), len(header)))
                    ex = {"index": idx, "line": line, "tags": ex_tags,
                          "values": OrderedDict(zip(header, cells))}
                    c, p = build_case(rel, feature_name, feature_tags, background, sc, ex, graphs_dir)
                    cases.append(c)
                    if p:
                        procs[c["id"]] = p
        else:
            c, p = build_case(rel, feature_name, feature_tags, background, sc, None, graphs_dir)
            cases.append(c)
            if p:
                procs[c["id"]] = p
    return cases, procs


def natural_key(path):
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", path)]


def convert_dir(features_dir, only=None, graphs_dir=None):
    rels = []
    for root, _, files in os.walk(features_dir):
        for f in files:
            if f.endswith(".feature"):
                rel = os.path.relpath(os.path.join(root, f), features_dir).replace(os.sep, "/")
                if not only or any(rel.startswith(o.rstrip("/") + "/") or rel == o for o in only):
                    rels.append(rel)
    rels.sort(key=natural_key)
    cases, procs = [], {}
    for rel in rels:
        with open(os.path.join(features_dir, rel), encoding="utf-8") as fh:
            c, p = convert_text(fh.read(), rel, graphs_dir)
        cases += c
        procs.update(p)
    return rels, cases, procs


# --------------------------------------------------------------------------
# Hooks for run.py --from-snapshot (git checkout of opencypher/openCypher)
# --------------------------------------------------------------------------

def read_ids(path):
    """ids file: one id a line; `# key: value` comment lines give metadata (e.g. commit)."""
    ids, meta = [], {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            s = line.strip()
            if not s:
                continue
            if s.startswith("#"):
                m = re.match(r"#\s*([\w-]+)\s*:\s*(\S+)", s)
                if m:
                    meta[m.group(1)] = m.group(2)
                continue
            ids.append(s)
    return ids, meta


def _git(gitdir, *args):
    return subprocess.run(["git", "-C", gitdir] + list(args), check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout


def resolve_commit(gitdir, rev):
    try:
        return _git(gitdir, "rev-parse", "--verify", rev + "^{commit}").decode().strip()
    except (subprocess.CalledProcessError, OSError) as exc:
        raise RuntimeError("cannot resolve %s in %s: %s" % (rev, gitdir, exc))


def load_cases(gitdir, rev="HEAD", graphs=True):
    commit = resolve_commit(gitdir, rev)
    names = _git(gitdir, "ls-tree", "-r", "--name-only", commit, FEATURES_PATH).decode().splitlines()
    cases = []
    import tempfile
    with tempfile.TemporaryDirectory() as gd:
        if graphs:
            for g in _git(gitdir, "ls-tree", "-r", "--name-only", commit, "tck/graphs").decode().splitlines():
                if g.endswith(".cypher"):
                    dst = os.path.join(gd, os.path.relpath(g, "tck/graphs"))
                    os.makedirs(os.path.dirname(dst), exist_ok=True)
                    with open(dst, "wb") as fh:
                        fh.write(_git(gitdir, "show", "%s:%s" % (commit, g)))
        rels = sorted((n[len(FEATURES_PATH) + 1:] for n in names if n.endswith(".feature")), key=natural_key)
        for rel in rels:
            text = _git(gitdir, "show", "%s:%s/%s" % (commit, FEATURES_PATH, rel)).decode("utf-8")
            cases += convert_text(text, rel, gd if graphs else None)[0]
    return commit, cases


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("features_dir", help="folder holding (part of) tck/features")
    ap.add_argument("-o", "--out", required=True, help="output JSON file")
    ap.add_argument("--only", action="append", help="feature path prefix to include (repeatable)")
    ap.add_argument("--graphs", help="folder holding tck/graphs (<name>/<name>.cypher)")
    ap.add_argument("--commit", default="", help="upstream commit of the feature files")
    ap.add_argument("--file-commits", help="JSON {feature path: commit} when files come from several commits")
    ap.add_argument("--requested-commit", help="commit that was asked for (recorded when it differs)")
    ap.add_argument("--procedures", help="write test-procedure definitions to this JSON file")
    ap.add_argument("--description", default="openCypher TCK scenarios converted from Gherkin")
    args = ap.parse_args(argv)

    rels, cases, procs = convert_dir(args.features_dir, args.only, args.graphs)
    file_commits = {}
    if args.file_commits:
        with open(args.file_commits, encoding="utf-8") as fh:
            raw = json.load(fh)
        file_commits = {k: (v["commit"] if isinstance(v, dict) else v) for k, v in raw.items()}
    commits = sorted(set(file_commits.get(r, args.commit) for r in rels) - {""})
    source = OrderedDict([
        ("name", "openCypher Technology Compatibility Kit (TCK)"),
        ("repository", REPOSITORY), ("path", FEATURES_PATH),
        ("commit", args.commit or (commits[0] if len(commits) == 1 else "")),
        ("license", "Apache-2.0"),
    ])
    if len(commits) > 1 or (commits and args.commit and commits != [args.commit]):
        source["commits"] = commits
    if args.requested_commit:
        source["requested_commit"] = args.requested_commit
    source["files"] = OrderedDict((r, file_commits.get(r, args.commit)) for r in rels)
    doc = OrderedDict([("source", source), ("description", args.description),
                       ("count", len(cases)), ("cases", cases)])
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    if args.procedures:
        with open(args.procedures, "w", encoding="utf-8") as fh:
            json.dump(procs, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    skipped = sum(1 for c in cases if c["skip"])
    print("%d feature files, %d cases (%d with skip set) -> %s" % (len(rels), len(cases), skipped, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

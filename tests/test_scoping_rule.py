"""Every query over tenant data goes through app/workflows/scoping.py.

A tenant table is one with an `org_id`, `author_org_id` or `case_id` column, or a foreign key to a tenant
table (custody events hang off evidence, deliveries off endpoints, ...); the list is derived from the
models, so a new model is covered without editing this test. The scan reads every module under `app/`
with `ast` and fails naming `file:line` for each place outside the scoping module that queries one:
`select(Model…)`, `.select_from/.join/.outerjoin/.with_only_columns(Model…)` on a statement that does
not start from `scoping.…`, `session.get(Model, …)`, `session.query(Model)`, `update(Model)`,
`delete(Model)`, `Model.__table__`, and raw SQL naming a tenant table. (Inserting rows is not a query:
`db.add(...)` of a new row is judged by the workflow that owns it.)

Queries that legitimately run without a principal (jobs, sign-in, fan-out) are `unscoped_*` functions
in scoping.py, each with a docstring saying why; `test_unscoped_statements_say_why` checks that.
"""

from __future__ import annotations

import ast
import inspect
import re
from dataclasses import dataclass
from pathlib import Path

import app.models  # noqa: F401  (registers every model with the metadata)
from app.db import Base
from app.workflows import scoping

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
SCOPING = "app/workflows/scoping.py"
TENANT_COLUMNS = {"org_id", "author_org_id", "case_id"}

# TEMPORARY. Modules being rewritten while this check landed (issue 12: packaging into
# app/workflows/packaging/); they still query tenant tables directly. Each entry goes once its module
# reads through scoping. `test_allow_list_is_not_stale` fails when an entry no longer matches anything,
# so none can linger.
TEMPORARY_MODULES = {
    "app/workflows/packaging": "packaging rewrite: reads via scoping.packages(p), evidence(p), ...",
}
# TEMPORARY. Single functions in modules outside this change's files; each names the scoping statement
# it should call instead.
TEMPORARY_FUNCTIONS: dict[tuple[str, str], str] = {
    ("app/workflows/demo.py", "seed"): "scoping.unscoped_cases()",
    ("app/demo_api.py", "seed_through_api"): "scoping.unscoped_cases()",
    # Its caller (app/api/v1/packages.py) does not pass the principal yet.
    ("app/workflows/submissions.py", "timeline"): "scoping.submission_events(p)",
}


def tenant_models() -> dict[str, str]:
    """Model class name → table name, for every tenant table."""
    tables = {m.local_table.name: m for m in Base.registry.mappers}
    tenant = {n for n, m in tables.items() if TENANT_COLUMNS & set(m.local_table.columns.keys())}
    grown = True
    while grown:
        grown = False
        for name, mapper in tables.items():
            if name not in tenant and any(
                fk.column.table.name in tenant for fk in mapper.local_table.foreign_keys
            ):
                tenant.add(name)
                grown = True
    return {tables[n].class_.__name__: n for n in tenant}


TENANT = tenant_models()
STATEMENTS = {"select", "update", "delete", "exists"}
# Methods that bring a table into a statement, and methods that only filter or order it.
CHAIN = {"select_from", "join", "outerjoin", "join_from", "with_only_columns", "add_columns"}
FILTERS = {"where", "filter", "having", "order_by", "group_by"}


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    function: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} ({self.function}): {self.what}"


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.models: dict[str, str] = {}  # local name → model class name
        self.model_modules: set[str] = set()  # local names bound to app.models modules
        self.sqlalchemy: set[str] = set()  # local names bound to the sqlalchemy package
        self.statements: set[str] = set()  # local names of select/update/delete/exists
        self.text: set[str] = set()  # local names of sqlalchemy.text
        self.stack: list[str] = []
        self.unscoped_vars: list[set[str]] = [set()]  # per function: names holding a bare select(...)
        self.hits: list[Hit] = []

    # ---- imports --------------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for a in node.names:
            if a.name.startswith("app.models") and a.asname:
                self.model_modules.add(a.asname)
            if a.name in ("sqlalchemy", "sqlalchemy.sql"):
                self.sqlalchemy.add(a.asname or a.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        mod = node.module or ""
        for a in node.names:
            local = a.asname or a.name
            if (mod, a.name) == ("app", "models") or (mod == "app.models" and a.name.islower()):
                self.model_modules.add(local)  # `from app import models`, `from app.models import cases`
            elif mod.startswith("app.models") and a.name in TENANT:
                self.models[local] = a.name
            elif mod.startswith("sqlalchemy") and a.name in STATEMENTS:
                self.statements.add(local)
            elif mod.startswith("sqlalchemy") and a.name == "text":
                self.text.add(local)

    # ---- what an expression is ------------------------------------------------------------------------
    def _model(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name) and node.id in self.models:
            return self.models[node.id]
        if (
            isinstance(node, ast.Attribute)
            and node.attr in TENANT
            and isinstance(node.value, ast.Name)
            and node.value.id in self.model_modules
        ):
            return node.attr
        return None

    def _sqla(self, func: ast.expr, names: set[str], attrs: set[str]) -> str | None:
        if isinstance(func, ast.Name) and func.id in names:
            return func.id
        if (
            isinstance(func, ast.Attribute)
            and func.attr in attrs
            and isinstance(func.value, ast.Name)
            and func.value.id in self.sqlalchemy
        ):
            return func.attr
        return None

    def _statement(self, node: ast.AST) -> str | None:
        return self._sqla(node.func, self.statements, STATEMENTS) if isinstance(node, ast.Call) else None

    @staticmethod
    def _scoping_call(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "scoping"
        )

    def _models_in(self, nodes: list[ast.expr]) -> list[str]:
        """Tenant models an expression names, not counting sub-statements (they are judged on their own)."""
        found: list[str] = []
        todo: list[ast.AST] = list(nodes)
        while todo:
            n = todo.pop()
            if self._statement(n) or (isinstance(n, ast.Call) and self._root(n) == "scoped"):
                continue
            m = self._model(n)
            if m and m not in found:
                found.append(m)
            todo.extend(ast.iter_child_nodes(n))
        return found

    def _root(self, node: ast.expr) -> str:
        """Where a method chain starts: "scoped" (scoping.x(...)), "bare" (select(...), or a variable
        holding one, built without scoping) or "unknown" (a parameter or a helper's result: judged where
        it was built)."""
        while True:
            if self._scoping_call(node):
                return "scoped"
            if self._statement(node):
                return "bare"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                node = node.func.value
            elif isinstance(node, ast.Name):
                return "bare" if node.id in self.unscoped_vars[-1] else "unknown"
            else:
                return "unknown"

    # ---- where ----------------------------------------------------------------------------------------
    def _scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.stack.append(node.name)
        self.unscoped_vars.append(set())
        self.generic_visit(node)
        self.unscoped_vars.pop()
        self.stack.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scope

    def visit_Assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        bare = node.value is not None and self._root(node.value) == "bare"
        for t in targets:
            if isinstance(t, ast.Name):
                (self.unscoped_vars[-1].add if bare else self.unscoped_vars[-1].discard)(t.id)
        self.generic_visit(node)

    visit_AnnAssign = visit_Assign

    def _hit(self, node: ast.AST, what: str) -> None:
        self.hits.append(Hit(self.path, getattr(node, "lineno", 0), ".".join(self.stack) or "<module>", what))

    # ---- queries --------------------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        f = node.func
        stmt = self._statement(node)
        if stmt:
            models = self._models_in(list(node.args))
            if models:
                self._hit(node, f"{stmt}({', '.join(models)})")
        elif isinstance(f, ast.Attribute) and f.attr in ("get", "query") and node.args:
            m = self._model(node.args[0])
            if m:
                self._hit(node, f".{f.attr}({m}, …)")
        elif isinstance(f, ast.Attribute) and f.attr in CHAIN | FILTERS:
            models = self._models_in([*node.args, *(k.value for k in node.keywords)])
            root = self._root(f.value)
            # A chain that starts from select(Model) is reported there; a filter only matters when it pulls
            # a tenant table into a statement that did not start with one.
            flagged = root == "bare" and (f.attr in CHAIN or not self._bare_has_tenant(f.value))
            if models and flagged:
                self._hit(node, f".{f.attr}({', '.join(models)})")
        elif self._sqla(f, self.text, {"text"}) and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                for table in TENANT.values():
                    if re.search(rf"\b{table}\b", arg.value):
                        self._hit(node, f"raw SQL on {table}")
        self.generic_visit(node)

    def _bare_has_tenant(self, node: ast.expr) -> bool:
        while isinstance(node, ast.Call):
            if self._statement(node):
                return bool(self._models_in(list(node.args)))
            if not isinstance(node.func, ast.Attribute):
                return False
            if node.func.attr in CHAIN and self._models_in(list(node.args)):
                return True
            node = node.func.value
        return True  # a variable: its statement was judged where it was built

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "__table__" and self._model(node.value):
            self._hit(node, f"{self._model(node.value)}.__table__")
        self.generic_visit(node)


def scan(path: Path, source: str | None = None) -> list[Hit]:
    rel = path.relative_to(ROOT).as_posix()
    s = _Scanner(rel)
    s.visit(ast.parse(source if source is not None else path.read_text(encoding="utf-8"), filename=rel))
    return s.hits


def all_hits() -> list[Hit]:
    return [
        h for p in sorted(APP.rglob("*.py")) if p.relative_to(ROOT).as_posix() != SCOPING for h in scan(p)
    ]


def _allowed_by_module(h: Hit, module: str) -> bool:
    """`app/x` covers app/x.py and the package app/x/ it may become."""
    stem = module.removesuffix(".py")
    return h.path in (module, stem + ".py") or h.path.startswith(stem + "/")


def _allowed(h: Hit) -> bool:
    if any(_allowed_by_module(h, m) for m in TEMPORARY_MODULES):
        return True
    return any(h.path == path and h.function == fn for path, fn in TEMPORARY_FUNCTIONS)


def test_tenant_tables_are_derived_from_the_models() -> None:
    # The derivation must keep finding at least these; a rename that drops one would hide its queries.
    expected = {
        "CaseFile",
        "CaseRevision",
        "Evidence",
        "CustodyEvent",
        "Upload",
        "Package",
        "Submission",
        "SubmissionEvent",
        "Comment",
        "Decision",
        "Assignment",
        "ConflictOfInterest",
        "ReviewMark",
        "Notification",
        "WebhookEndpoint",
        "WebhookDelivery",
        "WebhookAttempt",
        "ApiToken",
        "Membership",
        "Invitation",
        "AuditEvent",
    }
    assert expected <= set(TENANT), sorted(expected - set(TENANT))
    assert not {"User", "Organization", "AuthSession", "NotificationPrefs"} & set(TENANT)


def test_the_scanner_sees_each_kind_of_query() -> None:
    src = (
        "from sqlalchemy import select, update, delete\n"
        "from sqlalchemy import text as t\n"
        "from app.models.cases import CaseFile\n"
        "from app.models import review as r\n"
        "from app.models.identity import User\n"
        "def f(db, p):\n"
        "    select(CaseFile)\n"  # 7
        "    select(User).join(CaseFile, CaseFile.created_by == User.id)\n"  # 8
        "    db.get(CaseFile, 'x')\n"  # 9
        "    update(r.Comment)\n"  # 10
        "    delete(CaseFile)\n"  # 11
        "    db.query(CaseFile)\n"  # 12
        "    select(User.id).where(User.id.in_(select(CaseFile.created_by)))\n"  # 13
        "    db.execute(t('select id from case_files'))\n"  # 14
        "    scoping.cases(p).join(r.Comment)\n"  # fine: starts from a scoped statement
        "    select(User)\n"  # fine: not a tenant table
        "    select(User).where(User.id == r.Comment.author_id)\n"  # 17
        "    q = select(User)\n"
        "    q = q.join(r.Decision)\n"  # 19
        "    select(CaseFile.id).where(CaseFile.id == 'x')\n"  # 20 (once)
        "    User.id.in_(scoping.comments(p).with_only_columns(r.Comment.author_id))\n"  # fine
        "    select(func.count()).select_from(scoping.comments(p).where(r.Comment.x == 1).subquery())\n"
    )
    lines = sorted(h.line for h in scan(APP / "probe.py", src))
    assert lines == [7, 8, 9, 10, 11, 12, 13, 14, 17, 19, 20], lines


def test_tenant_queries_go_through_scoping() -> None:
    bad = [h for h in all_hits() if not _allowed(h)]
    assert not bad, (
        "Tenant tables queried outside app/workflows/scoping.py (add a readable statement there, or an "
        "`unscoped_…` one saying why no principal applies):\n" + "\n".join(map(str, bad))
    )


def test_allow_list_is_not_stale() -> None:
    hits = all_hits()
    stale = [m for m in TEMPORARY_MODULES if not any(_allowed_by_module(h, m) for h in hits)]
    stale += [
        f"{p}:{fn}" for p, fn in TEMPORARY_FUNCTIONS if not any((h.path, h.function) == (p, fn) for h in hits)
    ]
    assert not stale, f"These now read through scoping: remove them from the allow-list: {stale}"


def test_unscoped_statements_say_why() -> None:
    """Every principal-free statement is named `unscoped_…` and documents its reason; every other public
    statement takes the principal it scopes to."""
    for name, fn in inspect.getmembers(scoping, inspect.isfunction):
        if fn.__module__ != scoping.__name__ or name.startswith("_"):
            continue
        params = inspect.signature(fn).parameters
        if name.startswith("unscoped_"):
            doc = inspect.getdoc(fn) or ""
            assert len(doc) > 30, f"scoping.{name} must say why it needs no principal"
        else:
            # A readable statement takes its principal; `delete_rows`/`update_rows` take a statement
            # built by one.
            annotations = [str(p.annotation) for p in params.values()]
            assert any("Principal" in a or a.startswith("Select") for a in annotations), (
                f"scoping.{name} takes no Principal: name it unscoped_{name} and say why"
            )

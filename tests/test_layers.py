"""The import layers of the project, read from the source with ``ast`` (nothing is imported).

Apps stand in one order — core → charter → accounts → decisions → crisis → (forces, response,
monitoring) → web — and an app imports only the apps before it, so that each new app is one folder
that depends on what exists and nothing depends on it. No domain app imports ``accounts`` (who may
see what is asked through ``core.access``). Pure rules and the shared vocabularies import no Django,
so they run and are tested without it. And no module takes part in an import cycle: every import
counts, also one inside a function (a cycle hidden in a function is still a cycle, only a later one).
Imports under ``if TYPE_CHECKING:`` are annotations, never run, and are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "accord"

# Each app's rank: an app may import only apps of a lower rank (and itself).
APP_RANKS = {
    "core": 0,
    "charter": 1,
    "accounts": 2,
    "decisions": 3,
    "crisis": 4,
    "forces": 5,
    "response": 5,
    "monitoring": 5,
    "web": 6,
}
# The project's own modules beside the apps: ``config`` is read by the settings before any app
# (core may read it); the others put the apps together and stand above all of them.
FOUNDATION = {"config"}
ASSEMBLY_RANK = 7
DOMAIN_APPS = {"charter", "decisions", "crisis", "forces", "response", "monitoring"}
PURE_MODULES = {
    "accord.core.labels",
    "accord.core.answers",
}  # the vocabularies, and reasons with their sentences


@dataclass(frozen=True)
class Import:
    """One import of one module by another, where it is written."""

    importer: str
    imported: str
    line: int

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported}"


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {module_name(path): path for path in sorted((SOURCE / PACKAGE).rglob("*.py"))}


MODULES = project_modules()


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth (functions too), except those only for type checking."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def resolve_from(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute name a ``from … import`` reads from (relative imports made absolute)."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: str, path: Path) -> Iterator[Import]:
    """What a module imports: each name resolved to the module it is (``from accord.charter import
    rules`` is ``accord.charter.rules``), or else to the module it comes from."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in import_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
            continue
        source = resolve_from(module, node, is_package)
        for alias in node.names:
            candidate = f"{source}.{alias.name}"
            yield Import(module, candidate if candidate in MODULES else source, node.lineno)


ALL_IMPORTS = [found for module, path in MODULES.items() for found in imports_of(module, path)]
OWN_IMPORTS = [found for found in ALL_IMPORTS if found.imported.split(".")[0] == PACKAGE]


def app_of(module: str) -> str:
    """The app (or project-level module) a module belongs to: ``accord.crisis.api`` → ``crisis``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def rank_of(module: str) -> int:
    app = app_of(module)
    if app in FOUNDATION:
        return -1
    return APP_RANKS.get(app, ASSEMBLY_RANK)


def upward_imports() -> list[str]:
    return [
        str(found)
        for found in OWN_IMPORTS
        if app_of(found.imported) != app_of(found.importer)
        and rank_of(found.imported) > rank_of(found.importer)
    ]


def is_pure(module: str) -> bool:
    parts = module.split(".")
    return module in PURE_MODULES or "rules" in parts[2:]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (or a module importing itself), by
    Tarjan's algorithm, each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (a package's ``__init__`` counts as the package)."""
    edges: dict[str, set[str]] = {module: set() for module in MODULES}
    for found in OWN_IMPORTS:
        if found.imported in MODULES and found.imported != found.importer:
            edges[found.importer].add(found.imported)
    return edges


def test_every_module_is_found():
    assert "accord.core.labels" in MODULES and "accord.charter.rules" in MODULES
    assert len(MODULES) > 50


def test_no_app_imports_an_app_after_it():
    assert upward_imports() == []


def test_core_imports_only_core():
    outside = [
        str(found)
        for found in OWN_IMPORTS
        if app_of(found.importer) == "core" and app_of(found.imported) not in {"core", *FOUNDATION}
    ]
    assert outside == []


def test_no_domain_app_imports_accounts():
    assert [
        str(found)
        for found in OWN_IMPORTS
        if app_of(found.importer) in DOMAIN_APPS and app_of(found.imported) == "accounts"
    ] == []


def test_pure_rules_and_vocabularies_import_no_django():
    pure = [module for module in MODULES if is_pure(module)]
    assert {"accord.core.labels", "accord.charter.rules.statuses", "accord.accounts.rules"} <= set(pure)
    djangos = [
        str(found)
        for found in ALL_IMPORTS
        if is_pure(found.importer) and found.imported.split(".")[0] in {"django", "ninja"}
    ]
    assert djangos == []


def test_pure_rules_import_only_pure_modules_of_the_project():
    """A rule stays pure only if what it imports is pure too (labels, answers, other rules)."""
    impure = [str(found) for found in OWN_IMPORTS if is_pure(found.importer) and not is_pure(found.imported)]
    assert impure == []


def test_no_import_cycle():
    assert cycles(import_graph()) == []


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"a"}}, [["a"]]),
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
    ],
)
def test_the_cycle_search_finds_cycles(edges, expected):
    assert sorted(cycles(edges)) == expected


def test_an_import_inside_a_function_counts_and_a_type_checking_one_does_not():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import accord.web.views\n"
        "def later():\n    from accord.crisis import models\n"
    )
    assert sorted(node.lineno for node in import_nodes(tree)) == [1, 5]

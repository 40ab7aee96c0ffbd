"""The package's shape: stages import one way, no import cycles, no domain words in the core."""
from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "tzqa"
API = PKG / "api"  # the top-level api/ is a link to it


def _modules() -> dict[str, Path]:
    out = {}
    for root, prefix in ((PKG, "tzqa"),):
        for f in root.rglob("*.py"):
            parts = list(f.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([prefix, *parts])] = f
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every tzqa module ``name`` imports, at module level or inside functions (TYPE_CHECKING excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            for alias in node.names:
                cand = f"{mod}.{alias.name}"
                out.add(cand if cand in known else mod)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m in known and m != name}


def test_no_import_cycles():
    mods = _modules()
    graph = {n: _imports(n, p, set(mods)) for n, p in mods.items()}
    # Package __init__ files that re-export lazily are entry points, not edges of the flow.
    lazy = {"tzqa", "tzqa.index", "tzqa.search", "tzqa.cli"}
    graph = {n: {m for m in deps if m not in lazy} for n, deps in graph.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(n: str, stack: list[str]) -> None:
        state[n] = 1
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                cycles.append(stack[stack.index(m):] + [m] if m in stack else [n, m])
            elif m not in state:
                visit(m, [*stack, m])
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_stages_import_one_way():
    """ingest never imports index/search/cli/api; index never imports search/cli/api; search never cli/api."""
    mods = _modules()
    later = {"tzqa.ingest": ("tzqa.index", "tzqa.search", "tzqa.evaluation", "tzqa.cli", "tzqa.api"),
             "tzqa.index": ("tzqa.search", "tzqa.evaluation", "tzqa.cli", "tzqa.api"),
             "tzqa.search": ("tzqa.evaluation", "tzqa.cli", "tzqa.api")}
    wrong = []
    for n, p in mods.items():
        for stage, banned in later.items():
            if n == stage or n.startswith(stage + "."):
                wrong += [f"{n} -> {m}" for m in _imports(n, p, set(mods)) if m.startswith(banned)]
    assert wrong == []


def test_api_is_installed_as_tzqa_api_not_as_a_top_level_api(tmp_path):
    """Outside the checkout, ``import api`` finds nothing of ours; ``tzqa.api`` is the app from api/."""
    import subprocess
    import sys

    code = ("import importlib.util, pathlib, tzqa.api.main as m; print(importlib.util.find_spec('api'));"
            "print(pathlib.Path(m.__file__).resolve().parent)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"})
    assert out.returncode == 0, out.stderr
    spec, folder = out.stdout.split("\n")[:2]
    assert spec == "None" and Path(folder) == API.resolve()
    assert (Path(__file__).resolve().parents[1] / "api").resolve() == API.resolve()  # the layout's api/ link


DOMAIN_WORDS = ("her2", "her-2", "erbb", "trastuzumab", "herceptin", "pertuzumab", "lapatinib", "breast",
                "deruxtecan", "destiny", "frontiers", "wang et al", "pik3ca")


def test_the_core_has_no_domain_words():
    """Everything about this subject lives in the domain pack (src/tzqa/packs/<name>/), read as data."""
    found = []
    for f in PKG.rglob("*.py"):
        if "packs" in f.parts or "bench" in f.parts:  # benchmarks ask the subject's own questions
            continue
        text = f.read_text(encoding="utf-8").lower()
        found += [f"{f.relative_to(PKG)}: {w}" for w in DOMAIN_WORDS if w in text]
    assert found == []


def test_another_pack_changes_what_the_core_reads(tmp_path, monkeypatch):
    """A pack is data: point TZQA_PACK at a copy with another review stem and the core follows it."""
    import json
    import shutil

    from tzqa.domain import pack
    from tzqa.ingest.corpus import review_path

    copy = tmp_path / "pack"
    shutil.copytree(pack.pack_dir(), copy)
    data = json.loads((copy / "review.json").read_text())
    data["file_stem"] = "another-review"
    (copy / "review.json").write_text(json.dumps(data))
    (tmp_path / "another-review.txt").write_text("x", encoding="utf-8")
    monkeypatch.setenv("TZQA_PACK", str(copy))
    assert review_path(tmp_path).name == "another-review.txt"


def test_every_error_tzqa_raises_on_purpose_is_a_tzqa_error():
    """One base to catch: every exception class defined in the package derives from TzqaError."""
    import importlib
    import inspect

    from tzqa.errors import TzqaError

    defined = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any(
                    ast.unparse(b).endswith(("Error", "Exception", "LookupError", "NotFound", "Timeout",
                                             "Unavailable")) or ast.unparse(b).endswith("Error_")
                    for b in node.bases):
                defined.append((name, node.name))
    assert len(defined) >= 15
    for module, cls_name in defined:
        cls = getattr(importlib.import_module(module), cls_name)
        if inspect.isclass(cls) and issubclass(cls, BaseException):
            assert issubclass(cls, TzqaError), f"{module}.{cls_name}"


def test_the_package_has_a_version():
    import tzqa

    assert tzqa.__version__ and tzqa.__version__[0].isdigit()


# Modules that may name the primary document's id as a literal: the pack's reader (its default, when a pack
# names none). Public defaults (``doc="review"`` parameters, pydantic field defaults) are values, not
# comparisons, and are not checked here.
ID_LITERAL_ALLOWED = {"domain/pack.py"}


def _compares_an_id_to_review(node: ast.AST) -> bool:
    """``x == "review"``, ``x != "review"``, ``x in ("review", …)`` where x is not a kind, or ``x or "review"``."""
    def is_review(n: ast.AST) -> bool:
        return (isinstance(n, ast.Constant) and n.value == "review") or (
            isinstance(n, (ast.Tuple, ast.List, ast.Set)) and any(is_review(e) for e in n.elts))

    if isinstance(node, ast.Compare):
        sides = [node.left, *node.comparators]
        if any(is_review(s) for s in sides):
            others = [ast.unparse(s) for s in sides if not is_review(s)]
            return not all("kind" in o for o in others)  # a kind ("review" | "paper"), not a document id
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return any(is_review(v) for v in node.values)
    return False


def test_no_module_special_cases_the_review_by_id():
    """The first document is a document like any other: code asks the catalogue or the pack
    (``primary_document()``, ``Catalogue.primary``), never compares ids with "review"."""
    found = []
    for f in PKG.rglob("*.py"):
        rel = f.relative_to(PKG).as_posix()
        if "packs" in f.parts or rel in ID_LITERAL_ALLOWED:
            continue
        tree = ast.parse(f.read_text(encoding="utf-8"))
        found += [f"{rel}:{n.lineno}: {ast.unparse(n)}" for n in ast.walk(tree) if _compares_an_id_to_review(n)]
        found += [f"{rel}:{n.lineno}: REVIEW_ID" for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "REVIEW_ID"]
    assert found == []


def test_the_id_check_sees_a_comparison():
    hit = [_compares_an_id_to_review(n) for n in ast.walk(ast.parse(
        'a = doc == "review"\nb = p.source_kind != "review"\nc = d or "review"\nd = x in ("review", "y")'))]
    assert hit.count(True) == 3

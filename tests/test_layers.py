"""The architecture, derived from the code's own imports: layers, one direction, one error hierarchy.

model <- engine <- profiling <- reporting <- practice <- cli, with errors.py below them all;
the labs use model, reporting and solutions only; the practice loop (watch, mock, history
commands) glues the layers below it, as the CLI does; problems/ and solutions/ see only the
model (and errors). A wrong arrow fails here, not in a review.
"""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import judge

ROOT = Path(judge.__file__).resolve().parent.parent
LAYERS = {"judge.errors": 0, "judge.model": 1, "judge.engine": 2, "judge.profiling": 3, "judge.reporting": 4,
          "judge.labs": 5, "judge.practice": 5, "judge.cli": 6, "judge.__main__": 7, "judge": 0}
#: The labs sit beside profiling and the engine, not above them: they run kernels, not submissions.
LABS_MAY_NOT = ("judge.engine", "judge.profiling", "judge.practice", "judge.cli")
TOP_LEVEL = {"__init__.py", "__main__.py", "cli.py", "errors.py"}


def _layer(module: str) -> str:
    parts = module.split(".")
    for length in (2, 1):
        name = ".".join(parts[:length])
        if name in LAYERS:
            return name
    raise AssertionError(f"{module} is in no layer; place it in a sub-package")


def _imports(path: Path, package: str) -> set[str]:
    """Every judge module the file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "judge"}
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module if node.level == 0 else importlib.util.resolve_name("." * node.level + node.module,
                                                                                     package)
            if module == "judge":  # from judge import x: x is a module of the package
                found |= {f"judge.{alias.name}" for alias in node.names if alias.name != "__version__"}
            elif module.split(".")[0] == "judge":
                found.add(module)
    return found


def _modules(folder: str) -> list[tuple[str, Path]]:
    base = ROOT / folder
    return [(".".join(path.relative_to(ROOT).with_suffix("").parts), path) for path in sorted(base.rglob("*.py"))]


@pytest.mark.parametrize("module, path", _modules("judge"), ids=lambda x: x if isinstance(x, str) else "")
def test_imports_run_one_way(module, path):
    mine = _layer(module)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for imported in _imports(path, package):
        theirs = _layer(imported)
        assert LAYERS[theirs] <= LAYERS[mine], f"{module} ({mine}) imports {imported} ({theirs}): a layer above it"
        if mine == "judge.labs":
            assert not imported.startswith(LABS_MAY_NOT), f"{module} imports {imported}: labs use model and reporting"


#: Within the labs: compression and deployment build on serving, never on each other.
ROOM_MAY_USE = {"serving": {"serving"}, "compression": {"serving", "compression"},
                "deployment": {"serving", "deployment"}}


@pytest.mark.parametrize("module, path", _modules("judge/labs"), ids=lambda x: x if isinstance(x, str) else "")
def test_each_lab_room_uses_serving_and_itself_only(module, path):
    parts = module.split(".")
    if len(parts) < 4:  # judge.labs itself and its commands module, which registers every room
        return
    room = parts[2]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for imported in _imports(path, package):
        theirs = imported.split(".")
        if theirs[:2] == ["judge", "labs"] and len(theirs) > 2 and theirs[2] in ROOM_MAY_USE:
            assert theirs[2] in ROOM_MAY_USE[room], f"{module} ({room}) imports {imported}"


@pytest.mark.parametrize("folder", ["problems", "solutions"])
def test_problems_and_solutions_see_only_the_model(folder):
    for module, path in _modules(folder):
        for imported in _imports(path, module):
            assert imported == "judge.errors" or imported.startswith("judge.model"), f"{module} imports {imported}"


def test_only_the_entry_points_stay_at_the_top_of_judge():
    top = {p.name for p in (ROOT / "judge").glob("*.py")}
    assert top == TOP_LEVEL, f"move {sorted(top - TOP_LEVEL)} into a sub-package"


def test_every_error_class_lives_in_errors_py_under_kit_error():
    from judge import errors

    for info in pkgutil.walk_packages(judge.__path__, "judge."):
        if info.name == "judge.__main__":
            continue  # importing it runs the CLI
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if not (inspect.isclass(value) and issubclass(value, BaseException)) or value.__module__ != info.name:
                continue
            if info.name == "judge.errors":
                assert issubclass(value, errors.KitError), f"{name} is not a KitError"
                fits = [b for b in value.__mro__ if b.__module__ == "builtins" and b not in (Exception, BaseException,
                                                                                            object)]
                assert fits or value is errors.KitError, f"{name} subclasses no builtin that fits"
            else:
                # A private signal that never leaves its module (a timer's interrupt) is no error.
                assert name.startswith("_"), f"{info.name}.{name}: define error classes in judge/errors.py"

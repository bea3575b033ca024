"""The file ``judge new`` (and ``judge mock``) writes: the entry's signature, raising NotImplementedError.

The judge recognises a starter that still raises and says "not implemented yet" rather
than reporting a crash (see ``judge.engine.run``).
"""

from __future__ import annotations

from judge.model.problem import Problem


def _design_starter(problem: Problem) -> str:
    entry = problem.entry
    lines = [
        f'"""{problem.title}.\n\nRead the spec with: judge show {problem.slug}\n'
        f'Judge this file with: judge run {problem.slug} <this file>\n"""\n\n',
        f"class {entry.cls}:",
    ]
    methods = entry.methods or (("__init__", ()),)
    for name, args in methods:
        signature = ", ".join(("self",) + tuple(args))
        body = "        pass" if name == "__init__" else "        raise NotImplementedError"
        lines += [f"    def {name}({signature}):", body, ""]
    return "\n".join(lines).rstrip() + "\n"


def starter_source(problem: Problem) -> str:
    if problem.is_design:
        return _design_starter(problem)
    params = ", ".join(f"{p}" for p in problem.entry.params)
    source = f" (LeetCode {problem.leetcode})" if problem.leetcode else ""
    second = ""
    if problem.entry.then:  # judged as a pair: the second function gets what the first returned
        name, args = problem.entry.then
        second = f"\n\ndef {name}({', '.join(args)}):\n    raise NotImplementedError\n"
    return (
        f'"""{problem.title}{source}.\n\n'
        f"Read the spec with: judge show {problem.slug}\n"
        f"Judge this file with: judge run {problem.slug} <this file>\n\n"
        f"Constraints: {problem.constraints}\n"
        'You may instead write LeetCode\'s class Solution with the method '
        f'{problem.entry.method}(self, {params}).\n"""\n\n\n'
        f"def {problem.entry.functions[0]}({params}) -> {problem.returns}:\n"
        "    raise NotImplementedError\n" + second
    )

"""Keep the front door honest: the committed output/ is what the shipped list builds to, the README names every
command and the commands it promises."""

from __future__ import annotations

import re

import pytest

from graphbuild.cli import make_parser
from graphbuild.jobs import OUTPUT_FILES, build

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", OUTPUT_FILES)
def test_committed_output_is_up_to_date(name, tmp_path, request):
    out = tmp_path / "output"
    if not (out / name).exists():
        build(ROOT / "papers.yaml", out, cache_dir=tmp_path / "cache")
    committed = ROOT / "output" / name
    assert committed.exists(), f"output/{name} is not committed"
    assert committed.read_bytes() == (out / name).read_bytes(), (
        f"output/{name} is stale: run `graphbuild build --offline --cache-dir /tmp/empty-cache` and commit output/")


def test_every_command_has_help_and_is_in_the_readme():
    parser = make_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert sub.description and "Example:" in (sub.epilog or ""), name
        assert f"graphbuild {name}" in README, f"README.md does not show `graphbuild {name}`"


def test_readme_quick_start_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert "pip install -e . && graphbuild build --offline\n" in blocks
    assert 'pip install -e ".[test]" && python3 -m pytest\n' in blocks
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install -e ".[test]" && python3 -m pytest' in ci  # CI runs the README's test command
    assert "pip install -e . && graphbuild build --offline" in ci  # and its main command, in a fresh clone


EXAMPLES = re.findall(r"```\n\$ graphbuild ((?:rank|lineage|mainpath|flows|stats|audit|similar)[^\n]*)\n(.*?)```",
                      README, re.S)


def test_readme_examples_are_real_output(tmp_path, capsys):
    import shlex

    from graphbuild.cli import main

    assert len(EXAMPLES) == 7
    for command, shown in EXAMPLES:
        argv = shlex.split(command) + ["--catalog", str(ROOT / "papers.yaml"), "--cache-dir", str(tmp_path)]
        assert main(argv) == 0
        assert capsys.readouterr().out.rstrip() == shown.rstrip(), f"README example `graphbuild {command}` is stale"


def test_every_option_a_help_text_names_is_an_option_of_that_command():
    """The help tells the truth about the code: an option a command's description, examples or option help names
    is one that command takes (a renamed or dropped option would leave the help pointing at nothing)."""
    parser = make_parser()
    for name, sub in parser._subparsers._group_actions[0].choices.items():
        own = {o for action in sub._actions for o in action.option_strings}
        texts = [sub.description or "", sub.epilog or "", *(action.help or "" for action in sub._actions)]
        named = {o for text in texts for o in re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", text)}
        assert named <= own, f"graphbuild {name}'s help names {sorted(named - own)}, which it does not take"


def test_every_command_line_in_the_readme_parses():
    import shlex

    parser = make_parser()
    lines = [line.strip().removeprefix("$ ") for block in re.findall(r"```(?:sh|console)?\n(.*?)```", README, re.S)
             for line in block.splitlines()]
    commands = [line.split("#")[0].split("|")[0].split(">")[0].strip() for line in lines
                if line.startswith("graphbuild ")]
    assert len(commands) >= 30
    for command in commands:
        parser.parse_args(shlex.split(command)[1:])  # exits (2) on an unknown command or option

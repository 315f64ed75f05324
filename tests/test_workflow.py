"""The GitHub Actions workflow shipped for a list's own repository: valid YAML, the triggers, permissions and
steps the README documents, and every graphbuild command in it one the parser accepts (and the suite runs)."""

from __future__ import annotations

import shlex

import yaml

from graphbuild.cli import make_parser

from helpers import ROOT

WORKFLOW = ROOT / "examples" / "github-workflow.yml"


def graphbuild_commands(workflow: dict) -> list[list[str]]:
    commands = []
    for step in workflow["jobs"]["graph"]["steps"]:
        for line in step.get("run", "").splitlines():
            line = line.strip()
            if line.startswith("graphbuild "):
                commands.append(shlex.split(line.split(">")[0]))
    return commands


def test_the_workflow_is_valid_and_does_what_the_readme_says():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on:` as true
    assert "push" in triggers and triggers["schedule"][0]["cron"].endswith("* * 1")  # every push and weekly
    assert workflow["permissions"] == {"contents": "write", "issues": "write", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["graph"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert uses[-3:] == ["actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert "actions/cache" in uses and steps[-2]["with"]["path"] == "output"  # Pages gets output/ (no cache in it)
    env = workflow["jobs"]["graph"]["env"]
    assert env["S2_API_KEY"] == "${{ secrets.S2_API_KEY }}"  # the key from the repository's secrets, in env only
    assert env["OPENALEX_API_KEY"] == "${{ secrets.OPENALEX_API_KEY }}"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "gh issue edit" in text and "gh issue create" in text and "--label graphbuild-watch" in text
    assert "git commit" in text and "docs/lineage.svg" in text


def test_every_graphbuild_command_in_the_workflow_parses():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    commands = graphbuild_commands(workflow)
    names = [c[1] for c in commands]
    assert names == ["import", "import", "build", "export", "watch"]
    parser = make_parser()
    for argv in commands:
        args = parser.parse_args(argv[1:])  # raises (exit 2) on an unknown option
        assert callable(args.run)
    assert ["graphbuild", "watch", "--format", "markdown", "--cache-dir", ".graphbuild-cache"] in commands

